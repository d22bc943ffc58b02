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

import gc
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

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
from boxguard.storage.db import POOL

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
#: The largest request body read (a lookup or a reveal is a few hundred bytes): 413 above.
MAX_BODY = 64 << 10


class FindBody(BaseModel):
    kind: str = Field(
        max_length=64, description="A kind id (cn_mobile) or an indexed column's name."
    )
    value: str = Field(
        max_length=1024, description="The exact value to look up (in the body, never a URL)."
    )


class FindResult(BaseModel):
    vault_ids: list[str]


class RevealBody(BaseModel):
    field: str = Field(max_length=64, description="The field (column) to reveal.")
    purpose: str = Field(max_length=64, description="Why (a declared purpose).")
    reference: str | None = Field(
        default=None,
        max_length=200,
        description="A ticket kept with the event (one line, no personal value).",
    )


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


_BEARER = HTTPBearer(auto_error=False, description="`boxguard users token NAME`")


async def _bearer(
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> str:
    """The request's bearer token (401 without one). Async, so FastAPI runs it on the
    event loop: the one trip to a worker thread is the endpoint's own, which resolves
    the token to its user (:func:`_user`) before anything else."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise Unauthorized(_NO_TOKEN)
    return creds.credentials


#: The bearer token of the request, for an endpoint's signature.
Token = Annotated[str, Depends(_bearer)]


def _user(guard: Guard, token: str) -> str:
    """The user ``token`` stands for (401 for a token that stands for nobody)."""
    try:
        return user_of(guard, token)
    except InputError:
        raise Unauthorized("unknown API token") from None


def _challenge(message: str) -> JSONResponse:
    """401 asking for a bearer token."""
    return JSONResponse({"error": message}, 401, headers={"WWW-Authenticate": "Bearer"})


_NO_TOKEN = "an Authorization: Bearer token is required"


class _Gate:
    """ASGI middleware before every endpoint: a ``/v1`` request without a bearer token is
    401 before its body is read; a body is read whole here, at most :data:`MAX_BODY` bytes
    (413 beyond, however it is sent: a chunked body declares no length), then handed on.
    Nobody, with a token or without, makes the server hold more than that."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        too_large = JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, 413)
        if declared.isdigit() and int(declared) > MAX_BODY:
            await too_large(scope, receive, send)
            return
        scheme, _, token = headers.get(b"authorization", b"").partition(b" ")
        if scope["path"].startswith("/v1/") and (scheme.lower() != b"bearer" or not token.strip()):
            await _challenge(_NO_TOKEN)(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                await too_large(scope, receive, send)
                return
            more = message.get("more_body", False)
        handed = False

        async def replayed() -> Any:
            nonlocal handed
            if handed:
                return await receive()  # (waits for the client to go away)
            handed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replayed, send)


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no or unknown bearer token"},
    403: {"model": Problem, "description": "access denied: the rule is named"},
    404: {"model": Problem, "description": "no such record"},
    422: {"model": Problem, "description": "bad input"},
    503: {"model": Problem, "description": "the database failed"},
}


#: The collector's thresholds while serving: a request allocates a few hundred objects
#: (the body, the driver's rows, the event), so Python's default (700) ran a young
#: collection about every other request.
_GC_THRESHOLDS = (20_000, 20, 20)

#: Threads that run endpoints in one server process (``serve --threads``).
THREADS = jobs.SERVE_THREADS


def _answer_errors(api: FastAPI, guard: Guard) -> None:
    """Every error as ``{"error": "…"}`` with its status (:data:`STATUS`), never a value."""

    @api.exception_handler(BoxguardError)
    async def _boxguard_error(_req: Request, err: BoxguardError) -> JSONResponse:
        return JSONResponse({"error": str(err)}, status_code=status_of(err))

    async def _unknown_token(request: Request) -> JSONResponse | None:
        """401 when the request's token stands for nobody: a body is checked before the
        endpoint looks the token up, so an error about the body asks this first."""
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        try:
            await anyio.to_thread.run_sync(user_of, guard, token)
        except InputError:
            return _challenge("unknown API token")
        return None

    @api.exception_handler(RequestValidationError)
    async def _bad_request(req: Request, err: RequestValidationError) -> JSONResponse:
        if (unknown := await _unknown_token(req)) is not None:
            return unknown
        # FastAPI's own body echoes the input (a looked-up value): name the place only
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(
            {"error": f"bad request: {where}: {first.get('msg', 'invalid')}"}, status_code=422
        )

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(req: Request, err: StarletteHTTPException) -> JSONResponse:
        # the framework's own (a body that is not UTF-8 JSON, no such route): one shape
        if err.status_code == 400:  # FastAPI could not parse the body (not UTF-8)
            unknown = await _unknown_token(req)
            return unknown or JSONResponse(
                {"error": "bad request: the body is not UTF-8 JSON"}, 422
            )
        return JSONResponse({"error": str(err.detail)}, err.status_code, err.headers)

    @api.exception_handler(Unauthorized)
    async def _unauthorized(_req: Request, err: Unauthorized) -> JSONResponse:
        return _challenge(str(err))


