"""`python -m desktop` and the `returndesk` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import os

    # QtMultimedia lists every optional codec library it cannot find; that is noise
    # at a counter (IT can turn it back on through the same variable).
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    from desktop.app import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
