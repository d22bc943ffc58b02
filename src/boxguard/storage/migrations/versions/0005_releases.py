"""Releases of `boxguard release` / `trace`: recipients, releases, released records.

Revision ID: 0005_releases
Revises: 0004_api_tokens
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_releases"
down_revision = "0004_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bg_trace_recipients",
        sa.Column("recipient_id", sa.String(128), primary_key=True),
        sa.Column("code_index", sa.Integer, nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "bg_releases",
        sa.Column("release_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recipient_id", sa.String(128), nullable=False, index=True),
        sa.Column("dataset", sa.String(64), nullable=False, index=True),
        sa.Column("schema_json", sa.Text, nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("cutoff", sa.Float, nullable=False),
        sa.Column("canaries", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "bg_release_records",
        sa.Column("dataset", sa.String(64), primary_key=True),
        sa.Column("tag", sa.String(16), primary_key=True),
        sa.Column("baseline_json", sa.Text, nullable=False),
        sa.Column("canary_owner", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("bg_release_records")
    op.drop_table("bg_releases")
    op.drop_table("bg_trace_recipients")
