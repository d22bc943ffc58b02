"""`boxguard vault`, `users`, `roles`, `purposes`, `grant`, `revoke`, `consent`, `reveal`,
`audit`, `serve`.

Each verb parses its options, opens the guard (:mod:`boxguard.jobs.guard`: keyset,
rules, database), calls one job and renders its result. A revealed value goes to
standard output and nowhere else; everything else a person reads goes to standard
error. Keys come from ``./boxguard.keys`` or ``BOXGUARD_KEYSET``, never a flag.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from boxguard import services
from boxguard.access import Role, hours_spec
from boxguard.adapters.cli.app import app, err_console
from boxguard.adapters.cli.console import out_console
from boxguard.audit.encoding import event_object
from boxguard.audit.events import RecordedEvent
from boxguard.audit.verify import VerifyResult
from boxguard.errors import InputError
from boxguard.jobs import guard as jobs
from boxguard.jobs.guard import GuardOptions, guard_session
from boxguard.settings import DEFAULT_RETENTION_DAYS

vault_app = typer.Typer(
    help="Keep people's fields encrypted, find them, show them masked.", no_args_is_help=True
)
users_app = typer.Typer(
    help="Add the staff users of the guard, with their role.", no_args_is_help=True
)
roles_app = typer.Typer(
    help="Declare the roles of the guard and their limits, in the database.",
    no_args_is_help=True,
)
purposes_app = typer.Typer(
    help="Declare the purposes a field may be revealed for, in the database.",
    no_args_is_help=True,
)
consent_app = typer.Typer(help="Record what a person consented to.", no_args_is_help=True)
audit_app = typer.Typer(
    help="Read, verify and export the tamper-evident audit log.", no_args_is_help=True
)
app.add_typer(vault_app, name="vault")
app.add_typer(users_app, name="users")
app.add_typer(roles_app, name="roles")
app.add_typer(purposes_app, name="purposes")
app.add_typer(consent_app, name="consent")
app.add_typer(audit_app, name="audit")

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="BOXGUARD_DB", help="Database URL (default sqlite:///boxguard.db)."
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules", envvar="BOXGUARD_RULES", help="Access rules file (default: the shipped rules)."
    ),
]
AsOpt = Annotated[str, typer.Option("--as", help="The user doing it (their role decides).")]
PurposeOpt = Annotated[str, typer.Option("--purpose", help="Why (a declared purpose).")]
PolicyOpt = Annotated[
    str,
    typer.Option("--policy", help="Desensitization policy of masked views."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]


def _open(
    db: str | None, rules: Path | None, policy: str = jobs.DEFAULT_POLICY, existing: bool = False
) -> GuardOptions:
    return GuardOptions(db=db, rules=rules, policy=policy, existing=existing)


def _admin() -> str:
    """Who runs an administration verb (recorded in the audit log)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def _say(message: str) -> None:
    err_console.print(f"boxguard: {message}", markup=False, highlight=False)


def _csv_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


# -- vault ------------------------------------------------------------------------------
@vault_app.command("import")
def vault_import(
    file: Annotated[Path, typer.Argument(help="A CSV, TSV, XLSX, Parquet or JSONL file.")],
    as_: AsOpt,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            help="The column that identifies a person: a person is imported once (a value "
            "the vault holds, or the table repeats, is refused).",
        ),
    ] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Model-based kinds off.")] = False,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Put one person per row in the vault, encrypted; prints their vault ids.

    Columns are classified as `mask` classifies them; a column with nothing personal
    is not imported. A `consent` column (purposes separated by ;) becomes consent.

    Examples:

      boxguard vault import customers.csv --as admin

      boxguard vault import guests.xlsx --id-column 会员号 --as admin --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        result = jobs.import_table(
            guard, file, actor=as_, id_column=id_column, use_model=not no_model, notify=_say
        )
    for vault_id in result.vault_ids:
        typer.echo(vault_id)
    _say(f"imported {len(result.vault_ids)} people from {file}")


