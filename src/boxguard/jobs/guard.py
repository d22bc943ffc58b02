"""JOB: the guard verbs — the vault, its access rules and the audit log behind one door.

:func:`open_guard` is the one place that opens them, in an order that writes nothing
when something is missing: the keyset (``BOXGUARD_KEYSET`` or ``./boxguard.keys``,
never a flag), the access rules (``--rules`` > ``BOXGUARD_RULES`` / ``[guard] rules`` >
the shipped ``data/guard-rules.yaml``), then the database (``--db`` > ``BOXGUARD_DB``
> ``sqlite:///boxguard.db``), brought to the newest schema; a database whose audit
log this keyset did not sign is refused before anything is appended. The masking of
``show`` is the ``privacy-waybill`` desensitization policy unless told otherwise.

The functions below are the use cases of ``boxguard vault|users|roles|purposes|grant|
consent|reveal|audit`` and of the HTTP API: they take an open :class:`Guard` and return plain
results. They never print, never exit, and never return a value a rule did not allow;
a denial is :class:`~boxguard.errors.AccessDenied` naming the rule (and the audit
event that recorded it), a typo (unknown user, role, purpose or field) an
:class:`~boxguard.errors.InputError` raised before anything is written.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from boxguard.access import (
    AccessRules,
    Decision,
    Grant,
    Purpose,
    Role,
    User,
    check_description,
    check_line,
    hours_spec,
    load_rules,
    make_role,
)
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.audit.export import read_heads, verify_export
from boxguard.audit.heads import SignedTreeHead
from boxguard.audit.verify import VerifyResult
from boxguard.clock import Clock, SystemClock
from boxguard.crypto.keys import Keyset
from boxguard.crypto.provider import KeysetProvider
from boxguard.crypto.signing import VerifyKey
from boxguard.dburl import database_exists, shown_url
from boxguard.detect.table import shown_name
from boxguard.errors import (
    AccessDenied,
    ConfigError,
    CryptoError,
    InputError,
    IntegrityError,
    NotFound,
)
from boxguard.io.atomic import atomic_text
from boxguard.io.keys import load_keyset
from boxguard.io.policies import read_policy
from boxguard.io.rows import read_rows
from boxguard.jobs import Notify, Wiring, quiet
from boxguard.settings import DEFAULT_RETENTION_DAYS, retention_days
from boxguard.transform.base import Context
from boxguard.vault import ImportResult, Masking, ReportLine, Vault, classify_and_import

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from boxguard.settings import Settings
    from boxguard.storage.audit import SqlAuditLog
    from boxguard.storage.vault import SqlVaultStore

#: The desensitization policy ``show`` masks with unless told otherwise.
DEFAULT_POLICY = "privacy-waybill"
#: The shipped access rules (roles of the shipped policies).
DEFAULT_RULES = "guard-rules.yaml"
#: Names of the files ``audit export`` writes into its folder.
EXPORT_FILE = "audit.jsonl"
PUBLIC_KEY_FILE = "audit-public-key.pem"

T = TypeVar("T")


class GuardWiring(Wiring, Protocol):
    """The composition root as the guard needs it: the settings too."""

    def current(self) -> Settings: ...


@dataclass(frozen=True)
class GuardOptions:
    """Where the guard's database and rules are, and how ``show`` masks."""

    db: str | None = None
    rules: Path | None = None
    policy: str = DEFAULT_POLICY
    #: tests fix the time here (there is no flag or variable for it)
    clock: Clock | None = None
    #: the verb reads what was recorded (audit verify, log, export, trace): a SQLite file
    #: that is not there is an error, not a new empty database
    existing: bool = False


class _Recorder:
    """The audit log, remembering (per thread) the last event this process appended,
    so a reveal can say which event recorded it."""

    def __init__(self, log: SqlAuditLog) -> None:
        self.log = log
        self._local = threading.local()

    @property
    def last(self) -> RecordedEvent | None:
        last: RecordedEvent | None = getattr(self._local, "last", None)
        return last

    def forget(self) -> None:
        self._local.last = None

    def append(self, event: AuditEvent) -> RecordedEvent:
        rec = self.log.append(event)
        self._local.last = rec
        return rec

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]:
        return self.log.events(start, stop, actor=actor, record=record)

    def events_since(self, actor: str, since: datetime) -> list[RecordedEvent]:
        return self.log.events_since(actor, since)


