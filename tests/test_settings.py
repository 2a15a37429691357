"""Where settings come from: flag → environment → user's choices → machine config → default."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.settings import Settings, machine_config, resolve_data_dir


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "returndesk.ini"
    path.write_text(
        "[counter]\nstore = HZ01\nserver = https://centre.example\nlanguage = zh_CN\n"
        f"data_dir = {tmp_path / 'fleet-data'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("RETURNDESK_MACHINE_CONFIG", str(path))
    for name in (
        "RETURNDESK_DATA_DIR",
        "RETURNDESK_STORE",
        "RETURNDESK_LANGUAGE",
        "RETURNDESK_SERVER",
    ):
        monkeypatch.delenv(name, raising=False)
    return path


def test_machine_config_gives_the_fleet_defaults(machine: Path, tmp_path: Path) -> None:
    assert machine_config()["store"] == "HZ01"
    s = Settings.load(tmp_path / "user")
    assert (s.store_code, s.language, s.server_url) == ("HZ01", "zh_CN", "https://centre.example")
    assert resolve_data_dir(None) == (tmp_path / "fleet-data").resolve()


def test_user_choice_beats_machine_and_env_beats_both(
    machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "user"
    data.mkdir()
    Settings.remember(data, language="en")
    assert Settings.load(data).language == "en"
    assert Settings.load(data).store_code == "HZ01"  # not chosen by the user: IT's value
    monkeypatch.setenv("RETURNDESK_LANGUAGE", "zh_CN")
    monkeypatch.setenv("RETURNDESK_DATA_DIR", str(tmp_path / "env-data"))
    assert Settings.load(data).language == "zh_CN"
    assert resolve_data_dir(None) == (tmp_path / "env-data").resolve()
    assert resolve_data_dir(str(tmp_path / "cli")) == (tmp_path / "cli").resolve()


def test_damaged_files_do_not_stop_the_counter(machine: Path, tmp_path: Path) -> None:
    machine.write_text("this is [not an ini", encoding="utf-8")
    data = tmp_path / "user"
    data.mkdir()
    (data / "settings.json").write_text("{not json", encoding="utf-8")
    s = Settings.load(data)
    assert (s.store_code, s.language) == ("SH01", "en")


def test_fleet_change_reaches_a_user_who_never_chose(machine: Path, tmp_path: Path) -> None:
    data = tmp_path / "user"
    data.mkdir()
    Settings.remember(data, demo=True)
    machine.write_text("[counter]\nstore = BJ01\n", encoding="utf-8")
    s = Settings.load(data)
    assert s.store_code == "BJ01" and s.demo is True
