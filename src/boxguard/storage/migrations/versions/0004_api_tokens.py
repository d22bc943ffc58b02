"""API tokens of `boxguard serve`: one row per token, holding its SHA-256 only.

Revision ID: 0004_api_tokens
Revises: 0003_vault
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_api_tokens"
down_revision = "0003_vault"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bg_api_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bg_api_tokens")