#: Threads that run requests in one ``serve`` process. Few: a request is mostly CPU under
#: the GIL (about 1 ms) around three short database waits, so four threads keep one core
#: busy, where sixteen took turns at the GIL (PostgreSQL, 10 clients: p99 16-17 ms against
#: 20-23 ms, and 810-870 against 720-780 reveals/s; docs/api.md).
SERVE_THREADS = 4
#: At most as many threads as a process's database pool holds connections
#: (``storage.db.POOL``), so that no request waits for one.
MAX_SERVE_THREADS = 16


@dataclass
class Guard:
    """An open guard: the vault over its SQL store and audit log, and the rules."""

    vault: Vault
    audit: SqlAuditLog
    store: SqlVaultStore
    rules: AccessRules
    keyset: Keyset
    engine: Engine
    wiring: Wiring
    recorder: _Recorder = field(repr=False)
    vault_clock: Clock = field(default_factory=SystemClock)
    tokens: object = None
    #: days audit events are kept (``audit prune`` erases older ones; verify accepts them)
    retention_days: int = DEFAULT_RETENTION_DAYS
    #: the engine for short reads (:func:`boxguard.storage.db.reader`); ``engine`` if None
    reader: Engine | None = None
    #: API token hash → (access version, user), kept while the version stands still
    #: (:func:`boxguard.jobs.tokens.user_of`; revoking a token moves the version)
    token_users: dict[str, tuple[int, str]] = field(default_factory=dict, repr=False)

    def same_access(self) -> AbstractContextManager[None]:
        """A block whose reads see one access version (users, grants, roles, purposes,
        tokens), read once: what one request decides on (holds no connection)."""
        return self.store.same_access()

    @property
    def reads(self) -> Engine:
        """The engine short reads go through."""
        return self.reader or self.engine

    def pruned_before(self) -> datetime:
        """Events older than this may have been pruned (now minus the retention)."""
        return self.vault_clock.now() - timedelta(days=self.retention_days)

    def close(self) -> None:
        """Close the database (and the token table's, when it has its own engine)."""
        if self.reader is not None and self.reader is not self.engine:
            self.reader.dispose()
        self.engine.dispose()
        close = getattr(self.tokens, "close", None)
        if callable(close):
            close()

    # -- checks before anything is written -------------------------------------------
    def shown(self, name: str) -> str:
        """``name`` as an error shows it: ``…`` for what may be a personal value typed in
        the wrong place (``shown_name`` with the scanner)."""
        return shown_name(name, self.wiring.scanner(use_model=False).scan)

    def user(self, name: str) -> User:
        """The user ``name`` (rules file or store); InputError if there is none."""
        users = {u.name: u for u in self.rules.users}
        users.update({u.name: u for u in self.store.users()})
        found = users.get(name)
        if found is None:
            raise InputError(f"unknown user {self.shown(name)}: add it with `users add`")
        return found

    def access(self) -> AccessRules:
        """The effective rules: the rules file's merged with the database's roles and
        purposes (a stored role's definition wins), read now."""
        return self.vault.rules()

    def purpose(self, purpose: str) -> str:
        if purpose in self.rules.purposes:  # the file's: declared, whatever the database says
            return purpose
        declared = self.access().purposes
        if purpose not in declared:
            known = ", ".join(sorted(declared))
            raise InputError(f"unknown purpose {self.shown(purpose)} (declared: {known})")
        return purpose

    def role(self, role: str) -> str:
        if role in self.rules.roles:
            return role
        declared = self.access().roles
        if role not in declared:
            known = ", ".join(sorted(declared))
            raise InputError(f"unknown role {self.shown(role)} (declared: {known})")
        return role


def rules_text(path: Path | None) -> tuple[str, str]:
    """(text, source) of the rules file ``path``, or of the shipped default rules."""
    if path is None:
        ref = resources.files("boxguard.data").joinpath(DEFAULT_RULES)
        return ref.read_text(encoding="utf-8"), f"shipped {DEFAULT_RULES}"
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except OSError as err:
        raise ConfigError(f"cannot read the rules file {path}: {err.strerror}") from None


