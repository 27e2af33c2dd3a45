"""Atomic result files: a reader never sees a half-written file.

Every file is written to a temporary name in the same directory, flushed, then
renamed over its final name (rename is atomic on POSIX). A run directory is
complete only when its `.done` marker exists; the marker is written last.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

DONE = ".done"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: mkstemp creates files readable by their owner only; results get the usual mode
FILE_MODE = 0o666 & ~_umask()


def atomic_write(path: Path, write: Callable[[Path], None], suffix: str = ".tmp") -> None:
    """`suffix` ends the temporary name, for writers that pick a format from it (".tmp.gif")."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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


def mark_done(run_dir: Path) -> None:
    write_text(Path(run_dir) / DONE, "complete\n")


def is_done(run_dir: Path) -> bool:
    return (Path(run_dir) / DONE).exists()
