"""One process at a time runs the jobs of a sweep directory: the lock `<sweep_dir>/.lock`.

Two shells resuming the same sweep would compute the same runs twice and race on their
files; the second one stops instead (exit 2), with one line naming who holds the lock.

The lock is an advisory `flock` on the lock file, which the operating system releases
when its holder ends *in any way*, SIGKILL included: a killed holder never leaves a lock
that blocks the next resume. The file also says who holds it (pid, host, start, command),
for that message, and is emptied on a clean release; a non-empty file found with no lock
held is therefore the trace of a holder that was killed, and the next holder says it is
taking over. The file is never deleted (deleting a locked file lets a third process lock
a new file of the same name while the second still holds the old one).

On a shared file system (NFS) `flock` is carried by the server's locks, so two machines
exclude each other too, and a crashed machine's lock lapses with its lease.

The lock is re-entrant within a process: `ecosim search` holds it for the whole search
and launches each batch under it.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ecosim import io
from ecosim.config import ConfigError

LOCK = ".lock"
#: sweep directories locked by this process: resolved path -> nesting depth
_held: dict[Path, int] = {}


def _holder() -> dict:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": " ".join(["ecosim", *sys.argv[1:]])[:300],
    }


def _describe(holder: dict) -> str:
    return (
        f"pid {holder.get('pid')} on {holder.get('host')} since {holder.get('since')} "
        f"({holder.get('command')})"
    )


def _read(fd: int) -> dict:
    size = os.fstat(fd).st_size
    try:
        return json.loads(os.pread(fd, size, 0)) if size else {}
    except ValueError:
        return {"command": "unknown: unreadable lock file"}


@contextmanager
def hold(sweep_dir: Path):
    """Hold the sweep directory's lock; ConfigError (exit 2) if another process holds it."""
    key = Path(sweep_dir).resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path = key / LOCK
    try:
        key.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, io.FILE_MODE)
    except OSError as exc:
        raise io.WriteError(path, exc) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read(fd)
        os.close(fd)
        raise ConfigError(
            f"{sweep_dir} is being run by {_describe(holder)} (lock {path}); "
            "wait for it to end, or stop it, then resume"
        ) from None
    try:
        previous = _read(fd)
        if previous:
            print(
                f"sweep: {sweep_dir} was last run by {_describe(previous)}, which was killed "
                "(its lock was never released); taking over",
                file=sys.stderr,
                flush=True,
            )
        record = (json.dumps(_holder()) + "\n").encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, record, 0)
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        raise io.WriteError(path, exc) from exc
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        try:
            os.ftruncate(fd, 0)  # released cleanly: nobody was killed holding it
        finally:
            os.close(fd)
