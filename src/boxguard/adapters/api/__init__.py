"""ADAPTER: the guard over HTTP (FastAPI) — the same jobs as the command line.

``boxguard serve`` runs :func:`create_app` under uvicorn. Every endpoint needs
``Authorization: Bearer <token>`` (``boxguard users token NAME``); the token stands
for one user, whose role decides, exactly as ``--as`` does on the command line.
A value travels only in the body of an allowed reveal's response; a lookup value
travels in a request body, never in a URL (URLs end up in logs). Errors map to
HTTP statuses in one place (:data:`STATUS`) and carry the same one-line message as
the command line, never a value. The OpenAPI document is at ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from boxguard import __version__
from boxguard.errors import (
    AccessDenied,
    BoxguardError,
    ConfigError,
    CryptoError,
    InputError,
    IntegrityError,
    NotFound,
    StorageError,
    ValidationError,
)
from boxguard.jobs import guard as jobs
from boxguard.jobs.guard import Guard, GuardOptions, GuardWiring, open_guard
from boxguard.jobs.tokens import user_of

#: Error class → HTTP status: the first class of an error's MRO found here decides.
STATUS: dict[type[BaseException], int] = {
    AccessDenied: 403,
    NotFound: 404,
    ConfigError: 422,
    InputError: 422,
    ValidationError: 422,
    IntegrityError: 409,
    StorageError: 503,
    CryptoError: 500,
    BoxguardError: 400,
}


def status_of(err: BaseException) -> int:
    """The HTTP status of an error boxguard raised on purpose.

    >>> status_of(AccessDenied("x")), status_of(NotFound("x")), status_of(StorageError("x"))
    (403, 404, 503)
    """
    return next(STATUS[c] for c in type(err).__mro__ if c in STATUS)


class Unauthorized(Exception):
    """No token, or a token that stands for nobody (401)."""


# -- bodies --------------------------------------------------------------------------------
class FindBody(BaseModel):
    kind: str = Field(description="A kind id (cn_mobile) or an indexed column's name.")
    value: str = Field(description="The exact value to look up (in the body, never a URL).")


class FindResult(BaseModel):
    vault_ids: list[str]


class RevealBody(BaseModel):
    field: str = Field(description="The field (column) to reveal.")
    purpose: str = Field(description="Why (a declared purpose).")
    reference: str | None = Field(default=None, description="A ticket kept with the event.")


class RevealResult(BaseModel):
    vault_id: str
    field: str
    value: str
    event: int = Field(description="The audit event that recorded the reveal.")


class ReportEntry(BaseModel):
    time: str
    action: str
    actor: str
    role: str | None
    purpose: str | None
    outcome: str
    fields: list[str]
    rule: str | None


class EventEntry(BaseModel):
    seq: int
    time: str
    action: str
    actor: str
    role: str | None
    outcome: str
    record: str | None
    purpose: str | None
    fields: list[str]
    reference: str | None
    rule: str | None


class VerifyReport(BaseModel):
    ok: bool
    events: int
    verified: int
    first_bad_event: int | None
    reason: str


class Problem(BaseModel):
    error: str


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no or unknown bearer token"},
    403: {"model": Problem, "description": "access denied: the rule is named"},
    404: {"model": Problem, "description": "no such record"},
    422: {"model": Problem, "description": "bad input"},
    503: {"model": Problem, "description": "the database failed"},
}


def create_app(opts: GuardOptions, wiring: GuardWiring) -> FastAPI:
    """The API over a guard opened now with ``opts`` (closed when the app shuts down)."""
    guard = open_guard(opts, wiring)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        guard.close()

    api = FastAPI(
        title="boxguard guard API",
        version=__version__,
        description=(
            "The vault and audit log of boxguard. Every call needs a bearer token "
            "(`boxguard users token NAME`); the token's user and role decide."
        ),
        lifespan=lifespan,
    )
    api.state.guard = guard
    bearer = HTTPBearer(auto_error=False, description="`boxguard users token NAME`")

    def caller(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> str:
        if creds is None or creds.scheme.lower() != "bearer":
            raise Unauthorized("an Authorization: Bearer token is required")
        try:
            return user_of(guard, creds.credentials)
        except InputError:
            raise Unauthorized("unknown API token") from None

    Caller = Annotated[str, Depends(caller)]  # noqa: N806  (a type alias)

    @api.exception_handler(BoxguardError)
    async def _boxguard_error(_req: Request, err: BoxguardError) -> JSONResponse:
        return JSONResponse({"error": str(err)}, status_code=status_of(err))

    @api.exception_handler(Unauthorized)
    async def _unauthorized(_req: Request, err: Unauthorized) -> JSONResponse:
        return JSONResponse(
            {"error": str(err)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @api.post("/v1/find", responses=_ERRORS, summary="Find people by an exact value")
    def find(body: FindBody, user: Caller) -> FindResult:
        """Vault ids holding the value (blind index, nothing decrypted; audited)."""
        return FindResult(vault_ids=jobs.find(guard, body.kind, body.value, actor=user))

    @api.get("/v1/records/{vault_id}", responses=_ERRORS, summary="A record, masked")
    def show(vault_id: str, user: Caller) -> dict[str, str]:
        """The record as the caller's role sees it masked (audited)."""
        return jobs.show(guard, vault_id, user=user)

    @api.post(
        "/v1/records/{vault_id}/reveal", responses=_ERRORS, summary="One field in clear, by rule"
    )
    def reveal(vault_id: str, body: RevealBody, user: Caller, request: Request) -> RevealResult:
        """The clear value when the rules allow it (recorded in the audit log first);
        403 naming the rule otherwise."""
        client = f"api:{request.client.host}" if request.client else "api"
        done = jobs.reveal(
            guard,
            vault_id,
            body.field,
            user=user,
            purpose=body.purpose,
            reference=body.reference,
            client=client,
        )
        return RevealResult(vault_id=vault_id, field=body.field, value=done.value, event=done.event)

    @api.get("/v1/records/{vault_id}/report", responses=_ERRORS, summary="A person's report")
    def report(vault_id: str, user: Caller) -> list[ReportEntry]:
        """Who did what with the record, when and why (no values)."""
        guard.user(user)
        return [
            ReportEntry(
                time=line.time.isoformat(),
                action=line.action,
                actor=line.actor,
                role=line.role,
                purpose=line.purpose,
                outcome=line.outcome,
                fields=list(line.fields),
                rule=line.rule,
            )
            for line in jobs.report(guard, vault_id)
        ]

    @api.get("/v1/audit/verify", responses=_ERRORS, summary="Verify the audit log")
    def verify(user: Caller) -> VerifyReport:
        """Every event checked against the signed tree heads."""
        guard.user(user)
        r = jobs.audit_verify(guard)
        return VerifyReport(
            ok=r.ok,
            events=r.events,
            verified=r.verified,
            first_bad_event=r.first_bad_seq,
            reason=r.reason,
        )

    @api.get("/v1/audit/mine", responses=_ERRORS, summary="What the caller did")
    def mine(user: Caller) -> list[EventEntry]:
        """The caller's own events, as the audit log recorded them."""
        return [
            EventEntry(
                seq=r.seq,
                time=r.time.isoformat(),
                action=r.event.action,
                actor=r.event.actor,
                role=r.event.role,
                outcome=r.event.outcome,
                record=r.event.record,
                purpose=r.event.purpose,
                fields=list(r.event.fields),
                reference=r.event.reference,
                rule=r.event.rule,
            )
            for r in jobs.audit_mine(guard, user=user)
        ]

    return api


__all__ = ["STATUS", "Guard", "create_app", "status_of"]
