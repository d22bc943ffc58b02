"""The access version: one counter, bumped with every change of users, grants, roles or
purposes, so a server keeps them cached and re-reads them only after a change.

Revision ID: 0008_access_version
Revises: 0007_roles
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_access_version"
down_revision = "0007_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "bg_access_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "n": 0}])


def downgrade() -> None:
    op.drop_table("bg_access_version")
