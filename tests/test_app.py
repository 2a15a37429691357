"""The app as a process: starts offscreen on the demo database, quits when told."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QImage
from sqlalchemy import text

from core.cases import CaseService
from core.counter import CounterStore
from desktop.screenshots import PAGE_FILES

ROOT = Path(__file__).resolve().parent.parent


def _env(data_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("RETURNDESK_DATA_DIR", None)
    if data_dir is not None:
        env["RETURNDESK_DATA_DIR"] = str(data_dir)
    return env


def _run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_starts_on_demo_database_and_quits_when_told(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _run(["--data-dir", str(data), "--demo", "--quit-after", "0.5"], _env())
    assert first.returncode == 0, first.stderr
    # Window first (painted), then the store opens, migrates and seeds; then sign-in.
    shown = first.stderr.index("started: window shown;")
    migrated = first.stderr.index("Running upgrade")
    ready = first.stderr.index("ready for sign-in")
    assert shown < migrated < ready
    assert (data / "returndesk.sqlite3").exists()
    # The second start backs the existing database up before migrating it.
    second = _run(["--quit-after", "0.2"], _env(data))
    assert second.returncode == 0, second.stderr
    assert list((data / "backups").glob("returndesk-*.sqlite3"))


def test_sigterm_quits_cleanly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "--demo"],
        cwd=ROOT,
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        if "started" in line or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    proc.stderr.close()


def test_bad_policy_file_stops_start_with_its_line(tmp_path: Path) -> None:
    resources = tmp_path / "res"
    resources.mkdir()
    (resources / "policy.toml").write_text("[sla]\nfirst_response_minutes = \n", encoding="utf-8")
    env = _env(tmp_path / "data") | {"RETURNDESK_POLICY": str(resources / "policy.toml")}
    result = _run(["--quit-after", "0.2"], env)
    assert result.returncode == 2
    assert "line 2" in result.stderr


def test_screenshot_command_renders_every_page_in_both_languages(tmp_path: Path) -> None:
    result = _run(["--screenshots", str(tmp_path)], _env(), timeout=120)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "zh_CN"):
        for name in ("0-sign-in", "0-main", *PAGE_FILES):
            image = QImage(str(tmp_path / lang / f"{name}.png"))
            assert image.width() >= 600 and image.height() >= 400, (lang, name)


def test_verify_audit_command_reports_an_altered_record(
    service: CaseService, staff_id: str, counter_store: CounterStore, demo_photo: Path
) -> None:
    from tests.test_cases import walk_to_resolution

    final = service.finalise(walk_to_resolution(service, staff_id, demo_photo), staff_id)
    data = str(counter_store.data_dir)
    ok = _run(["verify-audit", "--data-dir", data], _env())
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK: every chain is intact" in ok.stdout
    with counter_store.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_event SET at = :t WHERE case_id = :c AND seq = 2"),
            {"t": "2020-01-01 00:00:00.000000", "c": final.id},  # back-dated by hand
        )
    bad = _run(["verify-audit", "--data-dir", data], _env())
    assert bad.returncode == 1
    assert f"ALTERED  {final.case_no}: event(s) 2" in bad.stdout


def test_verify_photos_command(
    service: CaseService, staff_id: str, counter_store: CounterStore, demo_photo: Path
) -> None:
    from tests.test_cases import walk_to_resolution

    final = service.finalise(walk_to_resolution(service, staff_id, demo_photo), staff_id)
    data = str(counter_store.data_dir)
    ok = _run(["verify-photos", "--data-dir", data], _env())
    assert ok.returncode == 0, ok.stdout + ok.stderr
    final.photos[0].path.write_bytes(b"overwritten")
    bad = _run(["verify-photos", "--data-dir", data], _env())
    assert bad.returncode == 1
    assert final.case_no in bad.stdout
    missing = _run(["verify-photos", "--data-dir", str(counter_store.data_dir / "nope")], _env())
    assert missing.returncode == 2


def test_one_app_per_data_folder(tmp_path: Path) -> None:
    first = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "--demo"],
        cwd=ROOT,
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert first.stderr is not None
    try:
        for line in first.stderr:
            if "started" in line:
                break
        second = _run(["--data-dir", str(tmp_path), "--quit-after", "0.2"], _env())
        assert second.returncode == 3
        assert "already running" in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
        first.stderr.close()
    # Once the first has quit, the folder is free again.
    third = _run(["--data-dir", str(tmp_path), "--quit-after", "0.2"], _env())
    assert third.returncode == 0, third.stderr
