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


def console() -> None:
    """The `returndesk` command: exit without Python's slow teardown of Qt and friends.

    By the time run() returns, the last autosave has landed and the database is
    closed, so nothing is left for interpreter shutdown to do but spend ~0.4 s.
    """
    import logging
    import os

    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