def create_app(opts: GuardOptions, wiring: GuardWiring, *, threads: int = THREADS) -> FastAPI:
    """The API over a guard opened now with ``opts`` (closed when the app shuts down);
    endpoints run in at most ``threads`` threads."""
    if not 1 <= threads <= POOL:
        raise InputError(f"--threads must be between 1 and {POOL}")
    guard = open_guard(opts, wiring)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # endpoints run in worker threads: no more of them than the pool has connections
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        # what start-up made lives as long as the server: out of the collector's way, so a
        # full collection during a request walks only what requests made
        gc.collect()
        gc.freeze()
        thresholds = gc.get_threshold()
        gc.set_threshold(*_GC_THRESHOLDS)
        yield
        gc.set_threshold(*thresholds)
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

    _answer_errors(api, guard)
    api.add_middleware(_Gate)

    @api.post("/v1/find", responses=_ERRORS, summary="Find people by an exact value")
    def find(body: FindBody, token: Token) -> FindResult:
        """Vault ids holding the value (blind index, nothing decrypted; audited)."""
        user = _user(guard, token)
        return FindResult(vault_ids=jobs.find(guard, body.kind, body.value, actor=user))

    @api.get("/v1/records/{vault_id}", responses=_ERRORS, summary="A record, masked")
    def show(vault_id: str, token: Token) -> dict[str, str]:
        """The record as the caller's role sees it masked (audited)."""
        return jobs.show(guard, vault_id, user=_user(guard, token))

    @api.post(
        "/v1/records/{vault_id}/reveal",
        responses=_ERRORS,
        summary="One field in clear, by rule",
        response_model=RevealResult,
    )
    def reveal(vault_id: str, body: RevealBody, token: Token, request: Request) -> Response:
        """The clear value when the rules allow it (recorded in the audit log first);
        403 naming the rule otherwise."""
        client = f"api:{request.client.host}" if request.client else "api"
        with guard.same_access():  # the token, the user and the rules: one version
            done = jobs.reveal(
                guard,
                vault_id,
                body.field,
                user=_user(guard, token),
                purpose=body.purpose,
                reference=body.reference,
                client=client,
            )
        # the hottest endpoint writes its JSON itself: RevealResult is its documented shape,
        # and FastAPI's validation and serialization of it cost a tenth of a reveal
        out = {"vault_id": vault_id, "field": body.field, "value": done.value, "event": done.event}
        return Response(json.dumps(out, ensure_ascii=False), media_type="application/json")

    @api.get("/v1/records/{vault_id}/report", responses=_ERRORS, summary="A person's report")
    def report(vault_id: str, token: Token) -> list[ReportEntry]:
        """Who did what with the record, when and why (no values)."""
        guard.user(_user(guard, token))
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
    def verify(token: Token) -> VerifyReport:
        """Every event checked against the signed tree heads."""
        guard.user(_user(guard, token))
        r = jobs.audit_verify(guard)
        return VerifyReport(
            ok=r.ok,
            events=r.events,
            verified=r.verified,
            first_bad_event=r.first_bad_seq,
            reason=r.reason,
        )

    @api.get("/v1/audit/mine", responses=_ERRORS, summary="What the caller did")
    def mine(token: Token) -> list[EventEntry]:
        """The caller's own events, as the audit log recorded them."""
        user = _user(guard, token)
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


#: How ``serve --workers N`` hands its options to the worker processes uvicorn starts
#: (outside the ``BOXGUARD_*`` names, which are the user's).
WORKER_ENV = "_BOXGUARD_SERVE_WORKER"


def worker_options(opts: GuardOptions, threads: int = THREADS) -> str:
    """``opts`` (and the threads per process) as :data:`WORKER_ENV` carries them to
    :func:`worker_app`.

    >>> worker_options(GuardOptions(db="sqlite:///crm.db"))
    '{"db": "sqlite:///crm.db", "rules": null, "policy": "privacy-waybill", "threads": 4}'
    """
    rules = None if opts.rules is None else str(opts.rules)
    return json.dumps({"db": opts.db, "rules": rules, "policy": opts.policy, "threads": threads})


def worker_app() -> FastAPI:
    """The app of one worker process of ``serve --workers N`` (uvicorn starts the process
    and calls this): the options ``serve`` put in :data:`WORKER_ENV`, the settings and
    custom kinds loaded as the command line loads them."""
    from boxguard import services
    from boxguard.adapters.cli.settings import register_kinds
    from boxguard.settings import Settings

    raw = json.loads(os.environ[WORKER_ENV])
    settings = Settings.load()
    register_kinds(settings.config)
    services.configure(settings)
    rules = None if raw["rules"] is None else Path(raw["rules"])
    opts = GuardOptions(db=raw["db"], rules=rules, policy=raw["policy"])
    return create_app(opts, services, threads=raw["threads"])


__all__ = ["STATUS", "THREADS", "WORKER_ENV", "Guard", "create_app", "status_of", "worker_app"]