@vault_app.command("find")
def vault_find(
    kind: Annotated[str, typer.Argument(help="A kind id (cn_mobile) or an id column's name.")],
    value: Annotated[str, typer.Argument(help="The value; - reads it from standard input.")],
    as_: AsOpt,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Find people by an exact value (blind index: nothing decrypted); prints vault ids.

    Exits 1 when it finds someone, 0 when not, as every verb that finds (scan, trace).
    Give the value on standard input (-): a value on the command line is visible to
    other users in `ps`.

    Examples:

      boxguard vault find cn_mobile - --as li.courier < mobile.txt

      boxguard vault find 编号 - --as wang.cs < id.txt
    """
    if value == "-":
        lines = [line.strip() for line in sys.stdin.read(1 << 16).splitlines() if line.strip()]
        if len(lines) > 1:  # one lookup, one audit event: never the first of many, silently
            raise InputError(f"one value on standard input, not {len(lines)} lines")
        value = lines[0] if lines else ""
    else:
        _say("warning: a value on the command line is visible to other users in ps; use -")
    with guard_session(_open(db, rules), services) as guard:
        found = jobs.find(guard, kind, value, actor=as_)
    for vault_id in found:
        typer.echo(vault_id)
    from boxguard.jobs.trace import canary_owner, canary_watch

    owner = canary_owner(canary_watch(services, db), None, value)
    if owner is not None:  # a released list's canary, looked up: someone holds that list
        _say(f"canary hit: {owner} (the value looked up is a canary released to {owner})")
    raise typer.Exit(1 if found else 0)


@vault_app.command("show")
def vault_show(
    vault_id: Annotated[str, typer.Argument(help="The person's vault id.")],
    as_: AsOpt,
    policy: PolicyOpt = jobs.DEFAULT_POLICY,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Show a person's record masked as the user's role sees it (JSON; audited).

    Examples:

      boxguard vault show v_3f9a0c1d2e4b5a6978c0d1e2 --as li.courier

      boxguard vault show v_3f9a0c1d2e4b5a6978c0d1e2 --as wang.cs --policy customer-service
    """
    with guard_session(_open(db, rules, policy), services) as guard:
        shown = jobs.show(guard, vault_id, user=as_)
    typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))


