"""Pictures of the regional lead's review window and dashboard, from a real server.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.review_screenshots [OUT_DIR]

Starts the sync service on a temporary SQLite database, seeds a region with a few hundred
synced cases over HTTP (tests/review_demo_data.py, deterministic), then runs
`returndesk review --screenshot` for the case list, the dashboard and the signals in English
and Simplified Chinese. Writes OUT_DIR/{en,zh_CN}/{review,dashboard,review-signals}.png (default
docs/screenshots). A development tool: it uses the test helpers, so it needs the dev
dependencies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = (("review.png", "cases"), ("dashboard.png", "dashboard"), ("review-signals.png", "signals"))


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from core.demo import make_demo_item_photo
    from tests.review_demo_data import seed_demo_region
    from tests.server_support import ServerProcess

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory(prefix="returndesk-review-shots-") as tmp:
        _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # draws photos
        shots = [
            (make_demo_item_photo(Path(tmp) / f"{i}.jpg", w, h).read_bytes(), caption)
            for i, (w, h, caption) in enumerate(((1600, 1200, "整体"), (1200, 1200, "领口特写")))
        ]
        srv = ServerProcess(Path(tmp) / "data", None).start()
        try:
            region = seed_demo_region(srv, Path(tmp), photos=shots)
            for lang in ("en", "zh_CN"):
                for name, tab in SHOTS:
                    target = out / lang / name
                    done = subprocess.run(
                        [sys.executable, "-m", "desktop", "review", "--server", srv.url,
                         "--token", "-", "--lang", lang, "--screenshot", str(target),
                         "--tab", tab],
                        input=region.tokens["lead_east"] + "\n", text=True, cwd=ROOT, env=env,
                        timeout=120,
                    )  # fmt: skip
                    if done.returncode != 0:
                        print(f"{target}: exit {done.returncode}", file=sys.stderr)
                        return 1
        finally:
            srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
