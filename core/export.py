"""The filtered review list as a CSV or XLSX file, in the lead's language.

The server streams every matching case as JSON lines (GET /v1/review/export, read in
keyset chunks there); this module writes them straight to the file while they arrive,
so 100k rows never sit in memory. Runs in a worker thread (``ReviewClient.export``):
progress goes to a callback, a cancel flag is checked between rows, and the file
appears only when complete (written beside it first, then renamed).

- CSV: UTF-8 with a BOM (Excel then reads Chinese correctly), one header row.
- XLSX: a minimal Office Open XML workbook written with zipfile: inline strings,
  numbers as numbers, the finalisation time as a real date, a bold frozen header row.
  No spreadsheet library: five small XML parts are all Excel and LibreOffice need.
- Text starting with = + - @ (or a tab / carriage return) gets a leading apostrophe in
  both formats, so a customer's words can never run as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, Any, Literal
from xml.sax.saxutils import escape

from PySide6.QtCore import QCoreApplication

from core import labels

translate = QCoreApplication.translate

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
FLAG_NAMES = ("identity_override", "outside_policy", "goodwill", "sla_breached", "annotated")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_EPOCH = datetime(1899, 12, 30)
# Characters XML 1.0 cannot hold (a counter's text could carry one); dropped in XLSX only.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ExportCancelled(Exception):
    """The lead stopped the export; no file was left behind."""


class ExportIncomplete(Exception):
    """The server's stream ended before its end line: the file would be short."""


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# ---- columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    kind: Literal["text", "number", "money", "time"]
    width: float


COLUMNS = (
    Column("case_no", "text", 22),
    Column("store_code", "text", 8),
    Column("store_name", "text", 14),
    Column("finalised_at", "time", 17),
    Column("reason", "text", 20),
    Column("resolution", "text", 20),
    Column("refund", "money", 10),
    Column("staff", "text", 10),
    *(Column(f, "number", 10) for f in FLAG_NAMES),
    Column("verdict", "text", 14),
    Column("customer_words", "text", 50),
    Column("id", "text", 38),
)


def headers() -> list[str]:
    """The header row, in the lead's language (flags: 1 = yes, 0 = no)."""
    names = {
        "case_no": translate("ReviewExport", "Case"),
        "store_code": translate("ReviewExport", "Store"),
        "store_name": translate("ReviewExport", "Store name"),
        "finalised_at": translate("ReviewExport", "Finalised"),
        "reason": translate("ReviewExport", "Reason"),
        "resolution": translate("ReviewExport", "Resolution"),
        "refund": translate("ReviewExport", "Refund (¥)"),
        "staff": translate("ReviewExport", "Staff"),
        "identity_override": translate("ReviewExport", "Identity override"),
        "outside_policy": translate("ReviewExport", "Outside policy"),
        "goodwill": translate("ReviewExport", "Goodwill"),
        "sla_breached": translate("ReviewExport", "SLA breached"),
        "annotated": translate("ReviewExport", "Annotated"),
        "verdict": translate("ReviewExport", "Verdict"),
        "customer_words": translate("ReviewExport", "Customer's words"),
        "id": translate("ReviewExport", "Case ID"),
    }
    return [names[c.key] for c in COLUMNS]