def open_guard(opts: GuardOptions, wiring: GuardWiring) -> Guard:
    """Open keyset, rules and database (see the module docstring) and build the vault."""
    from boxguard.storage import connect, migrate
    from boxguard.storage.audit import SqlAuditLog
    from boxguard.storage.db import create_private, prefer_wal, reader
    from boxguard.storage.vault import SqlVaultStore

    settings = wiring.current()
    keyset = load_keyset(settings.keys, required=True)
    assert keyset is not None
    text, source = rules_text(opts.rules or settings.rules)
    rules = load_rules(text, source=source)
    policy = read_policy(opts.policy)
    url = opts.db or settings.db_url
    if opts.existing and not database_exists(url):
        raise InputError(
            f"no database at {shown_url(url)}: nothing was recorded here (--db or "
            "BOXGUARD_DB names the one in use)"
        )
    engine = connect(url)
    create_private(engine)
    reads = reader(engine)
    try:
        migrate(engine)
        prefer_wal(engine)
        clock = opts.clock or SystemClock()
        provider = KeysetProvider(keyset)  # the vault and the log see keys through the port
        audit = SqlAuditLog(engine, provider, clock=clock)
        _same_keyset(audit, reading=opts.existing)
        store = SqlVaultStore(engine, reads)
        recorder = _Recorder(audit)
        tokens = wiring.token_store(settings.tokens_url, keyset)
        ctx = Context(keyset=keyset, tokens=tokens)
        vault = Vault(store, recorder, clock, provider, rules, masking=Masking(None, policy, ctx))
    except BaseException:
        reads.dispose()
        engine.dispose()
        raise
    return Guard(
        vault,
        audit,
        store,
        rules,
        keyset,
        engine,
        wiring,
        recorder,
        clock,
        tokens,
        settings.audit_retention_days,
        reads,
    )


@contextmanager
def guard_session(opts: GuardOptions, wiring: GuardWiring) -> Iterator[Guard]:
    """:func:`open_guard`, closed on the way out."""
    guard = open_guard(opts, wiring)
    try:
        yield guard
    finally:
        guard.close()


def _same_keyset(audit: SqlAuditLog, reading: bool) -> None:
    """Refuse a keyset that did not sign this database's newest audit head: it would
    append events the log's own keys do not verify, and decrypt nothing. When it signed
    the first head, the newest one was edited instead: a verb that only reads what was
    recorded (``reading``: audit verify names the bad event) goes on; any other stops."""
    head = audit.head()
    keys = audit.public_keys
    if head is None or any(head.verify(k) for k in keys):
        return
    first = next(audit.heads(), None)
    if first is not None and first.tree_size < head.tree_size and any(map(first.verify, keys)):
        if reading:
            return
        raise IntegrityError(
            f"the audit log's newest head (size {head.tree_size}) has no valid signature "
            "of this keyset, which signed the first: edited? (audit verify names the "
            "first bad event); nothing was changed"
        )
    raise CryptoError(
        "this keyset did not sign the database's audit log (wrong keyset: "
        "BOXGUARD_KEYSET or ./boxguard.keys); nothing was changed"
    )


# -- vault ------------------------------------------------------------------------------
def import_table(
    guard: Guard,
    path: Path,
    *,
    actor: str,
    id_column: str | None = None,
    use_model: bool = True,
    notify: Notify = quiet,
) -> ImportResult:
    """Put each row of a CSV/TSV/XLSX/Parquet/JSONL file in the vault (one person a row).

    Every row is read and checked before the first is stored.
    """
    if not guard.user(actor).active:
        raise AccessDenied("access denied: user is disabled")
    rows = read_rows(path)
    if not rows:
        raise InputError(f"{path}: no rows to import")
    column = id_column or next(iter(rows[0]))
    result = classify_and_import(
        guard.vault,
        rows,
        column,
        actor=actor,
        scanner=guard.wiring.scanner(use_model=use_model),
        once=id_column is not None,  # the first column is no person's id
    )
    for c in result.skipped:
        notify(f"column {c!r}: nothing personal found in its sample; not imported")
    return result


def find(guard: Guard, kind_or_column: str, value: str, *, actor: str) -> list[str]:
    """Vault ids holding ``value`` (audited; nothing decrypted)."""
    guard.user(actor)
    if not value.strip():
        raise InputError("an empty value finds nothing")
    return guard.vault.find(kind_or_column, value, actor=actor)


