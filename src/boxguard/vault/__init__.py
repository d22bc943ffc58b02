"""CORE: the vault — people's fields encrypted at rest, revealed only by rule and audited.

Envelope encryption (a data key per person, wrapped by the keyset's KEK),
blind indexes for exact-match search, masked views by role, reveals that
fail closed when the audit log cannot record them, crypto-shredding, key
rotation, a person's own access report, and four-eyes exports. Storage, the
audit log, the clock and the keyset are ports; this package opens no file or
database and imports no adapter.
"""

from boxguard.vault.importer import ImportResult, classify_and_import
from boxguard.vault.masking import Masking
from boxguard.vault.memory import MemoryVaultStore
from boxguard.vault.service import (
    PersonField,
    ReportLine,
    Vault,
    fields_from_mapping,
    index_tag,
    reveals_in_last_hour,
)
from boxguard.vault.store import (
    ExportApproval,
    IndexEntry,
    StoredField,
    StoredRecord,
    VaultStore,
)

__all__ = [
    "ExportApproval",
    "ImportResult",
    "IndexEntry",
    "Masking",
    "MemoryVaultStore",
    "PersonField",
    "ReportLine",
    "StoredField",
    "StoredRecord",
    "Vault",
    "VaultStore",
    "classify_and_import",
    "fields_from_mapping",
    "index_tag",
    "reveals_in_last_hour",
]
