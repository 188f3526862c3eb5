"""Atomic file writes: a temp file in the target directory, renamed over the target on success.

A failed export (no Chromium, a rendering error, Ctrl-C) never leaves a partial file behind.
Only regular files are ever written: a symlink is written through (the link stays, its target
file is replaced), and an existing directory, device node, fifo or socket is refused and left
untouched (``-o /dev/full`` run as root must not replace the device).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from timeline.errors import ExportError, InputError

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a fifo"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_target(path: Path) -> Path:
    """The regular file to write for ``path`` (a symlink's final target); InputError if
    ``path`` exists and is not a regular file, or names a directory that does not exist."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and not stat.S_ISREG(mode):
        shown = f"{path} (-> {real})" if real != path else str(path)
        hint = "; use -o - for standard output" if stat.S_ISCHR(mode) else ""
        raise InputError(
            f"cannot write {shown}: it is {_kind(mode)}, and exports write only regular files{hint}"
        )
    directory = real.parent if str(real.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"cannot write {path}: directory {directory} does not exist")
    return real


def write_atomic(path: Path, data: bytes | str) -> int:
    """Write ``data`` to ``path`` atomically; return the number of bytes written."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    real = check_target(path)
    directory = real.parent if str(real.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        try:
            mode = stat.S_IMODE(os.stat(real).st_mode)
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        check_target(real)  # again, just before the rename: it must still be a regular file
        os.replace(tmp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return len(payload)
