"""Settings: where the data lives, which store this counter is, language, server,
camera and printer.

Precedence, first wins: command line → environment (RETURNDESK_*) → the user's
choices (settings.json in the data folder, only what was chosen explicitly) →
the machine-wide config IT's installer writes → built-in defaults. Keeping only
explicit choices per user means a later fleet-wide change still takes effect.
"""

from __future__ import annotations

import configparser
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_DATA_DIR = "RETURNDESK_DATA_DIR"
ENV_STORE = "RETURNDESK_STORE"
ENV_LANGUAGE = "RETURNDESK_LANGUAGE"
ENV_SERVER = "RETURNDESK_SERVER"
ENV_CAMERA = "RETURNDESK_CAMERA"
ENV_PRINTER = "RETURNDESK_PRINTER"
ENV_MACHINE_CONFIG = "RETURNDESK_MACHINE_CONFIG"
SETTINGS_FILE = "settings.json"


def machine_config_path() -> Path:
    if os.environ.get(ENV_MACHINE_CONFIG):
        return Path(os.environ[ENV_MACHINE_CONFIG])
    if sys.platform == "win32":
        return (
            Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "ReturnDesk" / "returndesk.ini"
        )
    if sys.platform == "darwin":
        return Path("/Library/Application Support/ReturnDesk/returndesk.ini")
    return Path("/etc/returndesk/returndesk.ini")


def machine_config() -> dict[str, str]:
    """The [counter] section of the machine-wide file.

    Keys: store, server, language, data_dir, camera, printer (docs/it-guide.md).
    """
    parser = configparser.ConfigParser()
    try:
        parser.read(machine_config_path(), encoding="utf-8")
    except (OSError, configparser.Error):
        return {}  # a damaged file must not keep the counter from starting
    if not parser.has_section("counter"):
        return {}
    return {k: v.strip() for k, v in parser.items("counter") if v.strip()}


def resolve_data_dir(cli_value: str | None) -> Path:
    """Command line, environment, machine config, then the per-user default."""
    for value in (cli_value, os.environ.get(ENV_DATA_DIR), machine_config().get("data_dir")):
        if value:
            return Path(value).expanduser().resolve()
    from platformdirs import user_data_dir  # only here: not on every start with --data-dir

    return Path(user_data_dir("ReturnDesk", "ReturnDesk"))


@dataclass
class Settings:
    store_code: str = "SH01"
    language: str = "en"
    server_url: str = ""
    demo: bool = False  # the database holds demo data: the sign-in screen shows demo PINs
    camera: str = ""  # "" system default, "none" no camera, else id or name (core/devices.py)
    printer: str = ""  # "" system default, else the printer's name

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        s = cls()
        machine = machine_config()
        s.store_code = machine.get("store", s.store_code)
        s.language = machine.get("language", s.language)
        s.server_url = machine.get("server", s.server_url)
        s.camera = machine.get("camera", s.camera)
        s.printer = machine.get("printer", s.printer)
        for key, value in _user_choices(data_dir).items():
            setattr(s, key, value.strip() if isinstance(value, str) else value)
        s.store_code = os.environ.get(ENV_STORE) or s.store_code
        s.language = os.environ.get(ENV_LANGUAGE) or s.language
        s.server_url = os.environ.get(ENV_SERVER) or s.server_url
        s.camera = os.environ.get(ENV_CAMERA, "").strip() or s.camera
        s.printer = os.environ.get(ENV_PRINTER, "").strip() or s.printer
        return s

    @staticmethod
    def remember(data_dir: Path, **choices: Any) -> None:
        """Keep an explicit choice (a menu, a flag) for this user's next start."""
        current = _user_choices(data_dir)
        current.update(choices)
        path = data_dir / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(current, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)


def _user_choices(data_dir: Path) -> dict[str, Any]:
    try:
        raw = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or damaged: the other layers still apply
    if not isinstance(raw, dict):
        return {}
    defaults = Settings()
    return {
        k: v
        for k, v in raw.items()
        if k in Settings.__dataclass_fields__ and isinstance(v, type(getattr(defaults, k)))
    }
