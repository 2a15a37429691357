"""Property-based fuzzing of the sync service's published OpenAPI (issue #5): no 5xx, ever.

A real server process (SQLite; PostgreSQL too when $RETURNDESK_TEST_PG_URL is set) with two
stores, staff, orders, an enrolled counter, a revoked one, a regional lead, a case with a
photo and a note. The schema is loaded from the running server's ``/openapi.json`` and
Schemathesis generates requests for every operation in it, through its Python API inside
plain tests (its pytest plugin's parametrisation is not used):

- as the counter and as the lead, with the three version headers: schema-valid requests
  (positive) and schema-violating ones (negative), and once more with the path ids pinned
  to records that exist, so the routes get past "not found";
- with the version headers generated as well (the version gate itself is fuzzed);
- with no token, an unknown, a revoked, a non-Bearer and an empty one (in turn): only 401,
  or 413 for an oversized body (the size is checked first); the open routes answer 200;
- with a NUL at the end of every text in the query, path and body (PostgreSQL cannot store
  NUL: refused or stored, never a 500).

Checks on every answer: not a 5xx (reported with the server's exception); the status code
is one the OpenAPI declares, except the few in UNDECLARED that the protocol page names but
the schema does not list yet (Schemathesis' status_code_conformance is replaced by this);
content type, headers and body conform to the schema; schema-violating requests are
refused (negative_data_rejection, except a number given for a date-time query value,
which pydantic reads as a Unix time). Not used: positive_data_acceptance (a valid request
is rightly refused 403/404/409: another identity's route, an unknown id, a reused note id)
and ignored_auth (the token tests check that explicitly).

The OpenAPI describes a push's ``payload`` as a free-form object, so Schemathesis cannot
reach the code that stores a case. The payload tests do: every field of a valid case set in
turn to the edges of its type (hash chain recomputed), then random combinations, then the
cases that made the server answer 500 when this file was written, one by one.

Bounded and deterministic: a fixed number of examples per operation, derandomised, no
shrinking (a failure is reported with its curl command and the server's exception instead),
no deadline. About 2,500 requests and 55 s per database on a 2-core machine.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.server_support import (
    BACKENDS,
    GENESIS,
    ROOT,
    VERSION_HEADERS,
    Order,
    ServerProcess,
    _event_hash,
    enrol_counter,
    fake_jpeg,
    fresh_database,
    import_orders,
    make_case_payload,
    make_op,
    new_id,
    sample_order,
    server_errors,
    sha256,
)

# Examples per operation and mode.
EXAMPLES = 25
EXAMPLES_OTHER = 5  # the other identity (answered 403 before the body is read)
EXAMPLES_PINNED = 10  # path ids pinned to existing records
EXAMPLES_GATE = 10  # bad tokens / generated version headers / NUL everywhere
EXAMPLES_PAYLOAD = 150

# Small limits, so generated lists and bodies can reach the 413 answers.
SERVER_ARGS = [
    "--max-batch", "5",
    "--max-request-bytes", str(128 * 1024),
    "--max-photo-bytes", str(64 * 1024),
]  # fmt: skip

OPEN_PATHS = {"/v1/health", "/v1/version"}
NO_TOKEN_PATHS = OPEN_PATHS | {"/v1/enrol"}
# What a regional lead does; everything else with a token is the counter's.
LEAD_OPERATIONS = {"GET /v1/photos/{sha256}"}
LEAD_TAGS = {"review"}

# Status codes docs/sync-protocol.md gives an operation but its OpenAPI `responses` do not
# declare (none now: every route declares its own). Conformance is checked strictly for
# every other code; the fix for an entry is a `responses=_error_responses(...)` on the
# route in server/app.py, not an entry here.
UNDECLARED: dict[str, set[int]] = {}

RESPONSE_CHECKS = [
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def hypothesis_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        # Explicit examples and generation only: a failure is collected, not shrunk (the
        # report carries the request), which keeps the run bounded.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


# ---- the server and what it holds -----------------------------------------------------------


@dataclass
class Fuzz:
    srv: ServerProcess
    doc: dict[str, Any]
    schema: Any  # schemathesis.BaseSchema
    operations: list[Any]  # schemathesis.APIOperation
    staff: str
    order: Order
    counter: str
    lead: str
    revoked: str
    case_id: str
    photo_sha: str
    problems: list[str] = field(default_factory=list)
    errors_seen: int = 0
    # One keep-alive session for Schemathesis' calls (a new one per request costs more than
    # the request); requests opens a new connection when the server dropped one.
    session: requests.Session = field(default_factory=requests.Session)

    def label(self, op: Any) -> str:
        return f"{op.method.upper()} {op.path}"

    def spec(self, op: Any) -> dict[str, Any]:
        """The operation as /openapi.json publishes it."""
        found: dict[str, Any] = self.doc["paths"][op.path][op.method.lower()]
        return found

    def is_lead_operation(self, op: Any) -> bool:
        tags = set(self.spec(op).get("tags", []))
        return self.label(op) in LEAD_OPERATIONS or bool(tags & LEAD_TAGS)

    def declared(self, op: Any) -> set[int]:
        return {int(code) for code in self.spec(op).get("responses", {}) if code.isdigit()}

    def negatable(self, op: Any) -> bool:
        """Whether a schema-violating request exists at all once the headers are fixed (a
        path parameter is any string, a photo body any bytes)."""
        spec = self.spec(op)
        has_query = any(p.get("in") == "query" for p in spec.get("parameters", []))
        return has_query or "application/json" in spec.get("requestBody", {}).get("content", {})

    def leniently_read(self, op: Any, failure: Any) -> bool:
        """A date/date-time query value given as a number (pydantic reads it as a Unix
        time): "schema-violating request accepted", but a lenient reading, not a defect."""
        found = re.search(r"parameter `([^`]+)` in query", failure.message)
        if not isinstance(failure, AcceptedNegativeData) or found is None:
            return False
        return any(
            p.get("in") == "query" and p["name"] == found[1]
            and '"format": "date' in json.dumps(p.get("schema", {}))
            for p in self.spec(op).get("parameters", [])
        )  # fmt: skip

    def path_parameters(self, op: Any) -> list[str]:
        return [p["name"] for p in self.spec(op).get("parameters", []) if p.get("in") == "path"]

    def report(self, what: str, case: Any, response: Any, headers: dict[str, str]) -> str:
        curl = case.as_curl_command(headers=headers)
        text = f"{what}\n  {curl}\n  -> {response.status_code} {response.text[:300]}"
        if response.status_code >= 500:
            text += f"\n  server: {self.new_server_error()}"
        return text

    def new_server_error(self) -> str:
        """The exception behind the 5xx just answered (read only then: the log is long)."""
        for _ in range(100):  # the server logs the traceback just after it answered
            errors = server_errors(self.srv.log_text())
            if len(errors) > self.errors_seen:
                self.errors_seen = len(errors)
                return errors[-1]
            time.sleep(0.02)
        return "(no traceback in the server log)"


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fuzz]:
    tmp = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with fresh_database(request.param) as url:
        srv = ServerProcess(tmp / "data", url, SERVER_ARGS).start()
        try:
            fz = _prepare(srv, tmp)
            yield fz
            fz.session.close()
        finally:
            srv.stop()
    # Every refusal is an answer, never a crash: the log holds no traceback.
    errors = server_errors(srv.log_text())
    assert not errors, "\n".join(errors[:20])


def _prepare(srv: ServerProcess, tmp: Path) -> Fuzz:
    srv.admin("create-store", "SH01", "--name", "上海一店", "--region", "East")
    srv.admin("create-store", "BJ01", "--name", "北京一店", "--region", "North")
    staff = srv.admin(
        "create-staff", "--store", "SH01", "--name", "李娜", "--role", "clerk", "--pin", "1234"
    )
    srv.admin(
        "create-staff", "--store", "BJ01", "--name", "王伟", "--role", "clerk", "--pin", "4321"
    )
    # Plenty to return: the payload fuzz stores many cases against the same line.
    order = sample_order("SH2611200001", "SH01", quantities=(10_000, 10_000))
    import_orders(srv, [order, sample_order("BJ2611200001", "BJ01")], tmp / "orders.json")
    counter = enrol_counter(srv, "SH01", "SH01 counter 1")
    revoked = enrol_counter(srv, "SH01", "SH01 stolen")
    device = next(
        line.split()[0] for line in srv.admin("list-devices").splitlines() if "stolen" in line
    )
    srv.admin("revoke-device", device)
    lead = srv.admin("create-lead-token", "--region", "East", "--name", "East lead")

    # A case with a photo on the server, and a note on it: real ids for the pinned runs.
    photo = fake_jpeg(4096, seed=5)
    payload = make_case_payload("SH01", staff, order, [(order.lines[0], 1)], photos=[photo])
    with srv.client(counter) as c:
        r = c.put(f"/v1/photos/{sha256(photo)}", content=photo)
        assert r.status_code == 200, r.text
        r = c.post("/v1/push", json={"operations": [make_op(payload)]})
        assert r.status_code == 200 and r.json()["results"][0]["result"] == "applied", r.text
    case_id = payload["case"]["id"]
    with srv.client(lead) as c:
        r = c.post(
            f"/v1/review/cases/{case_id}/annotations", json={"id": new_id(), "text": "请跟进"}
        )
        assert r.status_code == 200, r.text

    doc = httpx.get(f"{srv.url}/openapi.json", timeout=20).json()
    schema = schemathesis.openapi.from_url(f"{srv.url}/openapi.json")
    loaded = list(schema.get_all_operations())
    broken = [str(r.err()) for r in loaded if not isinstance(r, Ok)]
    assert not broken, f"operations Schemathesis cannot load: {broken}"
    return Fuzz(
        srv=srv,
        doc=doc,
        schema=schema,
        operations=[r.ok() for r in loaded if isinstance(r, Ok)],
        staff=staff,
        order=order,
        counter=counter,
        lead=lead,
        revoked=revoked,
        case_id=case_id,
        photo_sha=sha256(photo),
    )


# ---- running Schemathesis ---------------------------------------------------------------------


def run(
    fz: Fuzz,
    op: Any,
    headers: dict[str, str],
    mode: GenerationMode,
    examples: int,
    *,
    expect: Callable[[Any, Any], str | None] | None = None,
    generate: tuple[str, ...] = (),
    path_parameters: dict[str, str] | None = None,
    variants: list[dict[str, str | None]] | None = None,
    transform: Callable[[Any], None] | None = None,
) -> int:
    """Generate ``examples`` requests for ``op`` and send them; collect every problem into
    fz.problems. ``headers`` are sent as they are, except those named in ``generate``
    (Schemathesis makes them up); ``variants`` are merged into them in turn, one per
    request (None: that header is not sent); ``transform`` changes a generated case before
    it is sent."""
    label = fz.label(op)
    declared = fz.declared(op) | UNDECLARED.get(label, set())
    checks = list(RESPONSE_CHECKS)
    if mode is GenerationMode.NEGATIVE:
        checks.append(negative_data_rejection)
    seen: set[str] = set()
    sent = 0

    def problem(key: str, text: str) -> None:
        if key not in seen:  # one report per kind of problem per run is enough
            seen.add(key)
            fz.problems.append(f"[{label}, {mode.value}] {text}")

    fixed = {k: v for k, v in headers.items() if k not in generate}
    strategy = op.as_strategy(generation_mode=mode, headers=fixed, path_parameters=path_parameters)

    @hypothesis_settings(examples)
    @given(case=strategy)
    def fuzz_operation(case: Any) -> None:
        nonlocal sent
        if transform is not None:
            transform(case)
        call_headers = dict(fixed)
        if variants:
            for name, value in variants[sent % len(variants)].items():
                if value is None:  # not sent at all, not even one Schemathesis made up
                    for key in [k for k in (case.headers or {}) if k.lower() == name.lower()]:
                        del case.headers[key]
                else:
                    call_headers[name] = value
        sent += 1
        try:
            response = case.call(base_url=fz.srv.url, headers=call_headers, session=fz.session)
        except Exception as exc:  # the server dropped the connection, …
            problem(f"transport {type(exc).__name__}", f"no answer: {exc!r}")
            fz.session.close()
            return
        status = response.status_code
        sent_headers = dict(response.request.headers)
        if status >= 500:
            problem(f"5xx {status}", fz.report(f"server error {status}", case, response,
                                               sent_headers))  # fmt: skip
            return
        if status not in declared:
            problem(f"undeclared {status}", fz.report(f"status {status} is not in the OpenAPI",
                                                      case, response, sent_headers))  # fmt: skip
        if expect is not None and (wrong := expect(case, response)):
            problem(f"expect {wrong}", fz.report(wrong, case, response, sent_headers))
        try:
            case.validate_response(response, checks=checks, headers=sent_headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                if fz.leniently_read(op, failure):
                    continue
                problem(f"check {failure.title}", fz.report(f"{failure.title}: "
                        f"{failure.message[:500]}", case, response, sent_headers))  # fmt: skip

    with contextlib.suppress(Unsatisfiable):  # nothing to vary (path ids pinned, headers fixed)
        fuzz_operation()
    return sent


def _assert_no_problems(fz: Fuzz) -> None:
    problems, fz.problems[:] = list(fz.problems), []
    assert not problems, f"{len(problems)} problem(s):\n\n" + "\n\n".join(problems)


# ---- the tests ------------------------------------------------------------------------------


def test_schema_publishes_every_documented_endpoint(fuzz: Fuzz) -> None:
    """The fuzzing covers what /openapi.json lists; every endpoint the protocol page
    describes must be in it (and no route may hide from the schema)."""
    text = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:GET|POST|PUT|PATCH|DELETE) /v1/[^` ?]*)", text))
    published = {fuzz.label(op) for op in fuzz.operations}
    assert len(documented) >= 12
    assert documented <= published, documented - published


@pytest.mark.parametrize("identity", ["counter", "lead"])
def test_fuzz_with_a_token(fuzz: Fuzz, identity: str) -> None:
    """Schema-valid and schema-violating requests as an enrolled counter / a regional lead."""
    token = fuzz.counter if identity == "counter" else fuzz.lead
    headers = {**VERSION_HEADERS, "Authorization": f"Bearer {token}"}
    sent = 0
    for op in fuzz.operations:
        if fuzz.srv.proc is None or fuzz.srv.proc.poll() is not None:
            pytest.fail(f"the server died:\n{fuzz.srv.log_text()[-3000:]}")
        own = fuzz.is_lead_operation(op) == (identity == "lead")
        if op.path in NO_TOKEN_PATHS and identity == "lead":
            continue  # the token plays no part there; the counter's run covers them
        examples = EXAMPLES if own else EXAMPLES_OTHER
        sent += run(fuzz, op, headers, GenerationMode.POSITIVE, examples)
        if fuzz.negatable(op):
            sent += run(fuzz, op, headers, GenerationMode.NEGATIVE, examples)
        if own and "{" in op.path:
            pinned = {"case_id": fuzz.case_id, "sha256": fuzz.photo_sha}
            params = {n: pinned[n] for n in fuzz.path_parameters(op) if n in pinned}
            sent += run(
                fuzz, op, headers, GenerationMode.POSITIVE, EXAMPLES_PINNED, path_parameters=params
            )
    _assert_no_problems(fuzz)
    assert sent > 100  # the requests did go out


def test_fuzz_generated_version_headers(fuzz: Fuzz) -> None:
    """The version gate with generated header values: refused or let through, never a 5xx."""
    headers = {**VERSION_HEADERS, "Authorization": f"Bearer {fuzz.counter}"}
    for op in fuzz.operations:
        if op.path not in OPEN_PATHS:
            run(
                fuzz,
                op,
                headers,
                GenerationMode.POSITIVE,
                EXAMPLES_GATE,
                generate=tuple(VERSION_HEADERS),
            )
    _assert_no_problems(fuzz)


def _header(response: Any, name: str) -> str | None:
    """A header of a Schemathesis response (its headers map lower-case names to lists)."""
    values = response.headers.get(name.lower())
    return values[0] if values else None


def _expect_refused(case: Any, response: Any) -> str | None:
    path, status = case.operation.path, response.status_code
    if path in OPEN_PATHS:
        return None if status == 200 else f"open route answered {status}"
    if path in NO_TOKEN_PATHS:
        return None if 400 <= status < 500 else f"enrol with a made-up code answered {status}"
    if status == 413:
        return None  # the size is checked before the token (docs/sync-protocol.md)
    if status != 401:
        return f"expected 401 without a valid token, got {status}"
    if _header(response, "WWW-Authenticate") != "Bearer":
        return "a 401 without WWW-Authenticate: Bearer"
    code = response.json()["error"]["code"]
    if code not in ("UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_REVOKED"):
        return f"401 with code {code}"
    return None


def test_fuzz_without_a_valid_token(fuzz: Fuzz) -> None:
    """Nothing but 401 (or 413) behind the gate, whatever the request, with no token, an
    unknown one, a revoked one or another scheme (in turn); open routes answer 200."""
    variants: list[dict[str, str | None]] = [
        {"Authorization": None},
        {"Authorization": "Bearer rdt_" + "A" * 43},
        {"Authorization": f"Bearer {fuzz.revoked}"},
        {"Authorization": f"Basic {fuzz.counter}"},
        {"Authorization": "Bearer"},
    ]
    for op in fuzz.operations:
        modes = [GenerationMode.POSITIVE]
        if fuzz.negatable(op) and op.path not in NO_TOKEN_PATHS:
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            run(fuzz, op, dict(VERSION_HEADERS), mode, EXAMPLES_GATE, expect=_expect_refused,
                variants=variants)  # fmt: skip
    _assert_no_problems(fuzz)


def _with_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value + "\x00"
    if isinstance(value, list):
        return [_with_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _with_nul(v) for k, v in value.items()}
    return value


def _nul_everywhere(case: Any) -> None:
    """A NUL at the end of every text the request carries (PostgreSQL cannot store it)."""
    if isinstance(case.body, dict | list):
        case.body = _with_nul(case.body)
    if case.query:
        case.query = _with_nul(dict(case.query))
    if case.path_parameters:
        case.path_parameters = _with_nul(dict(case.path_parameters))


def test_fuzz_nul_in_every_text(fuzz: Fuzz) -> None:
    """Texts ending in NUL in every query, path and body field: refused or stored, no 5xx."""
    for op in fuzz.operations:
        if op.path in OPEN_PATHS:
            continue
        token = fuzz.lead if fuzz.is_lead_operation(op) else fuzz.counter
        headers = {**VERSION_HEADERS, "Authorization": f"Bearer {token}"}
        run(fuzz, op, headers, GenerationMode.POSITIVE, EXAMPLES_GATE,
            transform=_nul_everywhere)  # fmt: skip
        if "{" in op.path:
            pinned = {"case_id": fuzz.case_id, "sha256": fuzz.photo_sha}
            params = {n: pinned[n] for n in fuzz.path_parameters(op) if n in pinned}
            run(fuzz, op, headers, GenerationMode.POSITIVE, EXAMPLES_GATE, path_parameters=params,
                transform=_nul_everywhere)  # fmt: skip
    _assert_no_problems(fuzz)


# ---- the part of a push the OpenAPI cannot describe: the case payload ----------------------

# Values at the edges of what JSON, Python and the two databases hold.
_EDGES: st.SearchStrategy[Any] = st.sampled_from(
    [
        2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1,  # INTEGER / BIGINT edges
        float("nan"), float("inf"), float("-inf"),  # Python's JSON writes them, pydantic reads
        "a\x00b", "\x00",  # PostgreSQL text and JSONB cannot hold NUL
        "9999-12-31T23:59:59-12:00",  # past datetime.max once in UTC
        "0001-01-01T00:00:00+12:00",  # before datetime.min once in UTC
        "2026-11-26T03:42:58",  # no offset
        "2026-02-30T00:00:00+00:00", "2026-11-26", "", "0" * 64,
        "00000000-0000-0000-0000-000000000000", "x" * 5000,
        None, True, 0, -1, 1.5, [], {}, {"\x00": 1},
    ]
)  # fmt: skip
_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)
)  # fmt: skip
_JSON = st.one_of(
    _EDGES,
    _LEAVES,
    st.recursive(
        _LEAVES | _EDGES,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=5,
    ),
)
_TIME_EDGES = [
    "9999-12-31T23:59:59-12:00",  # past datetime.max once in UTC
    "0001-01-01T00:00:00+12:00",  # before datetime.min once in UTC
    "9999-12-31T23:59:59.999999+00:00",
    "0001-01-01T00:00:00+00:00",
    "2026-11-26T03:42:58.123456+14:00",
    "2026-11-26T03:42:58",  # no offset
    "2026-11-26",
    "2026-02-30T00:00:00+00:00",
]
_TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["a\x00b", "\x00", "x" * 5000, "😀" * 50, "\u202e", "'; DROP TABLE x; --"]),
)


def _edges_like(value: Any) -> list[Any]:
    """Values of the same JSON type as ``value`` (its value in a valid case) at an edge:
    what the validation in front of the database lets through is what reaches it."""
    if isinstance(value, bool):
        return [None, 0, "true"]
    if isinstance(value, int):
        return [2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, -1, 1.5]
    if isinstance(value, str):
        if value[:4].isdigit() and "T" in value:
            return list(_TIME_EDGES)
        return ["a\x00b", "x" * 5000, "😀", ""]
    if isinstance(value, dict):
        nan, inf = float("nan"), float("inf")
        return [{"x": nan}, {"x": inf}, {"k\x00": 1}, {"x": "\x00"}, {"x": 2**64}, {"x": [[[]]]}]
    return [None, "\x00", 2**64, float("nan")]


def _like(value: Any) -> st.SearchStrategy[Any]:
    edges = st.sampled_from(_edges_like(value))
    if isinstance(value, bool):
        return edges | st.booleans()
    if isinstance(value, int):
        return edges | st.integers()
    if isinstance(value, str):
        return edges | _TEXTS
    if isinstance(value, dict):
        return edges | st.dictionaries(_TEXTS, _EDGES | _LEAVES, max_size=3)
    return _EDGES


Path_ = tuple[Any, ...]


def _paths(payload: dict[str, Any]) -> list[tuple[Path_, Any]]:
    """Where a value can be replaced (or added: a new key in flags or an event's detail),
    with the value it has in a valid case."""
    paths: list[tuple[Path_, Any]] = [((k,), v) for k, v in payload.items()]
    paths += [(("case", k), v) for k, v in payload["case"].items()]
    paths += [(("case", "flags", "fuzz"), 1)]
    for part in ("items", "photos", "audit"):
        last = len(payload[part]) - 1
        paths += [((part, last, k), v) for k, v in payload[part][last].items()]
    paths += [(("audit", 0, "detail", "fuzz"), {})]
    return paths


def _change(payload: dict[str, Any], changes: list[tuple[Path_, Any]], rechain: bool) -> None:
    for path, value in changes:
        target: Any = payload
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced the parent
    if rechain:
        try:  # recompute the audit hash chain, so the case gets past the chain check
            prev = GENESIS
            for ev in payload["audit"]:
                ev["prev_hash"] = prev
                prev = ev["hash"] = _event_hash(
                    prev, payload["case"]["id"], ev["seq"], ev["at"], ev["staff_id"],
                    ev["action"], ev["detail"],
                )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            pass  # too broken to chain; the server says so


class _Pusher:
    """Pushes one changed case per request on a keep-alive connection (opened again when
    the server dropped it after a 500); counts the answers, reports every kind of 5xx."""

    def __init__(self, fz: Fuzz) -> None:
        self.fz = fz
        self.http = fz.srv.client(fz.counter)
        self.outcomes: dict[str, int] = {}

    def close(self) -> None:
        self.http.close()

    def _post(self, body: bytes) -> httpx.Response:
        for attempt in (1, 2):
            try:
                return self.http.post(
                    "/v1/push", content=body, headers={"Content-Type": "application/json"}
                )
            except httpx.TransportError:
                self.http.close()
                self.http = self.fz.srv.client(self.fz.counter)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def push(self, payload: dict[str, Any], what: str) -> str:
        case = payload.get("case")
        entity_id = case.get("id") if isinstance(case, dict) else None
        op = {
            "op_id": new_id(),
            "entity": "return_case",
            "entity_id": entity_id if isinstance(entity_id, str) else new_id(),
            "operation": "finalise",
            "created_at": "2026-11-26T03:42:58+00:00",
            "payload": payload,
        }
        # allow_nan: a client bug can send NaN/Infinity; the server must refuse, not crash.
        body = json.dumps({"operations": [op]}, allow_nan=True, ensure_ascii=False)
        r = self._post(body.encode())
        if r.status_code == 200:
            result = r.json()["results"][0]
            key = f"{result['result']} {result['reason'] or ''}".strip()
        else:
            key = f"{r.status_code} {r.json()['error']['code']}"
        if r.status_code >= 500:
            key += f" {self.fz.new_server_error()}"
            if key not in self.outcomes:  # one report per kind of crash
                self.fz.problems.append(f"{key}\n  for {what}\n  body: {body[:1000]}")
        self.outcomes[key] = self.outcomes.get(key, 0) + 1
        return key


def _valid_case(fz: Fuzz) -> dict[str, Any]:
    line = fz.order.lines[0]
    return make_case_payload("SH01", fz.staff, fz.order, [(line, 1)],
                             photos=[fake_jpeg(64, seed=1)])  # fmt: skip


def test_push_payload_edges(fuzz: Fuzz) -> None:
    """Every field of a valid case, in turn, set to the edges of its type: no 5xx."""
    pusher = _Pusher(fuzz)
    try:
        for path, value in _paths(_valid_case(fuzz)):
            for edge in _edges_like(value):
                payload = _valid_case(fuzz)
                _change(payload, [(path, edge)], rechain=True)
                pusher.push(payload, f"{'.'.join(map(str, path))} = {edge!r:.60}")
    finally:
        pusher.close()
    _assert_no_problems(fuzz)
    assert pusher.outcomes.get("applied", 0) > 0, pusher.outcomes


def test_fuzz_push_payloads(fuzz: Fuzz) -> None:
    """A valid case with one or two fields replaced: mostly by an edge value of the same
    type, else by any JSON. Applied or rejected, never a 5xx."""
    template = _valid_case(fuzz)
    one_change = st.sampled_from(_paths(template)).flatmap(
        lambda pv: st.tuples(st.just(pv[0]), st.one_of(_like(pv[1]), _like(pv[1]), _JSON))
    )
    pusher = _Pusher(fuzz)

    @hypothesis_settings(EXAMPLES_PAYLOAD)
    @given(changes=st.lists(one_change, min_size=1, max_size=3), rechain=st.booleans())
    def push_changed_case(changes: list[tuple[Path_, Any]], rechain: bool) -> None:
        payload = _valid_case(fuzz)
        _change(payload, changes, rechain)
        pusher.push(payload, f"changes {changes!r:.300} (audit chain recomputed: {rechain})")

    try:
        push_changed_case()
    finally:
        pusher.close()
    _assert_no_problems(fuzz)
    # The fuzz reached the code that stores a case, not only the validation before it.
    assert pusher.outcomes.get("applied", 0) > 0, pusher.outcomes
    assert any(k.startswith("rejected INVALID_PAYLOAD") for k in pusher.outcomes)


# Each of these made the server answer 500 when they were found (issue #5): a value the
# counter could put in a case (through a bug, a strange clock or pasted text) that the
# database cannot store. A 5xx is retried by the counter, so one such case blocked its
# whole push for ever. The server must refuse the case (rejected, INVALID_PAYLOAD).
POISON: dict[str, dict[str, Any]] = {
    "refund_cents over 64 bits": {"refund_cents": 2**64},
    "refund_cents over 32 bits": {"refund_cents": 2**40},
    "NaN in flags": {"flags": {"x": float("nan")}},
    "Infinity in flags": {"flags": {"x": float("inf")}},
    "created_at past datetime.max in UTC": {"created_at": "9999-12-31T23:59:59-12:00"},
    "created_at before datetime.min in UTC": {"created_at": "0001-01-01T00:00:00+12:00"},
    "NUL in customer_words": {"customer_words": "a\x00b"},
    "NUL in a flags key": {"flags": {"k\x00": 1}},
    "photo byte_size over 32 bits": {"photo_byte_size": 2**40},
}


@pytest.mark.parametrize("poison", list(POISON))
def test_a_case_the_database_cannot_hold_is_rejected(fuzz: Fuzz, poison: str) -> None:
    fields = dict(POISON[poison])
    byte_size = fields.pop("photo_byte_size", None)
    line = fuzz.order.lines[1]
    payload = make_case_payload("SH01", fuzz.staff, fuzz.order, [(line, 1)],
                                photos=[fake_jpeg(64, seed=2)], **fields)  # fmt: skip
    if byte_size is not None:
        payload["photos"][0]["byte_size"] = byte_size
    body = json.dumps({"operations": [make_op(payload)]}, allow_nan=True, ensure_ascii=False)
    with fuzz.srv.client(fuzz.counter) as c:
        r = c.post("/v1/push", content=body.encode(), headers={"Content-Type": "application/json"})
        assert r.status_code == 200, (
            r.status_code,
            r.text,
            server_errors(fuzz.srv.log_text())[-1:],
        )
        [result] = r.json()["results"]
        assert (result["result"], result["reason"]) == ("rejected", "INVALID_PAYLOAD"), result
        # … and the next case of the same counter still goes through.
        good = make_case_payload("SH01", fuzz.staff, fuzz.order, [(line, 1)])
        r = c.post("/v1/push", json={"operations": [make_op(good)]})
        assert r.status_code == 200 and r.json()["results"][0]["result"] == "applied", r.text


def test_enrol_refuses_nul_in_the_device_name(fuzz: Fuzz) -> None:
    """Found by the NUL probe on PostgreSQL (500: text fields cannot contain NUL); refused
    on both databases alike, as the review routes refuse NUL in their texts."""
    code = fuzz.srv.admin("create-enrolment-code", "--store", "SH01")
    with fuzz.srv.client() as c:
        r = c.post("/v1/enrol", json={"code": code, "device_name": "counter\x00 2"})
        assert r.status_code == 422, (r.status_code, r.text)
        assert r.json()["error"]["code"] == "INVALID_REQUEST"
        # The code was not used up by the refusal.
        r = c.post("/v1/enrol", json={"code": code, "device_name": "counter 2"})
        assert r.status_code == 200, r.text