def show(guard: Guard, vault_id: str, *, user: str) -> dict[str, str]:
    """The record as ``user``'s role sees it masked (audited)."""
    guard.user(user)
    return guard.vault.show(user, vault_id)


def report(guard: Guard, vault_id: str) -> list[ReportLine]:
    """Everything done with a person's record, oldest first."""
    return guard.vault.report(vault_id)


def delete(guard: Guard, vault_id: str, *, user: str, purpose: str) -> None:
    """Crypto-shred a record (needs a ``delete`` grant for ``purpose``)."""
    guard.user(user)
    guard.purpose(purpose)
    _denied_with_event(guard, lambda: guard.vault.delete(user, vault_id, purpose))


def request_export(
    guard: Guard, *, user: str, purpose: str, vault_ids: Sequence[str], fields: Sequence[str]
) -> str:
    """Ask for an export; returns the id a second user approves."""
    guard.user(user)
    guard.purpose(purpose)
    return guard.vault.request_export(user, purpose, vault_ids, fields)


def approve_export(guard: Guard, approval_id: str, *, user: str) -> Decision:
    """A second user approves an export; AccessDenied naming the rule if they may not."""
    guard.user(user)

    def approved() -> Decision:
        decision = guard.vault.approve_export(user, approval_id)  # (audited either way)
        decision.require()
        return decision

    return _denied_with_event(guard, approved)


def export(guard: Guard, approval_id: str, *, user: str) -> list[dict[str, object]]:
    """The rows of an approved export, once, all or nothing: each record's vault id and
    its fields (``{"vault_id": "v_…", "fields": {"手机": "…"}}``), in the order asked."""
    guard.user(user)
    rows = _denied_with_event(guard, lambda: guard.vault.export(user, approval_id))
    approval = guard.store.get_approval(approval_id)
    assert approval is not None  # the export ran: it exists
    return [{"vault_id": v, "fields": row} for v, row in zip(approval.records, rows, strict=True)]


# -- run-time administration --------------------------------------------------------------
def add_user(guard: Guard, name: str, role: str, *, actor: str, active: bool = True) -> User:
    """Add or update a user with a declared role."""
    guard.role(role)
    user = User(name, role, active)
    guard.vault.add_user(actor, user)
    return user


def add_grant(
    guard: Guard, role: str, field_name: str, purpose: str, *, actor: str, action: str = "reveal"
) -> Grant:
    """Let ``role`` ``action`` ``field_name`` (kind id, column name or ``*``) for ``purpose``."""
    guard.role(role)
    guard.purpose(purpose)
    if action not in ("reveal", "export", "approve_export", "delete"):
        raise InputError(f"unknown action {action!r} (reveal, export, approve_export, delete)")
    if not field_name.strip():
        raise InputError("a grant names a field (kind id, column name or *)")
    grant = Grant(role, field_name, purpose, action)  # type: ignore[arg-type]
    guard.vault.grant(actor, grant)
    return grant


@dataclass(frozen=True)
class Imported:
    """What ``users import`` wrote into the database."""

    purposes: list[Purpose]
    roles: list[Role]
    users: list[User]
    grants: list[Grant]


def revoke_grant(
    guard: Guard, role: str, field_name: str, purpose: str, *, actor: str, action: str = "reveal"
) -> Grant:
    """Remove a grant the database holds (``boxguard revoke``); audited. A grant of the
    rules file stays (edit the file); one that is not stored is a usage error."""
    grant = Grant(role, field_name, purpose, action)  # type: ignore[arg-type]
    if grant not in guard.store.grants():
        where = " (it is in the rules file: edit the file)" if grant in guard.rules.grants else ""
        raise InputError(f"the database holds no {grant}{where}")
    guard.vault.revoke(actor, grant)
    return grant


