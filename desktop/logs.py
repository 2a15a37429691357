"""Logging: rotating files in the data dir, with phone numbers masked before writing."""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
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


def configure(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """stderr always; a rotating file (1 MB × 5) in the data dir when there is one."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    redact = PersonalDataFilter()
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter(FORMAT))
    console.addFilter(redact)
    root.addHandler(console)
    if data_dir is None:
        return None
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "returndesk.log"
    file = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file.setFormatter(logging.Formatter(FORMAT))
    file.addFilter(redact)
    root.addHandler(file)
    return path
