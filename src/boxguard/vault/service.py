"""The vault: people's fields encrypted at rest, found by blind index, revealed by rule.

- :meth:`Vault.put` encrypts a person's fields under a fresh data key
  (wrapped by the key provider's primary KEK) and indexes the fields of a known kind;
- :meth:`Vault.find` looks a value up by its blind index, decrypting nothing;
- :meth:`Vault.show` gives the masked view of a user's role;
- :meth:`Vault.reveal` decides, appends an audit event and, only if the
  append succeeded and the decision allowed it, decrypts: it FAILS CLOSED;
- :meth:`Vault.delete` crypto-shreds a record (its data key is deleted);
- :meth:`Vault.report` tells a person who looked at their data;
- :meth:`Vault.rotate` rewraps every data key under the new primary KEK;
- :meth:`Vault.request_export` / :meth:`approve_export` / :meth:`export`:
  four eyes, a second user approves before anything leaves;
- :meth:`Vault.add_role` / :meth:`change_role` / :meth:`remove_role` /
  :meth:`add_purpose` / :meth:`remove_purpose`: the roles (with their limits) and
  purposes of the store, audited; :meth:`Vault.rules` is the rules every decision
  reads: the rules file's merged with the store's, read afresh each time.

The record in an audit event is a keyed pseudonym of the vault id (HMAC),
never a value. The vault takes ports: a :class:`VaultStore`, an
:class:`~boxguard.audit.AuditLog`, a :class:`~boxguard.clock.Clock` and a
:class:`~boxguard.crypto.provider.KeyProvider` (a :class:`~boxguard.crypto.keys.Keyset`
is put behind the default provider); it opens no file or database itself and never
touches key material except through the provider.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from boxguard.access import (
    AccessRules,
    AccessState,
    Decision,
    FieldRef,
    Grant,
    Limits,
    Purpose,
    Request,
    Role,
    User,
    can_approve,
    check_name,
    decide,
    hours_spec,
)
from boxguard.audit.events import AuditEvent, AuditLog, RecordedEvent
from boxguard.clock import Clock
from boxguard.crypto.aead import DecryptionFailed
from boxguard.crypto.envelope import (
    DataKey,
    FieldCipher,
    WrappedKey,
    decrypt_field,
    encrypt_field,
)
from boxguard.crypto.keys import Keyset
from boxguard.crypto.provider import KeyProvider, as_provider
from boxguard.detect.table import shown_name
from boxguard.errors import AccessDenied, ConfigError, InputError, NotFound, StorageError
from boxguard.kinds import kind_ids
from boxguard.vault.blind_index import BlindIndex
from boxguard.vault.masking import Masking
from boxguard.vault.store import (
    ExportApproval,
    IndexEntry,
    StoredField,
    StoredRecord,
    VaultStore,
)

#: The keyset purpose of the key that makes audit pseudonyms of vault ids.
PSEUDONYM_PURPOSE = "vault-record-pseudonym"
#: The longest field (column) name the stores keep.
MAX_NAME = 200
#: Actions that count against a role's hourly limit.
COUNTED = frozenset({"reveal"})


@dataclass(frozen=True)
class PersonField:
    """One field to put in the vault: its name (a column), value, and kind if known."""

    name: str
    value: str
    kind: str | None = None

    def __repr__(self) -> str:
        return f"PersonField(name={self.name!r}, kind={self.kind!r}, value=<redacted>)"


@dataclass(frozen=True)
class ReportLine:
    """One line of a person's own report: who did what with their data, when, why."""

    time: datetime
    action: str
    actor: str
    role: str | None
    purpose: str | None
    outcome: str
    fields: tuple[str, ...]
    rule: str | None


def index_tag(name: str, kind: str | None) -> str:
    """What a field is indexed under: its kind, or ``column:<name>`` for no known kind.

    >>> index_tag("手机", "cn_mobile"), index_tag("客户编号", None)
    ('cn_mobile', 'column:客户编号')
    """
    return kind if kind is not None else f"column:{name}"


def reveals_in_last_hour(events: Iterable[RecordedEvent], now: datetime) -> int:
    """Allowed reveals among ``events`` (one actor's) in the hour before ``now``."""
    since = now - timedelta(hours=1)
    return sum(
        1
        for r in events
        if r.event.action in COUNTED and r.event.outcome == "ok" and since < r.time <= now
    )