def import_rules(guard: Guard, path: Path, *, actor: str) -> Imported:
    """Write the purposes, roles (with their limits), users and grants of a rules file
    into the database (``users import``), where every process (CLI, ``serve``) reads
    them; each is audited. Everything is checked before anything is written.

    A purpose is written when no rules declare it yet. A role the file defines (with a
    description or limits) is written unless the database holds the same definition; a
    role the file only names (``courier: {}``) is written only when it is declared
    nowhere yet, so naming a role to add its users never drops its limits. Grants the
    database holds already are skipped, and so are users it holds as they are (name, role,
    state). Returns what was written."""
    text, source = rules_text(path)
    found = load_rules(text, source=source)
    active = guard.access()
    stored = {r.name: r for r in guard.store.roles()}
    try:
        purposes = [Purpose(p) for p in sorted(found.purposes) if p not in active.purposes]
        roles: list[Role] = []
        for name in sorted(found.roles):
            role = found.role(name)
            assert role is not None
            role = make_role(
                name,
                role.description,
                reveals_per_hour=role.limits.reveals_per_hour if role.limits else None,
                working_hours=_hours(role),
                timezone=role.limits.timezone if role.limits else None,
            )  # the database's own checks (name, description)
            if found.is_bare(name) and name in active.roles:
                continue
            if stored.get(name) != role:
                roles.append(role)
        after = active.with_stored(roles, purposes)
        for u in found.users:
            after.check_user(u)
        for g in found.grants:
            after.check_grant(g)
    except ConfigError as err:
        raise InputError(f"{source}: {err}; nothing was imported") from None
    held = set(guard.store.grants())
    stored_users = set(guard.store.users())  # the same user, role and state: nothing to do
    users = [u for u in dict.fromkeys(found.users) if u not in stored_users]
    grants = [g for g in dict.fromkeys(found.grants) if g not in held]
    for p in purposes:
        guard.vault.add_purpose(actor, p)
    for r in roles:
        if r.name in active.roles:
            guard.vault.change_role(actor, r)
        else:
            guard.vault.add_role(actor, r)
    for u in users:
        guard.vault.add_user(actor, u)
    for g in grants:
        guard.vault.grant(actor, g)
    return Imported(purposes, roles, users, grants)


def _hours(role: Role) -> str | None:
    if role.limits is None or role.limits.working_hours is None:
        return None
    return hours_spec(role.limits.working_hours)


# -- roles and purposes ------------------------------------------------------------------
@dataclass(frozen=True)
class RoleView:
    """A declared role as ``roles list`` shows it, and where its definition comes from:
    ``file``, ``database``, or ``database (overrides the rules file)``."""

    role: Role
    source: str


@dataclass(frozen=True)
class PurposeView:
    """A declared purpose as ``purposes list`` shows it, and where it is declared."""

    purpose: Purpose
    source: str


def _source(in_file: bool, in_db: bool) -> str:
    if in_db:
        return "database (overrides the rules file)" if in_file else "database"
    return "file"


def list_roles(guard: Guard) -> list[RoleView]:
    """Every declared role with its description and limits, by name."""
    rules = guard.access()
    stored = {r.name for r in guard.store.roles()}
    views = []
    for name in sorted(rules.roles):
        role = rules.role(name)
        assert role is not None
        views.append(RoleView(role, _source(name in guard.rules.roles, name in stored)))
    return views


def list_purposes(guard: Guard) -> list[PurposeView]:
    """Every declared purpose, by name."""
    rules = guard.access()
    stored = {p.name for p in guard.store.purposes()}
    return [
        PurposeView(
            Purpose(name, rules.purpose_descriptions.get(name, "")),
            _source(name in guard.rules.purposes, name in stored),
        )
        for name in sorted(rules.purposes)
    ]


def _checked(run: Callable[[], T]) -> T:
    """Run an administration step; the rules' refusal (a bad name, a duplicate, a role in
    use) is a usage error: nothing was written."""
    try:
        return run()
    except ConfigError as err:
        raise InputError(f"{err}; nothing was changed") from None


def add_role(
    guard: Guard,
    name: str,
    *,
    actor: str,
    description: str = "",
    reveals_per_hour: int | None = None,
    working_hours: str | None = None,
    timezone: str | None = None,
) -> Role:
    """Declare a new role in the database, with its limits (``roles add``); audited."""

    def run() -> Role:
        role = make_role(
            name,
            description,
            reveals_per_hour=reveals_per_hour,
            working_hours=working_hours,
            timezone=timezone,
        )
        guard.vault.add_role(actor, role)
        return role

    return _checked(run)


#: ``set_role``'s "leave as it is".
KEEP = None


