"""Roles and purposes at run time: their names, descriptions and a role's limits.

``boxguard roles add`` / ``purposes add`` (and ``users import``) write here; the
effective access rules are the rules file's merged with these, a stored role's
definition winning over the file's of the same name (docs/vault.md).

Revision ID: 0007_roles
Revises: 0006_guard_admin
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_roles"
down_revision = "0006_guard_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bg_purposes",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("description", sa.String(200), nullable=False),
    )
    op.create_table(
        "bg_roles",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("description", sa.String(200), nullable=False),
        # limits: all three NULL = none; working hours as written, HH:MM-HH:MM
        sa.Column("reveals_per_hour", sa.Integer, nullable=True),
        sa.Column("working_hours", sa.String(11), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.CheckConstraint(
            "reveals_per_hour IS NULL OR reveals_per_hour >= 0", name="ck_bg_roles_reveals"
        ),
    )


def downgrade() -> None:
    op.drop_table("bg_roles")
    op.drop_table("bg_purposes")
