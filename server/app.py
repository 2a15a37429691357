"""The ASGI application: routes under /v1, the gate in front of them, error bodies."""

from __future__ import annotations

import dataclasses
import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from db.central import PhotoBlob, ReceivedCase
from server import dashboard, errors, export, review, signals
from server.auth import (
    Principal,
    acquire_push_lease,
    enrol,
    refuse_if_revoked,
    release_push_lease,
    touch_device,
)
from server.database import Database, current_revision, insert_ignore, upgrade
from server.errors import ApiError, error_body
from server.feed import pull
from server.feed import store_data as _store_data
from server.gate import BearerAuth, BodyLimit, OverloadGuard, VersionCheck
from server.ids import utcnow
from server.photos import PhotoStore, Received, check_sha
from server.planner_stats import PlannerStats
from server.push import PushService
from server.schemas import (
    AnnotationIn,
    AnnotationOut,
    CaseCheckRequest,
    CaseCheckResult,
    CaseDetail,
    CasePage,
    ChangesPage,
    EnrolRequest,
    EnrolResponse,
    Health,
    OperationResult,
    PhotoQuery,
    PhotoQueryResult,
    PhotoStored,
    ProtocolRange,
    PushRequest,
    PushResponse,
    ReviewOptions,
    SignalsReport,
    SortKey,
    StoreOut,
    VersionInfo,
)
from server.settings import Settings
from server.signals import signal_range
from server.timing import ServerTiming
from server.versions import (
    APP_VERSION_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    SCHEMA_VERSION_HEADER,
    WIRE_VERSIONS,
    ClientVersions,
    server_version,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="device or lead token")


# The dependencies are async: they only read the request. FastAPI runs a plain def one
# in the thread pool, and each such hop waits for the event loop's thread to get the GIL
# back: six per review page made up half its server time (1M cases, bench/review.py).
async def version_headers(
    protocol: Annotated[str, Header(alias=PROTOCOL_HEADER, description="protocol version")],
    app: Annotated[str, Header(alias=APP_VERSION_HEADER, description="app version")],
    schema: Annotated[
        str, Header(alias=SCHEMA_VERSION_HEADER, description="local schema revision")
    ],
) -> None:
    """Documents the headers in OpenAPI; gate.VersionCheck has checked them already."""


