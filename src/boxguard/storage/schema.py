"""Tables, declared once; migrations create them."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
)

metadata = MetaData()

tokens = Table(
    "bg_tokens",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("kind", String(40), nullable=False),
    # keyed HMAC of the compact value: equality lookups without storing the value in clear
    Column("value_mac", String(64), nullable=False),
    # AES-256-GCM of the value, associated data = kind + token
    Column("value_ct", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("kind", "value_mac", name="uq_bg_tokens_kind_mac"),
)
