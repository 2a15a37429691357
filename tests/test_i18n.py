"""Every user-visible string goes through tr(), and zh_CN ships complete."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.cases import CaseService
from core.i18n import Translators
from core.staff import StaffService
from scripts.update_translations import update
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

TS = Path(__file__).resolve().parent.parent / "resources" / "i18n" / "returndesk_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\w*\}|%n")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (ctx.findtext("name") or "", msg.findtext("source") or "", msg)
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def test_ts_file_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    update(fresh, ("-no-obsolete",))
    committed = {(c, s) for c, s, _ in _messages(TS)}
    current = {(c, s) for c, s, _ in _messages(fresh)}
    assert current - committed == set(), "run scripts/update_translations.py and translate"


def test_every_message_is_translated_with_its_placeholders() -> None:
    problems = []
    for ctx, source, msg in _messages(TS):
        tr = msg.find("translation")
        assert tr is not None
        texts = [tr.text or ""] if not list(tr) else [n.text or "" for n in tr]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(texts):
            problems.append(f"{ctx}: {source!r} not translated")
            continue
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{ctx}: {source!r} placeholders differ in {text!r}")
    assert problems == []


@pytest.fixture
def translators() -> Iterator[Translators]:
    t = Translators()
    yield t
    t.install("en")


def test_language_switches_live(
    qtbot: QtBot, service: CaseService, staff_id: str, translators: Translators
) -> None:
    runner = TaskRunner()
    window = MainWindow(service, StaffService(service._sessions), runner, "SH01")
    qtbot.addWidget(window)
    english = window.heading.text()
    assert translators.install("zh_CN")
    qtbot.waitUntil(lambda: window.heading.text() != english)  # LanguageChange is posted
    assert re.search(r"[\u4e00-\u9fff]", window.heading.text())
    assert re.search(r"[\u4e00-\u9fff]", window.model.headerData(0, Qt.Orientation.Horizontal))
    translators.install("en")
    qtbot.waitUntil(lambda: window.heading.text() == english)
    qtbot.waitUntil(lambda: not runner.busy)
    runner.shutdown()