async def principal(
    request: Request,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    found: Principal = request.state.principal  # set by gate.BearerAuth
    return found


async def counter(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if not who.is_counter:
        raise ApiError(403, errors.FORBIDDEN, "Only an enrolled counter may do this.")
    return who


async def lead(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.is_counter:
        raise ApiError(403, errors.FORBIDDEN, "Only a regional lead may do this.")
    return who


def client_versions(request: Request) -> ClientVersions | None:
    return getattr(request.state, "client_versions", None)


Counter = Annotated[Principal, Depends(counter)]
Lead = Annotated[Principal, Depends(lead)]


def _json_body(model: type[BaseModel], description: str) -> dict[str, Any]:
    """OpenAPI for a body the route reads itself (after the lease, not before)."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }


def _error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    schema = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                "required": ["code", "message"],
            }
        },
    }
    return {c: {"content": {"application/json": {"schema": schema}}} for c in codes}


def create_app(settings: Settings, *, freeze_start_up: bool = False) -> FastAPI:
    """The service. ``freeze_start_up``: the serving process's own app (server.__main__),
    which lives as long as the process, so everything made until it is ready is frozen
    out of the garbage collector's full collections."""
    limits = settings.limits
    database = Database(settings.url, pool_size=min(limits.max_concurrency, 20))
    photos = PhotoStore(settings.photos_dir)
    pushes = PushService(database)
    planner = PlannerStats(database)
    # A search counts its matches on a second connection while its page is read.
    searches = ThreadPoolExecutor(limits.max_concurrency, thread_name_prefix="search-count")
    alongside = review.Alongside(searches, database.read)
    schema_revision: dict[str, str | None] = {"rev": None}

    async def in_thread(fn: Callable[..., T], *args: Any) -> T:
        return await anyio.to_thread.run_sync(fn, *args)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await in_thread(upgrade, database)
        # SQLite: statistics for the tables that grew, behind the start (seconds at 1M cases).
        threading.Thread(target=planner.check, name="planner-stats", daemon=True).start()
        await in_thread(photos.prepare)
        schema_revision["rev"] = await in_thread(current_revision, database.engine)
        log.info(
            "ReturnDesk server %s: database schema %s, data in %s",
            server_version(),
            schema_revision["rev"],
            settings.data_dir,
        )
        if freeze_start_up:
            # Modules, the app, its routes, models and migrations: ~125k objects, which a
            # full collection walked in 90-100 ms, a pause inside whichever request set
            # it off. Frozen, they are never walked again (a full collection: ~4 ms).
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            searches.shutdown(wait=True, cancel_futures=True)
            database.dispose()

    app = FastAPI(
        title="ReturnDesk sync service",
        version=server_version(),
        description="Counters push finalised cases and photos, and pull orders, staff, "
        "policy and annotations. See docs/sync-protocol.md.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.database = database

    # ---- error bodies ------------------------------------------------------------------

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: errors.NOT_FOUND, 405: "METHOD_NOT_ALLOWED"}.get(
            exc.status_code, errors.INVALID_REQUEST
        )
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()[:20]
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid"}
        where = ".".join(str(p) for p in first["loc"])
        return JSONResponse(
            error_body(errors.INVALID_REQUEST, f"{where}: {first['msg']}", details=details),
            status_code=422,
        )

    @app.exception_handler(ClientDisconnect)
    async def gone(_request: Request, _exc: ClientDisconnect) -> JSONResponse:
        # Nobody is listening any more; this only keeps a traceback out of the log.
        return JSONResponse(error_body(errors.INVALID_REQUEST, "client went away"), 400)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_down(_request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return JSONResponse(
            error_body(errors.UNAVAILABLE, "The server cannot reach its database."),
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        # Starlette logs the traceback; the client gets a body it can parse.
        return JSONResponse(
            error_body(errors.INTERNAL, "The server failed; the error was logged."), 500
        )

    # ---- the gate (the last added runs first) ---------------------------------------------

    app.add_middleware(BearerAuth, database=database, cache_seconds=limits.token_cache_seconds)
    app.add_middleware(VersionCheck)
    app.add_middleware(BodyLimit, limits=limits)
    app.add_middleware(OverloadGuard, limits=limits)
    app.add_middleware(ServerTiming)  # outermost: the whole time the request spent here

    # ---- open routes ---------------------------------------------------------------------

    open_routes = APIRouter(prefix="/v1", tags=["service"])

    @open_routes.get(
        "/health",
        response_model=Health,
        responses={503: {"model": Health, "description": "the database is unreachable"}},
    )
    def health() -> JSONResponse:
        try:
            with database.read() as s:
                s.execute(text("SELECT 1"))
        except DBAPIError:
            return JSONResponse({"status": "degraded", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    @open_routes.get("/version", response_model=VersionInfo)
    def version() -> VersionInfo:
        return VersionInfo(
            server_version=server_version(),
            protocol=ProtocolRange(min=PROTOCOL_MIN, max=PROTOCOL_MAX),
            wire_versions=list(WIRE_VERSIONS),
            schema_revision=schema_revision["rev"],
            server_time=utcnow(),
        )

    # ---- versioned routes ----------------------------------------------------------------

    api = APIRouter(
        prefix="/v1",
        dependencies=[Depends(version_headers)],
        # 503: the database is unreachable (with Retry-After), on any route.
        responses=_error_responses(400, 401, 403, 413, 426, 429, 503),
    )

    @api.post(
        "/enrol",
        response_model=EnrolResponse,
        tags=["enrolment"],
        responses=_error_responses(403),
    )
    async def enrol_device(body: EnrolRequest, request: Request) -> EnrolResponse:
        """Trade a one-time enrolment code for a device token bound to the code's store."""
        versions = client_versions(request)
        done = await in_thread(enrol, database, body.code, body.device_name, versions)
        log.info("device %s enrolled for store %s", done.device_id, done.store.code)
        return EnrolResponse(
            device_id=done.device_id,
            token=done.token,
            store=StoreOut(**_store_data(done.store)),
            counter_no=done.counter_no,
            server_time=utcnow(),
        )

    @api.post(
        "/push",
        response_model=PushResponse,
        tags=["sync"],
        openapi_extra=_json_body(PushRequest, "a batch of outbox operations"),
        responses=_error_responses(409, 422),
    )
    async def push(request: Request, who: Counter) -> Response:
        """Apply outbox operations; each gets applied, duplicate or rejected."""
        # The lease before the body: a second push of the same device is turned away at
        # once, even while the first is still uploading.
        lease = await in_thread(
            acquire_push_lease,
            database,
            who.device_id,
            limits.push_lease_seconds,
            client_versions(request),
        )
        if lease is None:
            raise ApiError(
                409,
                errors.PUSH_IN_PROGRESS,
                "Another push of this device is still running; try again when it ends.",
                headers={"Retry-After": "1"},
            )

        def read_and_apply(raw: bytes) -> tuple[list[OperationResult], bool]:
            # One worker-thread call: parsing 100 cases is no work for the event loop.
            try:
                batch = PushRequest.model_validate_json(raw)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ApiError(422, errors.INVALID_REQUEST, f"{where}: {first['msg']}") from None
            if len(batch.operations) > limits.max_batch_ops:
                raise ApiError(
                    413,
                    errors.BATCH_TOO_LARGE,
                    f"At most {limits.max_batch_ops} operations per push; split the batch.",
                    max_batch_ops=limits.max_batch_ops,
                )
            assert lease is not None
            return pushes.push(who, batch.operations, lease)

        released = False
        try:
            raw = await request.body()
            # The lease is given back in the batch's own transaction when it can be.
            results, released = await in_thread(read_and_apply, raw)
        finally:
            if not released:
                await in_thread(release_push_lease, database, who.device_id, lease)
        counts: dict[str, int] = {}
        for r in results:
            counts[r.result] = counts.get(r.result, 0) + 1
        log.info("push from device %s (%s): %s", who.device_id, who.store_code, counts)
        # Serialised here, once: returned as a model, FastAPI would validate it again.
        answer = PushResponse(results=results, server_time=utcnow())
        # After enough new cases, SQLite's statistics are looked at once the answer is out.
        later = (
            BackgroundTask(planner.check)
            if planner.cases_stored(counts.get("applied", 0))
            else None
        )
        return Response(answer.model_dump_json(), media_type="application/json", background=later)

    @api.post("/photos/missing", response_model=PhotoQueryResult, tags=["photos"])
    def missing_photos(body: PhotoQuery, who: Counter) -> PhotoQueryResult:
        """Which of these photo hashes the server does not hold yet."""
        if len(body.sha256) > limits.max_hashes_per_query:
            raise ApiError(
                413,
                errors.BATCH_TOO_LARGE,
                f"Ask about at most {limits.max_hashes_per_query} hashes at once.",
                max_hashes=limits.max_hashes_per_query,
            )
        wanted = list(dict.fromkeys(body.sha256))
        with database.read() as s:
            have = set(s.scalars(select(PhotoBlob.sha256).where(PhotoBlob.sha256.in_(wanted))))
        # A row without its file (disk restored from an older backup) counts as missing.
        return PhotoQueryResult(missing=[h for h in wanted if h not in have or not photos.has(h)])

    @api.put(
        "/photos/{sha256}",
        response_model=PhotoStored,
        tags=["photos"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
        responses=_error_responses(408, 415, 422),
    )
    async def upload_photo(sha256: str, request: Request, who: Counter) -> PhotoStored:
        """Store one JPEG under its SHA-256; the bytes must hash to the name."""
        check_sha(sha256)
        media = request.headers.get("content-type", "image/jpeg").split(";")[0].strip()
        if media not in ("image/jpeg", "application/octet-stream"):
            raise ApiError(415, errors.UNSUPPORTED_MEDIA_TYPE, "Send the photo as image/jpeg.")

        def record(got: Received, put: Callable[[], None]) -> None:
            # Not waiting for the disk: the file is durable already, and a row lost in a
            # power cut only makes the photo count as missing, so it is sent again.
            with database.write(durable=False) as s:
                refuse_if_revoked(s, who.device_id)  # before the file takes its name
                put()
                insert_ignore(
                    s,
                    PhotoBlob,
                    [
                        {
                            "sha256": got.sha256,
                            "byte_size": got.byte_size,
                            "stored_at": utcnow(),
                            "device_id": who.device_id,
                        }
                    ],
                )

        got = await photos.receive(sha256, request.stream(), record)
        return PhotoStored(
            sha256=got.sha256, byte_size=got.byte_size, already_present=got.already_present
        )

    @api.get(
        "/photos/{sha256}",
        tags=["photos"],
        response_class=FileResponse,
        responses=_error_responses(404),
    )
    def download_photo(sha256: str, who: Lead) -> FileResponse:
        """A photo of a case in the lead's region."""
        check_sha(sha256)
        with database.read() as s:
            allowed = review.may_read_photo(s, who, sha256)
        if not allowed or not photos.has(sha256):
            raise ApiError(404, errors.NOT_FOUND, "No such photo in your region.")
        return FileResponse(photos.path(sha256), media_type="image/jpeg")

    @api.get(
        "/changes",
        response_model=ChangesPage,
        tags=["sync"],
        responses=_error_responses(410),  # MUST_REFETCH: pull everything again
    )
    def changes(
        request: Request,
        who: Counter,
        cursor: Annotated[str, Query(max_length=80)] = "",
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> ChangesPage:
        """Records that flow down (store, staff, orders, policy, annotations) after a cursor."""
        size = min(limit or limits.pull_page_default, limits.pull_page_max)
        assert who.store_code is not None
        with database.read() as s:
            page = pull(s, who.store_code, cursor, size)
        touch_device(database, who, client_versions(request))
        return ChangesPage.model_validate(
            {
                "items": page.items,
                "next_cursor": page.next_cursor,
                "has_more": page.has_more,
                "server_time": utcnow(),
            }
        )

    @api.post("/cases/check", response_model=CaseCheckResult, tags=["sync"])
    def check_cases(body: CaseCheckRequest, who: Counter) -> CaseCheckResult:
        """Which of these case ids of the device's store the server does not hold."""
        if len(body.case_ids) > limits.max_case_ids_per_check:
            raise ApiError(
                413,
                errors.BATCH_TOO_LARGE,
                f"Check at most {limits.max_case_ids_per_check} case ids at once.",
                max_case_ids=limits.max_case_ids_per_check,
            )
        wanted = list(dict.fromkeys(body.case_ids))
        with database.read() as s:
            known = set(
                s.scalars(
                    select(ReceivedCase.id).where(
                        ReceivedCase.id.in_(wanted), ReceivedCase.store_code == who.store_code
                    )
                )
            )
        return CaseCheckResult(known=len(known), missing=[c for c in wanted if c not in known])

    # ---- review (regional leads) ---------------------------------------------------------

    @api.get(
        "/review/cases",
        response_model=CasePage,
        tags=["review"],
        responses=_error_responses(422),
    )
    def review_cases(
        who: Lead,
        filters: Annotated[review.CaseQuery, Depends(dashboard.filter_query)],
        sort: Annotated[SortKey, Query()] = "finalised_at",
        order: Annotated[Literal["asc", "desc"], Query()] = "desc",
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> CasePage:
        """Cases of the lead's region: filtered, sorted and paged; flags true = only cases
        with the flag, false = only cases without it. Newest finalised first by default."""
        query = dataclasses.replace(
            filters, sort=sort, descending=order == "desc", page=page, limit=limit
        )
        with database.read() as s:
            return review.list_cases(s, who, query, alongside)

    @api.get("/review/options", response_model=ReviewOptions, tags=["review"])
    def review_options(who: Lead) -> ReviewOptions:
        """What the review filters offer: the region's stores, staff, reasons, resolutions."""
        with database.read() as s:
            return review.options(s, who)

    @api.get(
        "/review/cases/{case_id}",
        response_model=CaseDetail,
        tags=["review"],
        responses=_error_responses(404),
    )
    def review_case(case_id: str, who: Lead) -> CaseDetail:
        """Every field of a case as pushed, its photos, items, staff names and annotations."""
        with database.read() as s:
            return review.case_detail(s, who, case_id)

    @api.post(
        "/review/cases/{case_id}/annotations",
        response_model=AnnotationOut,
        tags=["review"],
        responses=_error_responses(404, 409, 422),
    )
    def annotate(case_id: str, body: AnnotationIn, who: Lead) -> AnnotationOut:
        """Add a verdict and/or a note to a case (idempotent by id); it flows down to the
        case's store with the next pull."""
        with database.write() as s:
            refuse_if_revoked(s, who.device_id)
            return review.annotate(s, who, case_id, body.id, body.verdict, body.text)

    @api.get(
        "/review/dashboard",
        response_model=dashboard.Dashboard,
        tags=["review"],
        responses=_error_responses(422),
    )
    def review_dashboard(
        who: Lead, query: Annotated[review.CaseQuery, Depends(dashboard.filter_query)]
    ) -> dashboard.Dashboard:
        """The dashboard's numbers for the case list's filters, in one answer: cases per
        reason over time (store-local days or weeks), per store, totals, top quality SKUs."""
        with database.read() as s:
            return dashboard.dashboard(s, who, query)

    @api.get(
        "/review/signals",
        response_model=SignalsReport,
        tags=["review"],
        responses=_error_responses(422),
    )
    def review_signals(
        who: Lead,
        finalised_from: Annotated[
            datetime | None, Query(description="inclusive; default: 28 days before the end")
        ] = None,
        finalised_to: Annotated[
            datetime | None, Query(description="exclusive; default: now")
        ] = None,
    ) -> SignalsReport:
        """What the lead would otherwise miss in the region's cases of the date range:
        products with many quality returns in a week, stores whose identity-override or
        outside-policy rate stands out, customers returning at several stores (masked).
        Thresholds: the server's signals.toml (docs/sync-protocol.md)."""
        since, until = signal_range(finalised_from, finalised_to, settings.signals)
        with database.read() as s:
            return signals.signals(s, who, since, until, settings.signals)

    @api.get(
        "/review/export",
        tags=["review"],
        response_class=StreamingResponse,
        responses={
            200: {
                "description": 'one CaseSummary per line, then {"end": {"rows": N}}',
                "content": {
                    "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/CaseSummary"}}
                },
                "headers": {
                    "X-Total-Count": {
                        "description": "rows that will follow",
                        "schema": {"type": "integer"},
                    }
                },
            },
            **_error_responses(404, 422),
        },
    )
    def review_export(
        who: Lead, query: Annotated[review.CaseQuery, Depends(export.export_query)]
    ) -> StreamingResponse:
        """Every case matching the case list's filters, in the list's order, as JSON lines
        (read in keyset chunks; the lead's app writes CSV or XLSX from them)."""
        total = export.count(database, who, query)
        lines = export.json_lines(database, who, query, limits.export_chunk_rows)
        return StreamingResponse(
            lines,
            media_type="application/x-ndjson",
            headers={"X-Total-Count": str(total), "Cache-Control": "no-store"},
        )

    app.include_router(open_routes)
    app.include_router(api)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            # The push body is read by the route itself; publish its models anyway.
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            body = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(body.pop("$defs", {}))
            schemas["PushRequest"] = body
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
