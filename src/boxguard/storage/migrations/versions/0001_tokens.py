"""Token table for the tokenize operator.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bg_tokens",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("value_mac", sa.String(64), nullable=False),
        sa.Column("value_ct", sa.LargeBinary, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.UniqueConstraint("kind", "value_mac", name="uq_bg_tokens_kind_mac"),
    )


def downgrade() -> None:
    op.drop_table("bg_tokens")