@vault_app.command("report")
def vault_report(
    vault_id: Annotated[str, typer.Argument(help="The person's vault id.")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """A person's own report: who did what with their record, when and why (JSON lines).

    Examples:

      boxguard vault report v_3f9a0c1d2e4b5a6978c0d1e2

      boxguard vault report v_3f9a0c1d2e4b5a6978c0d1e2 --db postgres://db/crm > report.jsonl
    """
    with guard_session(_open(db, rules), services) as guard:
        lines = jobs.report(guard, vault_id)
    for line in lines:
        typer.echo(
            json.dumps(
                {
                    "time": line.time.isoformat(),
                    "action": line.action,
                    "actor": line.actor,
                    "role": line.role,
                    "purpose": line.purpose,
                    "outcome": line.outcome,
                    "fields": list(line.fields),
                    "rule": line.rule,
                },
                ensure_ascii=False,
            )
        )


@vault_app.command("delete")
def vault_delete(
    vault_id: Annotated[str, typer.Argument(help="The person's vault id.")],
    as_: AsOpt,
    purpose: PurposeOpt,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Erase a person: their data key is shredded, every copy of their fields unreadable.

    Examples:

      boxguard vault delete v_3f9a0c1d2e4b5a6978c0d1e2 --as sun.dpo --purpose erasure

      boxguard vault delete v_3f9a0c1d2e4b5a6978c0d1e2 --as sun.dpo --purpose erasure --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        jobs.delete(guard, vault_id, user=as_, purpose=purpose)
    _say(f"deleted {vault_id} (its data key is shredded)")


@vault_app.command("export")
def vault_export(
    as_: AsOpt,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="Why (asking for a new export).")
    ] = None,
    ids: Annotated[
        str | None, typer.Option("--ids", help="Vault ids to export, comma-separated.")
    ] = None,
    fields: Annotated[
        str | None, typer.Option("--fields", help="Field names to export, comma-separated.")
    ] = None,
    approval: Annotated[
        str | None, typer.Option("--approval", help="Run this approved export (once).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the rows here (JSONL); stdout else.")
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Export people's fields in clear, with four eyes: ask, a second user approves, run.

    Without --approval, asks (prints the approval id); with it, runs the approved export:
    one JSON line a record, {"vault_id": ..., "fields": {...}}.

    Examples:

      boxguard vault export --as wang.cs --purpose audit --ids v_3f9a...,v_77b1... --fields 手机

      boxguard vault export --as wang.cs --approval x_5d2c0f3a9b1e4d7c --out export.jsonl
    """
    with guard_session(_open(db, rules), services) as guard:
        if approval is None:
            if purpose is None or ids is None or fields is None:
                raise InputError("asking for an export needs --purpose, --ids and --fields")
            approval_id = jobs.request_export(
                guard, user=as_, purpose=purpose, vault_ids=_csv_list(ids), fields=_csv_list(fields)
            )
            typer.echo(approval_id)
            _say(f"export requested: a second user approves it with `vault approve {approval_id}`")
            return
        from boxguard.io.atomic import atomic_text

        # --out is opened first: an export is run once, and must not be used up on a path
        # that cannot be written; clear values: its owner's only, as the keyset is
        to = contextlib.nullcontext(sys.stdout) if out is None else atomic_text(out, private=True)
        with to as fh:
            rows = jobs.export(guard, approval, user=as_)
            fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    _say(f"exported {len(rows)} records")


@vault_app.command("approve")
def vault_approve(
    approval: Annotated[str, typer.Argument(help="The export's approval id.")],
    as_: AsOpt,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Approve someone else's export request (a role with approve_export for its purpose).

    Examples:

      boxguard vault approve x_5d2c0f3a9b1e4d7c --as sun.dpo

      boxguard vault approve x_5d2c0f3a9b1e4d7c --as sun.dpo --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        decision = jobs.approve_export(guard, approval, user=as_)
    _say(f"approved {approval} ({decision.rule})")


@vault_app.command("rotate")
def vault_rotate(
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Rewrap every data key under the keyset's primary KEK, after `boxguard keys rotate`.

    Field ciphertexts are not re-encrypted; reads work throughout; audited. Afterwards
    no data key depends on an older KEK.

    Examples:

      boxguard keys rotate && boxguard vault rotate

      boxguard vault rotate --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        done = jobs.rotate(guard, actor=_admin())
    _say(f"rewrapped {done.rewrapped} data keys under KEK {done.primary}")
    if done.retired:
        _say(
            "no data key is wrapped by KEK "
            + ", ".join(done.retired)
            + " any more: retired from the vault (keep the key in the keyset while the audit "
            "log's older heads, FPE files or tokens need it)"
        )


# -- users, grant, consent -------------------------------------------------------------------
@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (letters, digits, _ . @ -).")],
    role: Annotated[str, typer.Option("--role", help="A role declared in the access rules.")],
    disabled: Annotated[bool, typer.Option("--disabled", help="Add the user disabled.")] = False,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Add a user (or change their role); audited.

    Examples:

      boxguard users add li.courier --role courier

      boxguard users add li.courier --role courier --disabled
    """
    with guard_session(_open(db, rules), services) as guard:
        user = jobs.add_user(guard, name, role, actor=_admin(), active=not disabled)
    _say(f"user {user.name} is {user.role}{'' if user.active else ' (disabled)'}")


@users_app.command("import")
def users_import(
    file: Annotated[Path, typer.Argument(help="A rules file (YAML or .toml).")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Write the purposes, roles, limits, users and grants of a rules file into the database.

    Every process (the command line, serve) reads them from there at once. Everything
    is checked before anything is written; each change is audited. Purposes and role
    names declared already, role definitions and grants stored already are skipped: a
    role the file only names (courier: {}) keeps the limits it has.

    Examples:

      boxguard users import staff.yaml

      boxguard users import staff.yaml --rules rules.yaml --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        done = jobs.import_rules(guard, file, actor=_admin())
    _say(
        f"imported {len(done.purposes)} purposes, {len(done.roles)} roles, "
        f"{len(done.users)} users and {len(done.grants)} grants from {file}"
    )


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user the API token is for.")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Make a new API token for a user of `boxguard serve` (printed once, stored hashed).

    Examples:

      boxguard users token li.courier

      boxguard users token li.courier --db postgres://db/crm > li.token
    """
    from boxguard.jobs.tokens import new_token

    with guard_session(_open(db, rules), services) as guard:
        token = new_token(guard, name, actor=_admin())
    typer.echo(token)
    _say(f"new API token for {name}: shown once, keep it secret")


@users_app.command("tokens")
def users_tokens(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """List the API tokens of `boxguard serve` by id (never the token itself), JSON lines.

    Examples:

      boxguard users tokens

      boxguard users tokens --user li.courier --db postgres://db/crm
    """
    from boxguard.jobs.tokens import list_tokens

    with guard_session(_open(db, rules), services) as guard:
        found = list_tokens(guard, user)
    for t in found:
        typer.echo(
            json.dumps(
                {
                    "id": t.id,
                    "user": t.user,
                    "created": t.created_at.isoformat(),
                    "revoked": t.revoked_at.isoformat() if t.revoked_at else None,
                }
            )
        )


@users_app.command("revoke-token")
def users_revoke_token(
    token_id: Annotated[
        str | None, typer.Argument(help="The token's id, as `users tokens` lists it.")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Revoke every token of this user.")
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Revoke an API token (or all of a user's): `serve` refuses it from then on; audited.

    Examples:

      boxguard users revoke-token 3f9a0c1d2e4b

      boxguard users revoke-token --user li.courier --db postgres://db/crm
    """
    from boxguard.jobs.tokens import revoke_tokens

    with guard_session(_open(db, rules), services) as guard:
        done = revoke_tokens(guard, actor=_admin(), token_id=token_id, user=user)
    if not done:
        _say(f"{user} has no live API token")
        return
    _say("revoked API tokens " + ", ".join(f"{t.id} ({t.user})" for t in done))


# -- roles, purposes -------------------------------------------------------------------------
DescriptionOpt = Annotated[
    str | None, typer.Option("--description", help="What it is for (one line).")
]
RevealsOpt = Annotated[
    int | None,
    typer.Option("--reveals-per-hour", help="Reveals a user of the role may make in an hour."),
]
HoursOpt = Annotated[
    str | None,
    typer.Option("--working-hours", help="When its users may reveal, HH:MM-HH:MM (09:00-18:00)."),
]
TimezoneOpt = Annotated[
    str | None,
    typer.Option("--timezone", help="The time zone of the working hours (Asia/Shanghai)."),
]


def _role_line(view: jobs.RoleView) -> str:
    lim = view.role.limits
    hours = lim.working_hours if lim else None
    return json.dumps(
        {
            "role": view.role.name,
            "description": view.role.description,
            "reveals_per_hour": lim.reveals_per_hour if lim else None,
            "working_hours": hours_spec(hours) if hours else None,
            "timezone": lim.timezone if lim else None,
            "source": view.source,
        },
        ensure_ascii=False,
    )


def _role_said(role: Role) -> str:
    from boxguard.vault.service import limits_text

    return f"role {role.name}: {limits_text(role.limits)}"


@roles_app.command("add")
def roles_add(
    role: Annotated[str, typer.Argument(help="The new role's name (letters, digits, _ . @ -).")],
    description: DescriptionOpt = None,
    reveals_per_hour: RevealsOpt = None,
    working_hours: HoursOpt = None,
    timezone: TimezoneOpt = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Declare a new role, with its limits, in the database; audited.

    A running serve sees it at once. A role declared already (in the rules file or the
    database) is refused: change it with `roles set`.

    Examples:

      boxguard roles add night_courier --reveals-per-hour 30 --working-hours 20:00-24:00

      boxguard roles add auditor --description 'reads the audit log' --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        made = jobs.add_role(
            guard,
            role,
            actor=_admin(),
            description=description or "",
            reveals_per_hour=reveals_per_hour,
            working_hours=working_hours,
            timezone=timezone,
        )
    _say(f"{_role_said(made)} (added)")


@roles_app.command("set")
def roles_set(
    role: Annotated[str, typer.Argument(help="A declared role.")],
    description: DescriptionOpt = None,
    reveals_per_hour: RevealsOpt = None,
    no_hourly_limit: Annotated[
        bool, typer.Option("--no-hourly-limit", help="Drop the reveals-per-hour limit.")
    ] = False,
    working_hours: HoursOpt = None,
    any_hours: Annotated[
        bool, typer.Option("--any-hours", help="Drop the working hours (any time).")
    ] = False,
    timezone: TimezoneOpt = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Change a role's description or limits; what is not given stays; audited.

    The new definition is stored in the database and wins over the rules file's (for a
    role of the file too); a running serve applies it at once.

    Examples:

      boxguard roles set courier --reveals-per-hour 20 --working-hours 09:00-18:00

      boxguard roles set courier --no-hourly-limit --any-hours --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        made = jobs.set_role(
            guard,
            role,
            actor=_admin(),
            description=description,
            reveals_per_hour=reveals_per_hour,
            working_hours=working_hours,
            timezone=timezone,
            no_hourly_limit=no_hourly_limit,
            any_hours=any_hours,
        )
    _say(f"{_role_said(made)} (changed)")


@roles_app.command("list")
def roles_list(
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """List the declared roles with their limits and where each is defined (JSON lines).

    source is file, database, or database (overrides the rules file).

    Examples:

      boxguard roles list

      boxguard roles list --rules rules.yaml --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        views = jobs.list_roles(guard)
    for view in views:
        typer.echo(_role_line(view))


@roles_app.command("remove")
def roles_remove(
    role: Annotated[str, typer.Argument(help="A role added with `roles add` (or `roles set`).")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Remove a role from the database; refused while users or grants use it; audited.

    A role the rules file declares too goes back to the file's definition.

    Examples:

      boxguard roles remove night_courier

      boxguard roles remove courier --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        jobs.remove_role(guard, role, actor=_admin())
        back = role in guard.access().roles
    _say(f"role {role} removed" + (" (the rules file's definition applies)" if back else ""))


@purposes_app.command("add")
def purposes_add(
    purpose: Annotated[str, typer.Argument(help="The new purpose (letters, digits, _ . @ -).")],
    description: DescriptionOpt = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Declare a new purpose in the database; audited.

    Grants, consent and reveals may name it at once (a running serve too).

    Examples:

      boxguard purposes add returns

      boxguard purposes add fraud_check --description 'chargeback review' --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        made = jobs.add_purpose(guard, purpose, actor=_admin(), description=description or "")
    _say(f"purpose {made.name} added")


@purposes_app.command("list")
def purposes_list(
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """List the declared purposes and where each is declared (JSON lines).

    Examples:

      boxguard purposes list

      boxguard purposes list --rules rules.yaml --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        views = jobs.list_purposes(guard)
    for view in views:
        typer.echo(
            json.dumps(
                {
                    "purpose": view.purpose.name,
                    "description": view.purpose.description,
                    "source": view.source,
                },
                ensure_ascii=False,
            )
        )


@purposes_app.command("remove")
def purposes_remove(
    purpose: Annotated[str, typer.Argument(help="A purpose added with `purposes add`.")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Remove a purpose from the database; refused while grants or consent name it; audited.

    Examples:

      boxguard purposes remove returns

      boxguard purposes remove fraud_check --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        jobs.remove_purpose(guard, purpose, actor=_admin())
    _say(f"purpose {purpose} removed")


@app.command("grant")
def grant(
    role: Annotated[str, typer.Argument(help="A declared role.")],
    field: Annotated[str, typer.Argument(help="A kind id, a column name, or *.")],
    purpose: PurposeOpt,
    action: Annotated[
        str, typer.Option("--action", help="reveal, export, approve_export or delete.")
    ] = "reveal",
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Let a role reveal (or export, approve, delete) a field for a purpose; audited.

    Examples:

      boxguard grant courier cn_mobile --purpose delivery

      boxguard grant dpo '*' --purpose erasure --action delete
    """
    with guard_session(_open(db, rules), services) as guard:
        made = jobs.add_grant(guard, role, field, purpose, actor=_admin(), action=action)
    _say(str(made))


@app.command("revoke")
def revoke(
    role: Annotated[str, typer.Argument(help="The role of a grant made with `grant`.")],
    field: Annotated[str, typer.Argument(help="Its field: a kind id, a column name, or *.")],
    purpose: PurposeOpt,
    action: Annotated[
        str, typer.Option("--action", help="reveal, export, approve_export or delete.")
    ] = "reveal",
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Remove a grant made with `grant` (or `users import`); audited.

    A grant written in the rules file stays: edit the file.

    Examples:

      boxguard revoke courier cn_mobile --purpose delivery

      boxguard revoke dpo '*' --purpose erasure --action delete --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        gone = jobs.revoke_grant(guard, role, field, purpose, actor=_admin(), action=action)
    _say(f"revoked: {gone}")


@consent_app.command("set")
def consent_set(
    vault_id: Annotated[str, typer.Argument(help="The person's vault id.")],
    purposes: Annotated[
        str, typer.Option("--purposes", help="Purposes, comma-separated ('' withdraws).")
    ],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Replace what a person consented to; audited.

    Examples:

      boxguard consent set v_3f9a0c1d2e4b5a6978c0d1e2 --purposes delivery,after_sales

      boxguard consent set v_3f9a0c1d2e4b5a6978c0d1e2 --purposes ''
    """
    chosen = _csv_list(purposes)
    with guard_session(_open(db, rules), services) as guard:
        jobs.set_consent(guard, vault_id, chosen, actor=_admin())
    _say(f"consent of {vault_id}: {', '.join(chosen) or 'none'}")


# -- reveal -----------------------------------------------------------------------------------
@app.command("reveal")
def reveal(
    vault_id: Annotated[str, typer.Argument(help="The person's vault id.")],
    field: Annotated[str, typer.Argument(help="The field (column) to reveal.")],
    as_: AsOpt,
    purpose: PurposeOpt,
    ref: Annotated[
        str | None, typer.Option("--ref", help="A reference kept with the event (a ticket).")
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Print one field in clear, if the rules allow it; recorded in the audit log first.

    Exits 0 and prints the value only when allowed; otherwise exits 3 naming the rule.

    Examples:

      boxguard reveal v_3f9a0c1d2e4b5a6978c0d1e2 手机 --as li.courier --purpose delivery

      boxguard reveal v_3f9a0c1d2e4b 姓名 --as wang.cs --purpose after_sales --ref T-12
    """
    with guard_session(_open(db, rules), services) as guard:
        done = jobs.reveal(guard, vault_id, field, user=as_, purpose=purpose, reference=ref)
    typer.echo(done.value)
    _say(f"recorded as audit event {done.event}")


# -- audit ---------------------------------------------------------------------------------------
@audit_app.command("log")
def audit_log(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table or jsonl (one event a line); default: table on a terminal, jsonl piped.",
        ),
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Print the audit log's events in order (never a value: ids, names, rules).

    Examples:

      boxguard audit log

      boxguard audit log --format table --db postgres://db/crm
    """
    format_ = _events_format(format_)
    with guard_session(_open(db, rules, existing=True), services) as guard:
        _events(jobs.audit_events(guard), format_)


@audit_app.command("mine")
def audit_mine(
    as_: AsOpt,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table or jsonl (one event a line); default: table on a terminal, jsonl piped.",
        ),
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Print what a user did, as the audit log recorded it.

    Examples:

      boxguard audit mine --as li.courier

      boxguard audit mine --as li.courier --format table
    """
    format_ = _events_format(format_)
    with guard_session(_open(db, rules, existing=True), services) as guard:
        _events(jobs.audit_mine(guard, user=as_), format_)


def _events_format(format_: str | None) -> str:
    """``--format`` of the audit's listings: as every verb, rich on a terminal, JSONL piped."""
    if format_ is None:
        return "table" if sys.stdout.isatty() else "jsonl"
    if format_ not in ("jsonl", "table"):
        raise InputError(f"--format {format_}: jsonl or table")
    return format_


def _events(events: Iterable[RecordedEvent], format_: str) -> None:
    if format_ == "jsonl":
        for rec in events:
            obj = event_object(rec)
            obj.pop("v", None)
            obj["time"] = rec.time.isoformat()
            typer.echo(json.dumps(obj, ensure_ascii=False, sort_keys=True))
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(highlight=False, box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("seq", "time", "action", "actor", "role", "outcome", "purpose", "fields", "rule"):
        fixed = col in ("seq", "time", "action", "outcome")  # short: never folded
        table.add_column(
            col, justify="right" if col == "seq" else "left", no_wrap=fixed, overflow="fold"
        )
    for rec in events:
        e = rec.event
        cells = (
            str(rec.seq),
            rec.time.strftime("%Y-%m-%d %H:%M:%S"),
            e.action,
            e.actor,
            e.role or "-",
            e.outcome,
            e.purpose or "-",
            ",".join(e.fields) or "-",
            e.rule or "-",
        )
        table.add_row(*(Text(c) for c in cells))  # names as written, never read as markup
    out_console().print(table)  # a file or pipe gets a wide one, not 80 columns


def _verdict(result: VerifyResult) -> None:
    if result.ok:
        _say(f"audit log intact: {result.events} events, each covered by a signed head")
        raise typer.Exit(0)
    where = f"event {result.first_bad_seq}" if result.first_bad_seq is not None else "the whole log"
    _say(f"audit log NOT intact: first bad: {where}: {result.reason}")
    raise typer.Exit(1)


@audit_app.command("verify")
def audit_verify(
    trusted: Annotated[
        Path | None,
        typer.Option(
            "--trusted",
            help="A head kept outside the database (--keep-head's file, or an `audit "
            "export`): a log cut shorter than it, or that forked from it, fails.",
        ),
    ] = None,
    keep_head: Annotated[
        Path | None,
        typer.Option(
            "--keep-head",
            help="When intact, write the newest signed head here (keep it where the "
            "database's writers cannot: the next --trusted).",
        ),
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Check every event against the signed tree heads; exit 1 naming the first bad event.

    Cutting the newest events off together with their heads leaves a log as it was
    earlier, validly signed: only a head kept elsewhere (--keep-head, then --trusted)
    tells.

    Examples:

      boxguard audit verify

      boxguard audit verify --trusted /mnt/auditor/head.json --keep-head /mnt/auditor/head.json

      boxguard audit verify --db postgres://db/crm
    """
    head = jobs.read_head(trusted) if trusted is not None else None
    with guard_session(_open(db, rules, existing=True), services) as guard:
        result = jobs.audit_verify(guard, head)
    if result.ok and keep_head is not None and result.head is not None:
        jobs.write_head(keep_head, result.head)
    _verdict(result)


@audit_app.command("prune")
def audit_prune(
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Erase the content of audit events past the retention; the log still verifies.

    The retention is [guard] retention_days in boxguard.toml or
    BOXGUARD_RETENTION_DAYS (default 365, at least 184: six months). Leaf
    hashes and signed heads are kept; audited.

    Examples:

      boxguard audit prune

      boxguard audit prune --db postgres://db/crm
    """
    with guard_session(_open(db, rules), services) as guard:
        done = jobs.audit_prune(guard, actor=_admin())
    _say(
        f"erased the content of {done.erased} audit events older than {done.days} days "
        f"(before {done.cutoff.isoformat()}); leaf hashes and signed heads kept"
    )


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write into.")],
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Write the events, signed heads and public key for an outside auditor.

    Examples:

      boxguard audit export --out audit-2026-12/

      boxguard audit export --out /mnt/auditor --db postgres://db/crm
    """
    with guard_session(_open(db, rules, existing=True), services) as guard:
        n = jobs.audit_export(guard, out)
    _say(f"wrote {n} events to {out / jobs.EXPORT_FILE}, key {out / jobs.PUBLIC_KEY_FILE}")


@audit_app.command("verify-export")
def audit_verify_export(
    folder: Annotated[Path, typer.Argument(help="A folder `audit export` wrote (or its file).")],
    public_key: Annotated[
        Path, typer.Option("--public-key", help="The auditor's own copy of the public key.")
    ],
    retention: Annotated[
        int,
        typer.Option(
            "--retention-days", help="Pruned events must be older than this (at least 184)."
        ),
    ] = DEFAULT_RETENTION_DAYS,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """An outside auditor's check of an export, with no keyset and no database.

    Examples:

      boxguard audit verify-export audit-2026-12/ --public-key audit-2026-12/audit-public-key.pem

      boxguard audit verify-export audit-2026-12/audit.jsonl --public-key key.pem
    """
    _verdict(jobs.audit_verify_export(folder, public_key, retention=retention))


# -- serve -----------------------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8750,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (each with its own connections; the audit log stays one).",
        ),
    ] = 1,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=1,
            max=jobs.MAX_SERVE_THREADS,
            help="Threads running requests in each process (few: a request holds the GIL).",
        ),
    ] = jobs.SERVE_THREADS,
    policy: PolicyOpt = jobs.DEFAULT_POLICY,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Serve the guard over HTTP (find, show, reveal, report, audit) with per-user tokens.

    Needs the serve extra: pip install 'boxguard[serve]'. Put it behind TLS.

    Examples:

      boxguard serve

      boxguard serve --host 0.0.0.0 --port 8750 --workers 2 --db postgres://db/crm
    """
    try:
        import uvicorn

        from boxguard.adapters.api import WORKER_ENV, create_app, worker_options
    except ImportError:
        raise InputError("serve needs FastAPI and uvicorn: pip install 'boxguard[serve]'") from None
    opts = _open(db, rules, policy)
    # bad options fail here, once; migrations run once
    api = create_app(opts, services, threads=threads)
    _bindable(host, port)
    _say(f"serving on http://{host}:{port} (OpenAPI at /docs)")
    if workers == 1:
        uvicorn.run(api, host=host, port=port, log_level="warning", access_log=False)
        return
    api.state.guard.close()
    os.environ[WORKER_ENV] = worker_options(opts, threads)
    uvicorn.run(
        "boxguard.adapters.api:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


def _bindable(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on (a port in use, a
    host that is not this machine's), before saying it serves: uvicorn would log the error
    and exit 3, which the command line keeps for access denied."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            sock.bind(address)
    except OSError as err:  # gaierror included
        raise InputError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
