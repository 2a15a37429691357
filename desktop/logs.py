"""Logging: rotating files in the data dir, with phone numbers masked before writing."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Mainland mobiles and any other long bare digit run (card, ID numbers): keep
# the last four, which is all support needs to tell two customers apart.
# Order numbers start with letters (SH2511180007) and stay readable.
LONG_DIGITS = re.compile(r"(?<![\dA-Za-z])(\d{3})\d{4,}(\d{4})(?!\d)")


def mask(text: str) -> str:
    return LONG_DIGITS.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


class PersonalDataFilter(logging.Filter):
    """Logs leave the counter (support tickets): no phone numbers in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class _Pending(logging.Handler):
    """Keeps records until the log file is open (the app opens it after its first window)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def configure(
    data_dir: Path | None, level: int = logging.INFO, *, file_later: bool = False
) -> Path | None:
    """stderr always; a rotating file (1 MB × 5) in the data dir when there is one.

    ``file_later``: only stderr now; what is logged until ``add_file()`` is kept and
    written to the file then (the app's start-up, so logging.handlers — socket, pickle,
    queue — is not imported before the first window).
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter(FORMAT))
    console.addFilter(PersonalDataFilter())
    root.addHandler(console)
    if file_later:
        root.addHandler(_Pending())
        return None
    return None if data_dir is None else add_file(data_dir)


def add_file(data_dir: Path) -> Path:
    """Add the rotating log file in ``data_dir`` (and write what waited for it)."""
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "returndesk.log"
    file = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file.setFormatter(logging.Formatter(FORMAT))
    file.addFilter(PersonalDataFilter())
    for pending in [h for h in root.handlers if isinstance(h, _Pending)]:
        root.removeHandler(pending)
        for record in pending.records:
            file.handle(record)
    root.addHandler(file)
    return path
