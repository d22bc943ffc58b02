"""CORE: the audit trail. Events never hold a personal value.

An event says who did what to which record, for which purpose, and how it
ended; the record is a keyed pseudonymous id. The log that stores events is
a port (:class:`AuditLog`): appends are sequenced, and a failed append is an
error the caller must not swallow (a reveal whose event was not written
returns nothing).
"""

from boxguard.audit.events import AuditEvent, AuditLog, Outcome, RecordedEvent

__all__ = ["AuditEvent", "AuditLog", "Outcome", "RecordedEvent"]
