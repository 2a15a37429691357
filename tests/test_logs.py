"""Logs rotate in the data dir and carry no phone numbers."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop import logs


def test_phone_numbers_are_masked_in_the_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        path = logs.configure(tmp_path)
        assert path is not None
        log = logging.getLogger("returndesk.test")
        log.info("lookup for %s failed", "13812345678")
        try:
            raise ValueError("customer phone 13812345678")
        except ValueError:
            log.exception("while checking")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    assert "13812345678" not in text
    assert "138****5678" in text
    assert "ValueError" in text  # the traceback is still there, masked


def test_mask_keeps_short_numbers() -> None:
    assert logs.mask("order SH2511180007 qty 2") == "order SH2511180007 qty 2"
    assert logs.mask("card 6222021234567890123") == "card 622****0123"
    assert logs.mask("case 0001, 4 digits 5678") == "case 0001, 4 digits 5678"


def test_file_opened_after_the_first_window_keeps_what_came_before(tmp_path: Path) -> None:
    """desktop/app.py: stderr first, the file once the window is up, nothing lost or unmasked."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert logs.configure(tmp_path, file_later=True) is None
        assert not (tmp_path / "logs").exists()
        log = logging.getLogger("returndesk.test")
        log.info("before the file: %s", "13812345678")
        path = logs.add_file(tmp_path)
        log.info("after the file")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert not any(isinstance(h, logs._Pending) for h in root.handlers)
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    assert text.index("before the file: 138****5678") < text.index("after the file")
    assert "13812345678" not in text
