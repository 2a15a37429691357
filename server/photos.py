"""Photo files on disk, named by their SHA-256 and verified while they stream in."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import anyio

from server import errors
from server.errors import ApiError

log = logging.getLogger(__name__)

SHA256_RE = re.compile(r"[0-9a-f]{64}")
JPEG_MAGIC = b"\xff\xd8\xff"
# Leftovers of uploads cut off by a crash; an hour is far longer than any live upload.
STALE_TEMP_SECONDS = 3600


def check_sha(sha256: str) -> str:
    # The hash becomes a path component: anything but 64 lowercase hex digits could
    # climb out of the photos directory.
    if not SHA256_RE.fullmatch(sha256):
        raise ApiError(422, errors.INVALID_REQUEST, "A photo name is 64 lowercase hex digits.")
    return sha256


# The file's bytes (and its size) reach the disk; its other metadata need not.
_datasync = getattr(os, "fdatasync", os.fsync)


@dataclass(frozen=True)
class Received:
    sha256: str
    byte_size: int
    already_present: bool


class PhotoStore:
    """``<data>/photos/ab/<sha>.jpg``, the same layout as the counter's own photo folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def prepare(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)
        cutoff = time.time() - STALE_TEMP_SECONDS
        for leftover in self.tmp.glob("*.part"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except FileNotFoundError:
                pass

    def path(self, sha256: str) -> Path:
        check_sha(sha256)
        return self.root / sha256[:2] / f"{sha256}.jpg"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    async def receive(
        self,
        sha256: str,
        chunks: AsyncIterator[bytes],
        record: Callable[[Received, Callable[[], None]], None] = lambda _got, put: put(),
    ) -> Received:
        """Stream ``chunks`` to a temp file while hashing; keep it only if the hash matches.

        temp → fdatasync → ``record(received, put)``, in ONE worker-thread call once the
        bytes are in; ``record`` calls ``put()`` (rename → fsync of the directory) inside
        its database transaction, before it writes the photo's row. A crash leaves either
        no file or the whole, verified one under its final name, never a torn photo, and
        never a row without its file.
        """
        final = self.path(sha256)
        temp = self.tmp / f"{sha256}.{os.getpid()}.{time.monotonic_ns()}.part"
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            out = open(temp, "wb")  # noqa: SIM115 - closed by _finish or below
            try:
                async for chunk in chunks:
                    if not chunk:
                        continue
                    if len(head) < len(JPEG_MAGIC):
                        head += chunk[: len(JPEG_MAGIC) - len(head)]
                        if len(head) == len(JPEG_MAGIC) and head != JPEG_MAGIC:
                            raise ApiError(
                                415, errors.UNSUPPORTED_MEDIA_TYPE, "Photos are JPEG files."
                            )
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                if size == 0:
                    raise ApiError(422, errors.INVALID_REQUEST, "The photo is empty.")
                if head != JPEG_MAGIC:
                    raise ApiError(415, errors.UNSUPPORTED_MEDIA_TYPE, "Photos are JPEG files.")
                actual = digest.hexdigest()
                if actual != sha256:
                    raise ApiError(
                        422,
                        errors.HASH_MISMATCH,
                        "The photo's bytes do not hash to its name; nothing was stored.",
                        expected_sha256=sha256,
                        actual_sha256=actual,
                    )
            except BaseException:
                out.close()
                raise
            return await anyio.to_thread.run_sync(
                self._finish, out, temp, final, Received(sha256, size, False), record
            )
        finally:
            temp.unlink(missing_ok=True)

    def _finish(
        self,
        out: BinaryIO,
        temp: Path,
        final: Path,
        got: Received,
        record: Callable[[Received, Callable[[], None]], None],
    ) -> Received:
        with out:
            out.flush()
            _datasync(out.fileno())
        if final.is_file():
            got = Received(got.sha256, got.byte_size, already_present=True)
            record(got, lambda: None)
        else:
            record(got, lambda: self._install(temp, final))
        return got

    @staticmethod
    def _install(temp: Path, final: Path) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, final)
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the rename itself must survive a power cut
        finally:
            os.close(fd)