def set_role(
    guard: Guard,
    name: str,
    *,
    actor: str,
    description: str | None = KEEP,
    reveals_per_hour: int | None = KEEP,
    working_hours: str | None = KEEP,
    timezone: str | None = KEEP,
    no_hourly_limit: bool = False,
    any_hours: bool = False,
) -> Role:
    """Change a declared role's description or limits (``roles set``); what is not
    given stays as it is. The new definition is stored in the database, where it wins
    over the rules file's; audited."""

    guard.role(name)  # an unknown role: the InputError naming the declared ones

    def run() -> Role:
        current = guard.access().role(name)
        if current is None:  # removed meanwhile
            raise ConfigError(f"unknown role {name!r}")
        if reveals_per_hour is not None and no_hourly_limit:
            raise ConfigError("--reveals-per-hour and --no-hourly-limit contradict each other")
        if working_hours is not None and any_hours:
            raise ConfigError("--working-hours and --any-hours contradict each other")
        lim = current.limits
        rph = lim.reveals_per_hour if lim else None
        hours = _hours(current)
        tz = lim.timezone if lim else None
        if reveals_per_hour is not None or no_hourly_limit:
            rph = reveals_per_hour
        if working_hours is not None or any_hours:
            hours = working_hours
        if timezone is not None:
            tz = timezone
        if rph is None and hours is None and timezone is None:
            tz = None  # no limit left: the time zone goes with them
        role = make_role(
            name,
            current.description if description is None else description,
            reveals_per_hour=rph,
            working_hours=hours,
            timezone=tz,
        )
        guard.vault.change_role(actor, role)
        return role

    return _checked(run)


def remove_role(guard: Guard, name: str, *, actor: str) -> None:
    """Remove a role from the database (``roles remove``); refused while users or grants
    use it; audited."""
    _checked(lambda: guard.vault.remove_role(actor, name))


def add_purpose(guard: Guard, name: str, *, actor: str, description: str = "") -> Purpose:
    """Declare a new purpose in the database (``purposes add``); audited."""

    def run() -> Purpose:
        purpose = Purpose(name, check_description(description))
        guard.vault.add_purpose(actor, purpose)
        return purpose

    return _checked(run)


def remove_purpose(guard: Guard, name: str, *, actor: str) -> None:
    """Remove a purpose from the database (``purposes remove``); refused while grants or
    consent name it; audited."""
    _checked(lambda: guard.vault.remove_purpose(actor, name))


def set_consent(guard: Guard, vault_id: str, purposes: Sequence[str], *, actor: str) -> None:
    """Replace a person's consent (an empty list withdraws it)."""
    for p in purposes:
        guard.purpose(p)
    guard.vault.set_consent(actor, vault_id, purposes)


@dataclass(frozen=True)
class Rotated:
    """What ``vault rotate`` did: data keys rewrapped, the KEK they are under now, and the
    older KEKs that no longer wrap any data key (retired from the vault)."""

    rewrapped: int
    primary: str
    retired: tuple[str, ...]
    usage: dict[str, int]


def rotate(guard: Guard, *, actor: str) -> Rotated:
    """Rewrap every data key under the primary KEK (after ``keys rotate``); field
    ciphertexts are untouched. Audited (``rotate``); stops at the first failure."""
    done = guard.vault.rotate(actor)
    usage = guard.vault.kek_usage()
    primary = guard.keyset.primary_id
    retired = tuple(k for k in guard.keyset.keys if k != primary and usage.get(k, 0) == 0)
    return Rotated(done, primary, retired, usage)


# -- reveal -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Revealed:
    """A revealed value and the audit event that recorded the reveal."""

    value: str = field(repr=False)
    event: int


def reveal(
    guard: Guard,
    vault_id: str,
    field_name: str,
    *,
    user: str,
    purpose: str,
    reference: str | None = None,
    client: str | None = None,
) -> Revealed:
    """One field in clear, if the rules allow it; the event that recorded it.

    Fails closed: an audit log that cannot store the event raises StorageError and
    nothing is decrypted.
    """
    guard.user(user)
    guard.purpose(purpose)
    if reference is not None:
        check_line(reference, "reference")
        if guard.wiring.scanner(use_model=False).scan(reference):  # "No personal value is
            # ever stored" in the log (docs/audit.md): a ticket number, not a phone
            raise InputError("the reference holds a personal value; give a ticket number")
    values = _denied_with_event(
        guard,
        lambda: guard.vault.reveal(
            user, vault_id, [field_name], purpose, reference=reference, client=client
        ),
    )
    last = guard.recorder.last
    assert last is not None  # the vault appended before it decrypted
    (value,) = values.values()  # one field: asked by column name or by kind id
    return Revealed(value, last.seq)


