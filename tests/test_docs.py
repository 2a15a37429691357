"""The docs stay true to the code: the architecture page's script runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_architecture_script_runs(capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    exec(compile(blocks[0], "architecture.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("identity → ")
    assert "supervisor" in out
