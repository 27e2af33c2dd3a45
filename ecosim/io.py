"""Atomic result files: a reader never sees a half-written file.

Every file is written to a temporary name in the same directory, flushed and fsynced,
then renamed over its final name (rename is atomic on POSIX). A write that fails (a full
disk, a read-only or forbidden directory) removes its temporary file and raises
`WriteError`, which names the path and the cause; the file it would have replaced is left
as it was. `ecosim.cli.main` turns a `WriteError` into one line and exit code 1.

A run directory's `.done` marker records the `checksum` of each result file
(`ecosim.runs.run_dir`, the run-directory protocol).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path


class WriteError(Exception):
    """A result file could not be written: its path and the operating system's reason."""

    def __init__(self, path: Path, cause: OSError):
        self.path, self.cause = Path(path), cause
        number = cause.errno
        if number is None:  # pyarrow: "Error writing bytes to file. Detail: [errno 28] ..."
            found = re.search(r"\[errno (\d+)\]", str(cause), re.IGNORECASE)
            number = int(found[1]) if found else None
        if number in errno.errorcode:
            reason = f"{os.strerror(number)} ({errno.errorcode[number]})"
        else:
            reason = cause.strerror or str(cause)
        super().__init__(f"cannot write {path}: {reason}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: mkstemp creates files readable by their owner only; results get the usual mode
FILE_MODE = 0o666 & ~_umask()


def atomic_write(path: Path, write: Callable[[Path], None], suffix: str = ".tmp") -> None:
    """`suffix` ends the temporary name, for writers that pick a format from it (".tmp.gif")."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        write(Path(tmp))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from exc
        raise


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def _finite_or_none(value):
    """JSON has no NaN: a metric that cannot be computed yet (e.g. 5-year survival in a
    3-year run) is written as null."""
    if isinstance(value, float) and value != value:
        return None
    return value


def write_json(path: Path, data: dict) -> None:
    clean = {k: _finite_or_none(v) for k, v in data.items()}
    write_text(path, json.dumps(clean, indent=2, sort_keys=True, allow_nan=False) + "\n")


def write_parquet(path: Path, df) -> None:
    atomic_write(path, lambda p: df.to_parquet(p, index=False))


def checksum(path: Path) -> dict:
    """{"bytes": size, "sha256": hex digest} of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": Path(path).stat().st_size, "sha256": digest.hexdigest()}