class Vault:
    """The vault service over its ports (see the module docstring)."""

    def __init__(
        self,
        store: VaultStore,
        audit: AuditLog,
        clock: Clock,
        keyset: Keyset | KeyProvider,
        rules: AccessRules,
        *,
        masking: Masking | None = None,
        cipher: FieldCipher = "aes-256-gcm",
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock
        self._keys = as_provider(keyset)
        self._rules = rules
        self._masking = masking if masking is not None else Masking()
        self._cipher: FieldCipher = cipher
        self._index = BlindIndex(self._keys)

    def __repr__(self) -> str:
        return f"Vault(store={self._store!r}, keys={self._keys!r})"

    # -- helpers ------------------------------------------------------------------------
    def pseudonym(self, vault_id: str) -> str:
        """The keyed pseudonym of a vault id written in audit events (``r-`` + 32 hex)."""
        key = self._keys.secret(PSEUDONYM_PURPOSE)
        return "r-" + hmac.new(key, vault_id.encode(), hashlib.sha256).hexdigest()[:32]

    def _record(self, vault_id: str) -> StoredRecord:
        rec = self._store.get_record(vault_id)
        if rec is None:
            raise NotFound("no record with this vault id")
        return rec

    def _recent(self, actor: str, now: datetime) -> Iterable[RecordedEvent]:
        """``actor``'s events that may count against the hourly limit: those of the last
        hour when the log can select them by time (``events_since``, optional), else all."""
        since = getattr(self._audit, "events_since", None)
        if callable(since):
            recent: Iterable[RecordedEvent] = since(actor, now - timedelta(hours=1))
            return recent
        return self._audit.events(actor=actor)

    def rules(self) -> AccessRules:
        """The rules every decision reads: the rules file's, plus the roles and purposes
        of the store (a stored role's definition wins), read afresh."""
        with self._reading():
            return self._rules.with_stored(self._store.roles(), self._store.purposes())

    def _capped(self, user: str) -> bool:
        """Whether ``user``'s role has an hourly cap (an unknown user: assume so)."""
        with self._reading():
            rules = self.rules()
            roles = self._roles(rules, self._store.users())
        return _capped(rules, roles.get(user))

    @staticmethod
    def _roles(rules: AccessRules, stored: Iterable[User]) -> dict[str, str]:
        """Each user's role: the rules file's, unless the store holds the user."""
        roles = {u.name: u.role for u in rules.users}
        roles.update({u.name: u.role for u in stored})
        return roles

    def _state(self, *users: str | None, record: str | None = None) -> AccessState:
        now = self._clock.now()
        rules = self.rules()
        stored = self._store.users()
        roles = self._roles(rules, stored)
        # the audit log is read only for users whose role has an hourly cap (nothing else
        # reads the counts); without one, a reveal reads no past events at all
        counts = {
            u: reveals_in_last_hour(self._recent(u, now), now)
            for u in users
            if u and _capped(rules, roles.get(u))
        }
        consent = {record: self._store.consent(record)} if record is not None else {}
        return rules.state(
            users=stored,
            grants=self._store.grants(),
            consent=consent,
            reveals_last_hour=counts,
        )

    def _reading(self) -> contextlib.AbstractContextManager[object]:
        """The store's shared-read block when it has one (``reading``, optional)."""
        reading = getattr(self._store, "reading", None)
        if callable(reading):
            block: contextlib.AbstractContextManager[object] = reading()
            return block
        return contextlib.nullcontext()

    def _audit_failure(self, event: AuditEvent, rule: str) -> None:
        """Record that an audited action then failed (best effort: the action's own
        error is the one the caller sees)."""
        with contextlib.suppress(StorageError):
            self._audit.append(replace(event, outcome="error", rule=rule))

    def _role(self, state: AccessState, user: str) -> str | None:
        u = state.users.get(user)
        return u.role if u is not None else None

    def _entries(self, name: str, kind: str | None, value: str) -> list[IndexEntry]:
        tag = index_tag(name, kind)
        mac = self._index.compute(kind, value)
        return [IndexEntry(name, tag, self._index.primary_id, mac)]

    def _decrypt(self, rec: StoredRecord, names: Sequence[str]) -> dict[str, str]:
        if rec.wrapped_key is None:
            raise NotFound("the record was deleted (its data key is shredded)")
        key = self._keys.unwrap(WrappedKey.from_bytes(rec.wrapped_key), record_id=rec.vault_id)
        by_name = {f.name: f for f in rec.fields}
        return {
            n: decrypt_field(key, by_name[n].ciphertext, record_id=rec.vault_id, field=n)
            for n in names
        }

    def _refs(self, rec: StoredRecord, fields: Sequence[str] | None) -> tuple[FieldRef, ...]:
        """The record's fields named by ``fields`` (``None``: all): a column name, or a kind
        id standing for the one field of that kind (``cn_mobile`` for a 手机 column)."""
        by_name = {f.name: f for f in rec.fields}
        by_kind: dict[str, list[str]] = {}
        for f in rec.fields:
            if f.kind is not None:
                by_kind.setdefault(f.kind, []).append(f.name)
        names = list(by_name) if fields is None else list(fields)
        names = [
            by_kind[n][0] if n not in by_name and len(by_kind.get(n, ())) == 1 else n for n in names
        ]
        missing = [n for n in names if n not in by_name]
        if missing:
            raise NotFound(f"the record has no field {shown_name(missing[0])}")
        return tuple(FieldRef(n, by_name[n].kind) for n in names)

    # -- put, find -------------------------------------------------------------------------
    def put(
        self,
        fields: Sequence[PersonField],
        *,
        actor: str,
        consent: Iterable[str] = (),
        index_fields: Iterable[str] = (),
    ) -> str:
        """Store a person's fields; return the new vault id.

        Fields of a known kind are blind-indexed under their kind, ``index_fields``
        (e.g. the source's id column) under their column name. ``consent``: the
        purposes the person agreed to (each must be declared in the rules).
        """
        names = [f.name for f in fields]
        if not fields or len(set(names)) != len(names):
            raise ConfigError("a record needs one or more fields with distinct names")
        if any(not n.strip() or len(n) > MAX_NAME for n in names):
            raise ConfigError(f"a field name is 1 to {MAX_NAME} characters")
        known = set(kind_ids())
        for f in fields:
            if f.kind is not None and f.kind not in known:
                raise ConfigError(f"field {f.name!r}: unknown kind {f.kind!r}")
        purposes = frozenset(consent)
        if not purposes <= self._rules.purposes:  # the file's need no read (bulk imports)
            self.rules().check_purposes(purposes)
        vault_id = "v_" + secrets.token_hex(12)
        key = DataKey.generate()
        wrapped = self._keys.wrap(key, record_id=vault_id)
        extra = set(index_fields)
        stored = tuple(
            StoredField(
                f.name,
                f.kind,
                encrypt_field(key, f.value, record_id=vault_id, field=f.name, cipher=self._cipher),
                indexed=f.kind is not None or f.name in extra,
            )
            for f in fields
        )
        index = [
            e
            for f, s in zip(fields, stored, strict=True)
            if s.indexed
            for e in self._entries(f.name, f.kind, f.value)
        ]
        now = self._clock.now()
        record = StoredRecord(vault_id, self.pseudonym(vault_id), wrapped.to_bytes(), stored, now)
        event = AuditEvent(
            action="put",
            actor=actor,
            outcome="ok",
            record=record.pseudonym,
            fields=tuple(names),
            reference="consent: " + (";".join(sorted(purposes)) or "none"),
        )
        self._audit.append(event)  # audited first: nothing is stored unaudited
        try:
            self._store.add_record(record, index)
            if purposes:
                self._store.set_consent(vault_id, purposes)
        except StorageError:
            self._audit_failure(event, "store failed")
            raise
        return vault_id

    def held(self, name: str, kind: str | None, values: Sequence[str], *, actor: str) -> list[int]:
        """The positions in ``values`` that a live record holds already in a field ``name``
        (of ``kind``, indexed as :meth:`put` indexes it), or that an earlier value repeats:
        a person is put once. Each record found so is audited (``put`` denied, rule
        ``already in the vault``): a refused import still tells whether someone is in it.
        """
        tag, seen, out = index_tag(name, kind), set(), []
        for i, value in enumerate(values):
            mac = self._index.compute(kind, value)
            found = self._store.find(tag, self._index.candidates(kind, value))
            for vault_id in found:
                self._audit.append(
                    AuditEvent(
                        action="put",
                        actor=actor,
                        outcome="denied",
                        record=self._record(vault_id).pseudonym,
                        fields=(name,),
                        rule="already in the vault",
                    )
                )
            if found or mac in seen:
                out.append(i)
            seen.add(mac)
        return out

    def find(
        self, kind_or_column: str, value: str, *, actor: str, client: str | None = None
    ) -> list[str]:
        """Vault ids holding ``value`` as a kind id, or in a column of that name (a field
        of no known kind indexed at put). Nothing is decrypted. A name that is neither (a
        typo) is an :class:`~boxguard.errors.InputError`, not "nobody".

        A lookup tells whether a person is in the vault, so it is audited (``find``, one
        event per record found, which the person's report shows; one without a record
        when none is) before the ids are returned.
        """
        found = []
        tag = index_tag(kind_or_column, None)
        if kind_or_column in kind_ids():  # a kind: and a column so named (of no known kind)
            kind = kind_or_column
            found = self._store.find(kind, self._index.candidates(kind, value))
        elif not self._store.has_tag(tag):  # a typo, or a value where the kind goes: not
            # echoed, it may be personal
            raise InputError(
                "not a kind id nor the name of an imported id column (`boxguard kinds` "
                "lists the kinds)"
            )
        column = self._store.find(tag, self._index.candidates(None, value))
        found += [v for v in column if v not in found]
        pseudonyms: list[str | None] = [self._record(v).pseudonym for v in found] or [None]
        for p in pseudonyms:
            self._audit.append(
                AuditEvent(
                    action="find",
                    actor=actor,
                    outcome="ok",
                    record=p,
                    fields=(kind_or_column,),
                    reference=f"{len(found)} found",
                    client=client,
                )
            )
        return found

    # -- show, reveal --------------------------------------------------------------------------
    def show(self, user: str, vault_id: str, *, client: str | None = None) -> dict[str, str]:
        """The record as ``user``'s role sees it masked (the ``mask --role`` code path).

        Audited (action ``show``); a failed append raises and nothing is shown.
        """
        state = self._state(user)
        known = state.users.get(user)
        rec = self._record(vault_id)
        if known is None or not known.active:
            self._audit.append(
                AuditEvent(
                    action="show",
                    actor=user,
                    outcome="denied",
                    record=rec.pseudonym,
                    rule="unknown user" if known is None else "user is disabled",
                    client=client,
                )
            )
            raise AccessDenied(
                "access denied: unknown user"
                if known is None
                else "access denied: user is disabled"
            )
        if rec.wrapped_key is None:
            raise NotFound("the record was deleted (its data key is shredded)")
        names = [f.name for f in rec.fields]
        event = AuditEvent(
            action="show",
            actor=user,
            role=known.role,
            outcome="ok",
            record=rec.pseudonym,
            fields=tuple(names),
            client=client,
        )
        self._audit.append(event)
        try:
            values = self._decrypt(rec, names)
        except DecryptionFailed:  # as a reveal: a second event says it failed
            self._audit_failure(event, "decryption failed")
            raise
        return {
            f.name: self._masking.field(known.role, f.name, f.kind, values[f.name])
            for f in rec.fields
        }

    def check_reveal(
        self, user: str, vault_id: str, fields: Sequence[str] | None, purpose: str
    ) -> Decision:
        """What :meth:`reveal` would decide now (nothing audited, nothing decrypted)."""
        rec = self._record(vault_id)
        state = self._state(user, record=vault_id)
        return decide(Request(user, vault_id, self._refs(rec, fields), purpose), state, self._clock)

    def reveal(
        self,
        user: str,
        vault_id: str,
        fields: Sequence[str] | None,
        purpose: str,
        *,
        reference: str | None = None,
        client: str | None = None,
    ) -> dict[str, str]:
        """The clear values of ``fields`` (``None``: all), if the rules allow it.

        Order: decide → append the audit event (``ok`` or ``denied``) → only if the
        append succeeded and the decision allowed it, decrypt. A failed append raises
        :class:`~boxguard.errors.StorageError` and returns nothing; a denial raises
        :class:`~boxguard.errors.AccessDenied` naming the rule. The reveals of a user whose
        role has an hourly cap take turns (``VaultStore.serial``) from reading the count
        to appending the event that raises it, so reveals sent at once never pass it.
        """
        if not self._capped(user):  # nothing counted: nothing to wait for
            return self._reveal(user, vault_id, fields, purpose, reference, client)
        with self._store.serial(f"reveal:{user}"):
            return self._reveal(user, vault_id, fields, purpose, reference, client)

    def _reveal(
        self,
        user: str,
        vault_id: str,
        fields: Sequence[str] | None,
        purpose: str,
        reference: str | None,
        client: str | None,
    ) -> dict[str, str]:
        with self._reading():  # one connection for the reads; released before the append
            found = self._store.get_record(vault_id)
            if found is not None:
                refs = self._refs(found, fields)
                state = self._state(user, record=vault_id)
        if found is None:  # audited too: probing for ids is worth watching
            self._audit.append(
                AuditEvent(
                    action="reveal",
                    actor=user,
                    outcome="denied",
                    record=self.pseudonym(vault_id),
                    purpose=purpose,
                    rule="unknown record",
                    reference=reference,
                    client=client,
                )
            )
            raise NotFound("no record with this vault id")
        rec = found
        decision = (
            decide(Request(user, vault_id, refs, purpose), state, self._clock)
            if rec.wrapped_key is not None
            else Decision(False, "record deleted")  # whatever else the rules would say
        )
        event = AuditEvent(
            action="reveal",
            actor=user,
            role=self._role(state, user),
            outcome="ok" if decision.allowed else "denied",
            record=rec.pseudonym,
            fields=tuple(r.name for r in refs),
            purpose=purpose,
            reference=reference,
            rule=decision.rule,
            client=client,
        )
        self._audit.append(event)  # raises StorageError: nothing is decrypted
        if rec.wrapped_key is None:
            raise NotFound("the record was deleted (its data key is shredded)")
        decision.require()
        try:
            return self._decrypt(rec, [r.name for r in refs])
        except DecryptionFailed:
            self._audit_failure(event, "decryption failed")
            raise

    # -- delete, report, rotate ---------------------------------------------------------------
    def delete(self, user: str, vault_id: str, purpose: str) -> None:
        """Crypto-shred a record: its data key is deleted, so every copy of its
        ciphertexts (backups too) is unreadable. Needs a ``delete`` grant for
        ``purpose``; audited first (fails closed), and the event keeps the fact."""
        rec = self._record(vault_id)
        if rec.wrapped_key is None:
            raise NotFound("the record was deleted already")
        state = self._state(user)
        refs = (FieldRef("*"),)
        decision = decide(
            Request(user, vault_id, refs, purpose, action="delete"), state, self._clock
        )
        self._audit.append(
            AuditEvent(
                action="delete",
                actor=user,
                role=self._role(state, user),
                outcome="ok" if decision.allowed else "denied",
                record=rec.pseudonym,
                fields=tuple(f.name for f in rec.fields),
                purpose=purpose,
                rule=decision.rule,
            )
        )
        decision.require()
        if not self._store.shred(vault_id, self._clock.now()):
            raise NotFound("the record was deleted already")

    def report(self, vault_id: str) -> list[ReportLine]:
        """A person's own view: every audited action on their record, oldest first.

        Works after deletion too (the record's pseudonym stays, with no key).
        """
        rec = self._record(vault_id)
        return [
            ReportLine(
                r.time,
                r.event.action,
                r.event.actor,
                r.event.role,
                r.event.purpose,
                r.event.outcome,
                r.event.fields,
                r.event.rule,
            )
            for r in self._audit.events(record=rec.pseudonym)
        ]

    def rotate(self, actor: str) -> int:
        """Rewrap every data key not under the primary KEK, and re-index the record's
        fields under the primary index key (field ciphertexts untouched). Returns the
        number of records rewrapped; audited as one ``rotate`` event."""
        done = 0
        try:
            for vault_id in self._store.record_ids():
                if self._rotate_one(vault_id):
                    done += 1
        except (DecryptionFailed, StorageError):
            # stop at the first record that fails: the operator must not retire the old
            # key believing everything moved (a rerun carries on where this stopped)
            self._audit_failure(
                AuditEvent(action="rotate", actor=actor, outcome="ok", reference=f"{done} records"),
                "a data key could not be rewrapped",
            )
            raise
        self._audit.append(
            AuditEvent(action="rotate", actor=actor, outcome="ok", reference=f"{done} records")
        )
        return done

    def kek_usage(self) -> dict[str, int]:
        """How many live data keys each KEK id wraps (after :meth:`rotate`, only the
        primary's: an older KEK that wraps none can be retired from the vault)."""
        usage: dict[str, int] = {}
        for vault_id in self._store.record_ids():
            rec = self._store.get_record(vault_id)
            if rec is not None and rec.wrapped_key is not None:
                kid = WrappedKey.from_bytes(rec.wrapped_key).kek_id
                usage[kid] = usage.get(kid, 0) + 1
        return usage

    def _rotate_one(self, vault_id: str) -> bool:
        rec = self._record(vault_id)
        if rec.wrapped_key is None:
            return False
        old = WrappedKey.from_bytes(rec.wrapped_key)
        if old.kek_id == self._keys.primary_id:
            return False
        key = self._keys.unwrap(old, record_id=vault_id)
        new = self._keys.wrap(key, record_id=vault_id)
        index = [
            e
            for f in rec.fields
            if f.indexed
            for e in self._entries(
                f.name, f.kind, decrypt_field(key, f.ciphertext, record_id=vault_id, field=f.name)
            )
        ]
        self._store.replace_key(vault_id, new.to_bytes(), index)
        return True

    # -- run-time access state ------------------------------------------------------------------
    def add_user(self, actor: str, user: User) -> None:
        """Add or update a user (``boxguard users add``); the role must be declared."""
        self.rules().check_user(user)
        state = "active" if user.active else "disabled"
        self._audit.append(
            AuditEvent(
                action="user",
                actor=actor,
                outcome="ok",
                reference=f"{user.name} as {user.role} ({state})",
            )
        )
        self._store.put_user(user)

    def grant(self, actor: str, grant: Grant) -> None:
        """Add a grant (``boxguard grant``); role and purpose must be declared."""
        self.rules().check_grant(grant)
        self._audit.append(
            AuditEvent(action="grant", actor=actor, outcome="ok", reference=str(grant))
        )
        self._store.add_grant(grant)

    def revoke(self, actor: str, grant: Grant) -> bool:
        """Remove a grant added at run time (a grant of the rules file stays: edit the
        file). True when there was one."""
        self._audit.append(
            AuditEvent(action="revoke", actor=actor, outcome="ok", reference=str(grant))
        )
        return self._store.remove_grant(grant)

    def set_consent(self, actor: str, vault_id: str, purposes: Iterable[str]) -> None:
        """Replace a person's consent (``boxguard consent set``); empty withdraws it."""
        rec = self._record(vault_id)
        chosen = frozenset(purposes)
        self.rules().check_purposes(chosen)
        self._audit.append(
            AuditEvent(
                action="consent",
                actor=actor,
                outcome="ok",
                record=rec.pseudonym,
                reference="consent: " + (";".join(sorted(chosen)) or "none"),
            )
        )
        self._store.set_consent(vault_id, chosen)

    def add_role(self, actor: str, role: Role) -> None:
        """Declare a new role in the store (``boxguard roles add``); a role declared
        already (rules file or store) is refused: change it with :meth:`change_role`."""
        check_name(role.name, "role")
        if role.name in self.rules().roles:
            where = "the database" if self._stored_role(role.name) else "the rules file"
            raise ConfigError(
                f"role {role.name!r} is declared already (in {where}); change it with `roles set`"
            )
        self._put_role(actor, role, "added")

    def change_role(self, actor: str, role: Role) -> None:
        """Store a declared role's new definition (``boxguard roles set``); for a role of
        the rules file, the stored definition wins from now on."""
        check_name(role.name, "role")
        if role.name not in self.rules().roles:
            raise ConfigError(f"unknown role {role.name!r}: add it with `roles add`")
        self._put_role(actor, role, "changed")

    def _put_role(self, actor: str, role: Role, change: str) -> None:
        self._audit.append(
            AuditEvent(
                action="role",
                actor=actor,
                outcome="ok",
                reference=f"{role.name} {change}: {limits_text(role.limits)}",
            )
        )
        self._store.put_role(role)

    def _stored_role(self, name: str) -> bool:
        return any(r.name == name for r in self._store.roles())

    def remove_role(self, actor: str, name: str) -> None:
        """Remove a role from the store (``boxguard roles remove``). Refused for a role of
        the rules file only, and for one users or grants still use unless the rules file
        declares it too (then the file's definition applies again)."""
        if not self._stored_role(name):
            if name in self._rules.roles:
                raise ConfigError(f"role {name!r} is declared in the rules file: edit the file")
            raise ConfigError(f"unknown role {name!r}")
        if name not in self._rules.roles:
            users = {u.name: u for u in self._rules.users}
            users.update({u.name: u for u in self._store.users()})
            n_users = sum(1 for u in users.values() if u.role == name)
            n_grants = sum(
                1 for g in (*self._rules.grants, *self._store.grants()) if g.role == name
            )
            if n_users or n_grants:
                raise ConfigError(
                    f"role {name!r} is still used by {n_users} user(s) and {n_grants} "
                    "grant(s): give the users another role and revoke the grants first"
                )
        self._audit.append(
            AuditEvent(action="role_remove", actor=actor, outcome="ok", reference=name)
        )
        self._store.remove_role(name)

    def add_purpose(self, actor: str, purpose: Purpose) -> None:
        """Declare a new purpose in the store (``boxguard purposes add``); one declared
        already (rules file or store) is refused."""
        check_name(purpose.name, "purpose")
        if purpose.name in self.rules().purposes:
            raise ConfigError(f"purpose {purpose.name!r} is declared already")
        self._audit.append(
            AuditEvent(action="purpose", actor=actor, outcome="ok", reference=purpose.name)
        )
        self._store.add_purpose(purpose)

    def remove_purpose(self, actor: str, name: str) -> None:
        """Remove a purpose from the store (``boxguard purposes remove``). Refused for a
        purpose of the rules file only, and for one that grants or people's consent still
        name unless the rules file declares it too."""
        if not any(p.name == name for p in self._store.purposes()):
            if name in self._rules.purposes:
                raise ConfigError(f"purpose {name!r} is declared in the rules file: edit the file")
            raise ConfigError(f"unknown purpose {shown_name(name)}")
        if name not in self._rules.purposes:
            n_grants = sum(
                1 for g in (*self._rules.grants, *self._store.grants()) if g.purpose == name
            )
            n_consent = self._store.consent_count(name)
            if n_grants or n_consent:
                raise ConfigError(
                    f"purpose {name!r} is still used by {n_grants} grant(s) and the consent "
                    f"of {n_consent} record(s): revoke the grants and change the consent first"
                )
        self._audit.append(
            AuditEvent(action="purpose_remove", actor=actor, outcome="ok", reference=name)
        )
        self._store.remove_purpose(name)

    # -- export with four eyes ----------------------------------------------------------------
    def request_export(
        self, user: str, purpose: str, vault_ids: Sequence[str], fields: Sequence[str]
    ) -> str:
        """Ask to export ``fields`` of ``vault_ids`` for ``purpose``; returns the id a
        second user approves with :meth:`approve_export`."""
        if not vault_ids or not fields:
            raise ConfigError("an export names one or more records and fields")
        for v in vault_ids:
            self._record(v)
        approval = ExportApproval(
            "x_" + secrets.token_hex(8),
            user,
            purpose,
            tuple(vault_ids),
            tuple(fields),
            self._clock.now(),
        )
        self._audit.append(
            AuditEvent(
                action="export_request",
                actor=user,
                role=self._role(self._state(user), user),
                outcome="ok",
                purpose=purpose,
                fields=approval.fields,
                reference=approval.id,
            )
        )
        self._store.add_approval(approval)
        return approval.id

    def approve_export(self, approver: str, approval_id: str) -> Decision:
        """A second user approves an export; refused for the requester themself or a
        role without an ``approve_export`` grant for the purpose."""
        approval = self._store.get_approval(approval_id)
        if approval is None:
            raise NotFound("no export request with this id")
        state = self._state(approver)
        if approver == approval.requester:
            decision = Decision(False, "approver must be a different user")
        else:
            decision = can_approve(state, approver, approval.purpose)
        self._audit.append(
            AuditEvent(
                action="export_approve",
                actor=approver,
                role=self._role(state, approver),
                outcome="ok" if decision.allowed else "denied",
                purpose=approval.purpose,
                rule=decision.rule,
                reference=approval_id,
            )
        )
        if decision.allowed:
            self._store.update_approval(
                replace(approval, approver=approver, approved_at=self._clock.now())
            )
        return decision

    def export(self, user: str, approval_id: str) -> list[dict[str, str]]:
        """The approved export's rows, all or nothing: every record must be allowed
        (grants, consent, hours, four eyes). Single use: two exports of one approval at
        once take turns (``VaultStore.serial``), and the second finds it used."""
        with self._store.serial(f"export:{approval_id}"):
            return self._export(user, approval_id)

    def _export(self, user: str, approval_id: str) -> list[dict[str, str]]:
        approval = self._store.get_approval(approval_id)
        if approval is None or approval.requester != user:
            raise NotFound("no export request with this id for this user")
        if approval.used_at is not None:
            raise AccessDenied("access denied: this export was used already")
        recs = [self._record(v) for v in approval.records]
        decisions = []
        role = None
        for rec in recs:
            state = self._state(user, approval.approver, record=rec.vault_id)
            role = self._role(state, user)
            req = Request(
                user,
                rec.vault_id,
                self._refs(rec, approval.fields),
                approval.purpose,
                action="export",
                approver=approval.approver,
            )
            d = decide(req, state, self._clock)
            if d.allowed and rec.wrapped_key is None:
                d = Decision(False, "record deleted")
            decisions.append(d)
        denied = next((d for d in decisions if not d.allowed), None)
        for rec, d in zip(recs, decisions, strict=True):
            self._audit.append(
                AuditEvent(
                    action="export",
                    actor=user,
                    role=role,
                    outcome="denied" if denied else "ok",
                    record=rec.pseudonym,
                    fields=approval.fields,
                    purpose=approval.purpose,
                    reference=approval_id,
                    rule=(denied.rule if denied else d.rule),
                )
            )
        if denied is not None:
            denied.require()
        self._store.update_approval(replace(approval, used_at=self._clock.now()))
        return [self._decrypt(rec, approval.fields) for rec in recs]


def _capped(rules: AccessRules, role: str | None) -> bool:
    """Whether ``role`` has a reveals-per-hour limit (an unknown role: assume so)."""
    if role is None:
        return True
    limits = rules.limits.get(role)
    return limits is not None and limits.reveals_per_hour is not None


def limits_text(limits: Limits | None) -> str:
    """A role's limits in words, as audit events and ``roles list`` state them.

    >>> from datetime import time
    >>> limits_text(Limits(30, (time(9), time(18)), "Asia/Shanghai"))
    '30 reveals/hour, 09:00-18:00 Asia/Shanghai'
    >>> limits_text(None)
    'no limits'
    """
    if limits is None or (limits.reveals_per_hour is None and limits.working_hours is None):
        return "no limits"
    parts = []
    if limits.reveals_per_hour is not None:
        parts.append(f"{limits.reveals_per_hour} reveals/hour")
    if limits.working_hours is not None:
        parts.append(f"{hours_spec(limits.working_hours)} {limits.timezone}")
    return ", ".join(parts)


def fields_from_mapping(
    values: Mapping[str, str], kinds: Mapping[str, str | None]
) -> list[PersonField]:
    """``PersonField``s from a row and each column's kind (empty cells are skipped).

    >>> [f.name for f in fields_from_mapping({"手机": "13812345678", "备注": ""}, {})]
    ['手机']
    """
    return [PersonField(k, v, kinds.get(k)) for k, v in values.items() if v.strip()]