class RowValues:
    """Server rows (CaseSummary shape) as the cells of COLUMNS: str, int, float, datetime.

    Labels are looked up once per code and export (a row would otherwise translate every
    reason and resolution name again: most of the time of a 100k-row export)."""

    def __init__(self, zone: tzinfo) -> None:
        from core.review import verdict_label  # core.review imports this module

        self.zone = zone
        self._reason: dict[str, str] = {}
        self._resolution: dict[str, str] = {}
        self._verdict: dict[str, str] = {"": ""}
        self._verdict_label = verdict_label

    def __call__(self, row: dict[str, Any]) -> list[Any]:
        flags = row.get("flags") or {}
        reason = row.get("reason_category", "")
        resolution = row.get("resolution", "")
        verdict = row.get("verdict", "")
        if reason not in self._reason:
            self._reason[reason] = labels.reason(reason)
        if resolution not in self._resolution:
            self._resolution[resolution] = labels.resolution(resolution)
        if verdict not in self._verdict:
            self._verdict[verdict] = self._verdict_label(verdict)
        finalised = datetime.fromisoformat(row["finalised_at"])
        return [  # in the order of COLUMNS
            row.get("case_no", ""),
            row.get("store_code", ""),
            row.get("store_name", ""),
            # The lead's wall-clock time, without a zone (spreadsheets have none).
            finalised.astimezone(self.zone).replace(tzinfo=None),
            self._reason[reason],
            self._resolution[resolution],
            int(row.get("refund_cents", 0)) / 100,
            row.get("staff_name") or row.get("staff_id", ""),
            *(1 if flags.get(f) else 0 for f in FLAG_NAMES),
            self._verdict[verdict],
            row.get("customer_words", ""),
            row.get("id", ""),
        ]


def values(row: dict[str, Any], zone: tzinfo) -> list[Any]:
    """One server row as the cells of COLUMNS."""
    return RowValues(zone)(row)


# ---- writers ---------------------------------------------------------------------------------


