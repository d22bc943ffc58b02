"""The vault: records, wrapped data keys, encrypted fields, blind indexes, and the
run-time access state (users, grants, consent, export approvals).

No column holds a personal value in clear (see boxguard.storage.vault).

Revision ID: 0003_vault
Revises: 0002_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_vault"
down_revision = "0002_audit"
branch_labels = None
depends_on = None

_RECORD_FK = "bg_vault_records.vault_id"


def upgrade() -> None:
    op.create_table(
        "bg_vault_records",
        sa.Column("vault_id", sa.String(40), primary_key=True),
        sa.Column("pseudonym", sa.String(40), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shredded_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "bg_vault_keys",
        sa.Column(
            "vault_id",
            sa.String(40),
            sa.ForeignKey(_RECORD_FK, ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kek_id", sa.String(64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "bg_vault_fields",
        sa.Column(
            "vault_id",
            sa.String(40),
            sa.ForeignKey(_RECORD_FK, ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=True),
        sa.Column("indexed", sa.Boolean, nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "bg_vault_index",
        sa.Column(
            "vault_id",
            sa.String(40),
            sa.ForeignKey(_RECORD_FK, ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("field_name", sa.String(200), primary_key=True),
        sa.Column("tag", sa.String(240), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("mac", sa.LargeBinary(32), nullable=False),
    )
    op.create_index("ix_bg_vault_index_tag_mac", "bg_vault_index", ["tag", "mac"])
    op.create_table(
        "bg_users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "bg_grants",
        sa.Column("role", sa.String(64), primary_key=True),
        sa.Column("action", sa.String(20), primary_key=True),
        sa.Column("field", sa.String(200), primary_key=True),
        sa.Column("purpose", sa.String(64), primary_key=True),
    )
    op.create_table(
        "bg_consent",
        sa.Column(
            "vault_id",
            sa.String(40),
            sa.ForeignKey(_RECORD_FK, ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("purpose", sa.String(64), primary_key=True),
    )
    op.create_table(
        "bg_export_approvals",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("requester", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("records", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approver", sa.String(64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "bg_export_approvals",
        "bg_consent",
        "bg_grants",
        "bg_users",
        "bg_vault_index",
        "bg_vault_fields",
        "bg_vault_keys",
        "bg_vault_records",
    ):
        op.drop_table(table)
