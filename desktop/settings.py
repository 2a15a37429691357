"""Settings: where the data lives, which store this counter is, which language."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "RETURNDESK_DATA_DIR"
SETTINGS_FILE = "settings.json"


def resolve_data_dir(cli_value: str | None) -> Path:
    """Command line first, then the environment, then the per-user default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    return Path(user_data_dir("ReturnDesk", "ReturnDesk"))


@dataclass
class Settings:
    store_code: str = "SH01"
    language: str = "en"
    demo: bool = False  # the database holds demo data: the sign-in screen shows demo PINs

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = data_dir / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            # A damaged settings file must not keep the counter from starting.
            return cls()
        known = {
            k: v for k, v in raw.items() if k in cls.__dataclass_fields__ and isinstance(v, str)
        }
        return cls(**known)

    def save(self, data_dir: Path) -> None:
        path = data_dir / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(tmp, path)
