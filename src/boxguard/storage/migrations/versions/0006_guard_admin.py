"""Guard administration: API tokens can be revoked (their row keeps when).

Revision ID: 0006_guard_admin
Revises: 0005_releases
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_guard_admin"
down_revision = "0005_releases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "bg_api_tokens", sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("bg_api_tokens") as batch:
        batch.drop_column("revoked_at")
