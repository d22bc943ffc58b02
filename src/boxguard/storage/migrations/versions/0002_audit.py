"""Audit log: events with their Merkle leaf hashes, and a signed tree head per append.

Revision ID: 0002_audit
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_audit"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bg_audit_events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("time_us", sa.BigInteger, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("record", sa.Text),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text),
        sa.Column("reference", sa.Text),
        sa.Column("rule", sa.Text),
        sa.Column("client", sa.Text),
        sa.Column("leaf_hash", sa.LargeBinary, nullable=False),
        sa.Column("node", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_bg_audit_events_actor", "bg_audit_events", ["actor"])
    op.create_index("ix_bg_audit_events_record", "bg_audit_events", ["record"])
    op.create_table(
        "bg_audit_heads",
        sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root_hash", sa.LargeBinary, nullable=False),
        sa.Column("timestamp_us", sa.BigInteger, nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("previous", sa.LargeBinary, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bg_audit_heads")
    op.drop_index("ix_bg_audit_events_record", "bg_audit_events")
    op.drop_index("ix_bg_audit_events_actor", "bg_audit_events")
    op.drop_table("bg_audit_events")