def _denied_with_event(guard: Guard, run: Callable[[], T]) -> T:
    """Run ``run``; an AccessDenied (or a NotFound: an unknown or erased record) names the
    audit event that recorded the denial, if one did."""
    guard.recorder.forget()
    try:
        return run()
    except (AccessDenied, NotFound) as err:
        last = guard.recorder.last
        if last is None:
            raise
        raise type(err)(f"{err} (recorded as audit event {last.seq})") from None


# -- audit ---------------------------------------------------------------------------------
def audit_events(guard: Guard, *, actor: str | None = None) -> Iterator[RecordedEvent]:
    """The audit log's events in order (those of ``actor`` only, if given)."""
    return guard.audit.events(actor=actor)


def audit_mine(guard: Guard, *, user: str) -> list[RecordedEvent]:
    """What ``user`` did, as the log recorded it."""
    guard.user(user)
    return list(guard.audit.events(actor=user))


def audit_verify(guard: Guard, trusted: SignedTreeHead | None = None) -> VerifyResult:
    """Check every event against the signed heads (pruned events: only a prefix past the
    retention); ``trusted``, a head kept outside the database from an earlier verify or
    export, also catches events and heads cut together from the tail."""
    return guard.audit.verify(trusted, pruned_before=guard.pruned_before())


def read_head(path: Path) -> SignedTreeHead:
    """The head kept in ``path``: a file ``audit verify --keep-head`` wrote, or an export
    (its folder or file: its newest head)."""
    path = path / EXPORT_FILE if path.is_dir() else path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(
            f"cannot read a head from {path}: {getattr(err, 'strerror', err)}"
        ) from None
    if not text.lstrip().startswith('{"head"'):  # an export: header, events, then heads
        heads = read_heads(path)
        if not heads:
            raise InputError(f"{path}: no signed head in it")
        return heads[-1]
    try:
        return SignedTreeHead.from_json(json.loads(text)["head"])
    except (ValueError, TypeError, KeyError):
        raise InputError(f"{path}: not a head `audit verify --keep-head` wrote") from None


def write_head(path: Path, head: SignedTreeHead) -> None:
    """Keep ``head`` in ``path`` (atomically): what a later ``--trusted`` compares with."""
    with atomic_text(path) as fh:
        fh.write(json.dumps({"head": head.to_json()}, sort_keys=True) + "\n")


@dataclass(frozen=True)
class Pruned:
    """What ``audit prune`` did: events erased now, and the cut-off."""

    erased: int
    cutoff: datetime
    days: int


def audit_prune(guard: Guard, *, actor: str) -> Pruned:
    """Erase the content of the events past the retention; their leaf hashes and every
    signed head stay, so ``audit verify`` still passes. Audited first (``audit_prune``):
    if the event cannot be stored, nothing is erased."""
    from boxguard.storage.audit_retention import prune_before

    cutoff = guard.pruned_before()
    guard.audit.append(
        AuditEvent(
            action="audit_prune",
            actor=actor,
            outcome="ok",
            reference=f"events before {cutoff.isoformat()} ({guard.retention_days} days)",
        )
    )
    return Pruned(prune_before(guard.engine, cutoff), cutoff, guard.retention_days)


def audit_export(guard: Guard, out: Path) -> int:
    """Write the export file and the public key into the folder ``out``; events written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a folder")
    out.mkdir(parents=True, exist_ok=True)
    n = guard.audit.export(out / EXPORT_FILE)
    (out / PUBLIC_KEY_FILE).write_text(guard.audit.public_key.pem(), encoding="utf-8")
    return n


def audit_verify_export(
    folder: Path, public_key: Path, *, retention: int = DEFAULT_RETENTION_DAYS
) -> VerifyResult:
    """An outside auditor's check of an export folder with their own copy of the key
    (no keyset, no database); pruned events pass only if older than ``retention`` days."""
    days = retention_days(retention)
    path = folder / EXPORT_FILE if folder.is_dir() else folder
    if not path.is_file():
        raise InputError(f"{path}: no audit export here")
    try:
        key = VerifyKey.load(public_key.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read {public_key}: {err.strerror}") from None
    before = SystemClock().now() - timedelta(days=days)
    return verify_export(path, key, pruned_before=before)