class CsvWriter:
    def __init__(self, out: IO[bytes]) -> None:
        out.write("\ufeff".encode())
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        self._csv = csv.writer(self._text)

    def header(self, names: list[str]) -> None:
        self._csv.writerow([neutralise(n) for n in names])

    def row(self, cells: list[Any]) -> None:
        self._csv.writerow([f(v) for f, v in zip(self._converters, cells, strict=True)])

    _converters = [
        {
            "text": lambda v: neutralise(str(v)),
            "number": lambda v: v,
            "money": lambda v: f"{v:.2f}",
            "time": lambda v: v.isoformat(" ", "seconds"),
        }[c.kind]
        for c in COLUMNS
    ]

    def close(self) -> None:
        self._text.flush()
        self._text.detach()

    def abort(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            self._text.detach()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
ROOT_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
    f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'
)
# Cell styles: 0 plain, 1 bold (header), 2 date and time, 3 money (two decimals).
STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet_name: str) -> str:
    return (
        XML_HEAD + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        f'<sheet name="{escape(sheet_name, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


class XlsxWriter:
    """One sheet, streamed row by row into the zip (inline strings: no table to hold)."""

    def __init__(self, out: IO[bytes], sheet_name: str) -> None:
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self._zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", ROOT_RELS)
        self._zip.writestr("xl/workbook.xml", _workbook(sheet_name[:31]))
        self._zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", STYLES)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w")
        self._buffer: list[str] = []
        self._row = 0
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
            for i, c in enumerate(COLUMNS)
        )
        self._write(
            XML_HEAD + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f"<cols>{cols}</cols><sheetData>"
        )

    def header(self, names: list[str]) -> None:
        self._cells([neutralise(n) for n in names], style=1)

    def row(self, cells: list[Any]) -> None:
        self._cells(cells)

    def _cells(self, cells: Iterable[Any], style: int = 0) -> None:
        self._row += 1
        r = self._row
        parts = [f'<row r="{r}">']
        for i, value in enumerate(cells):
            ref = f"{column_letter(i)}{r}"
            if isinstance(value, datetime):
                serial = (value - EXCEL_EPOCH).total_seconds() / 86400
                parts.append(f'<c r="{ref}" s="2"><v>{serial:.8f}</v></c>')
            elif isinstance(value, float):
                parts.append(f'<c r="{ref}" s="3"><v>{value!r}</v></c>')
            elif isinstance(value, int):
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text = _xml_text(neutralise(str(value)))
                s = f' s="{style}"' if style else ""
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>')
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 500:
            self._flush()

    def _flush(self) -> None:
        self._write("".join(self._buffer))
        self._buffer.clear()

    def _write(self, text: str) -> None:
        self._sheet.write(text.encode("utf-8"))

    def close(self) -> None:
        self._flush()
        self._write("</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()

    def abort(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            self._sheet.close()
        with contextlib.suppress(ValueError, OSError):
            self._zip.close()


# ---- the whole export ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def _write_rows(
    writer: CsvWriter | XlsxWriter,
    lines: Iterator[bytes | str],
    zone: tzinfo,
    total: int | None,
    progress: Callable[[int, int | None], None] | None,
    cancel: threading.Event | None,
) -> int:
    rows = 0
    cells = RowValues(zone)
    for line in lines:
        if cancel is not None and cancel.is_set():
            raise ExportCancelled
        if not line.strip():
            continue
        doc = json.loads(line)
        if "end" in doc:
            if int(doc["end"].get("rows", -1)) != rows:
                raise ExportIncomplete(f"{rows} rows read, the server sent {doc['end']}")
            return rows
        writer.row(cells(doc))
        rows += 1
        if progress is not None and rows % 500 == 0:
            progress(rows, total)
    raise ExportIncomplete(f"the stream stopped after {rows} rows")


def write_export(
    lines: Iterator[bytes | str],
    path: Path,
    fmt: Format,
    zone: tzinfo,
    *,
    total: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Write the server's JSON lines to ``path``; only a complete file is left there."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as out:
            writer: CsvWriter | XlsxWriter = (
                CsvWriter(out)
                if fmt == "csv"
                else XlsxWriter(out, translate("ReviewExport", "Cases"))
            )
            try:
                writer.header(headers())
                rows = _write_rows(writer, lines, zone, total, progress, cancel)
            except BaseException:
                writer.abort()
                raise
            writer.close()
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    if progress is not None:
        progress(rows, total)
    return ExportResult(path, rows)


# ---- from the server -------------------------------------------------------------------------


def download_export(
    server_url: str,
    headers: dict[str, str],
    params: dict[str, str],
    path: Path,
    fmt: Format,
    zone: tzinfo,
    *,
    classify: Callable[[Any], Exception],
    offline: Callable[[Exception], Exception],
    attempts: int = 3,
    backoff_base: float = 0.5,
    backoff_cap: float = 10.0,
    timeout: Any = 60.0,
    transport: Any = None,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """GET /v1/review/export into ``path`` (blocking: run it in a worker thread).

    Refusals and network errors before the first row are retried like every review call
    (``classify``/``offline`` make the caller's errors); a stream cut short is not
    retried but reported, and leaves no file.
    """
    import random
    import time

    import httpx

    from core.http_retry import retry_after

    with httpx.Client(
        base_url=server_url, headers=headers, timeout=timeout, transport=transport
    ) as http:
        for attempt in range(1, attempts + 1):
            wait: float | None = None
            try:
                with http.stream("GET", "/v1/review/export", params=params) as response:
                    if response.status_code < 400:
                        total_text = response.headers.get("X-Total-Count", "")
                        total = int(total_text) if total_text.isdigit() else None
                        if progress is not None:
                            progress(0, total)
                        try:
                            return write_export(
                                response.iter_lines(),
                                path,
                                fmt,
                                zone,
                                total=total,
                                progress=progress,
                                cancel=cancel,
                            )
                        except httpx.TransportError as exc:
                            raise ExportIncomplete(f"the connection broke ({exc})") from exc
                    response.read()
                    problem = classify(response)
                    if not getattr(problem, "retryable", False):
                        raise problem
                    wait = retry_after(response)
            except httpx.TransportError as exc:
                problem = offline(exc)
            if attempt == attempts:
                raise problem
            delay = min(backoff_cap, backoff_base * 2 ** (attempt - 1)) * random.uniform(0.5, 1)
            time.sleep(min(wait if wait is not None else delay, backoff_cap))
    raise AssertionError("unreachable")
