"""One writer per output folder: an exclusive lock beside the target.

The lock is `fcntl.flock` on `.NAME.lock` beside the output folder, taken
before the run looks at the staging folder or the target and held until the
output is in place. The kernel drops a flock when its last holder dies, so a
run killed with SIGKILL leaves no live lock: the next run takes it over at
once (and reports whose it was) and resumes the staging folder; a run that
is still alive, or whose worker processes are still finishing a part (they
inherit the lock), keeps it, and a second run stops at once with
OutputLocked naming the holder (pid, host, start time) from the file.

The file's content is informational; the flock decides. It is removed on
release. A holder checks, after locking, that the path still names the
file it locked (a releasing run may have just removed it), and retries if
not, so two runs can never both believe they hold it.
"""

from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import json
import os
import socket
from pathlib import Path
from typing import Any

from pipeline.errors import OutputLocked, OutputNotWritable


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _read_info(fd: int) -> dict[str, Any]:
    try:
        raw = os.pread(fd, 4096, 0)
        info = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def describe(info: dict[str, Any]) -> str:
    """'pid 123 on host h since 2026-12-06T01:02:03+00:00' from a lock file's content."""
    if not info:
        return "an unknown process (the lock file is empty)"
    return f"pid {info.get('pid', '?')} on host {info.get('host', '?')} since {info.get('started', '?')}"


class OutputLock:
    """Exclusive lock on one output folder; `previous` is a stale holder's record, if one was taken over."""

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.fd: int | None = None
        self.previous: dict[str, Any] | None = None

    def acquire(self) -> OutputLock:
        """Take the lock or raise OutputLocked at once (never waits)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputNotWritable(f"cannot write to {self.target}: {exc.strerror or exc}") from exc
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise OutputNotWritable(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                info = _read_info(fd)
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise OutputNotWritable(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
                raise OutputLocked(self._held_message(info)) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # the holder removed the file between our open and flock: lock the new one
        previous = _read_info(fd)
        self.previous = previous or None
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"), "target": str(self.target)}
        data = json.dumps(info).encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        self.fd = fd
        return self

    def _held_message(self, info: dict[str, Any]) -> str:
        who = describe(info)
        here = info.get("host") == socket.gethostname()
        gone = here and isinstance(info.get("pid"), int) and not _pid_alive(info["pid"])
        tail = (
            " That process has ended but processes it started still hold the lock (workers finishing a part);"
            " run again once they are gone."
            if gone
            else " Wait for it to finish, or choose another -o."
        )
        return f"{self.target} is being written by another claimlens run: {who} (lock {self.path}).{tail}"

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # while still holding it: a waiting run re-checks the inode
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
