"""Writing output files whole or not at all: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomic(path: str | os.PathLike, write: Callable[[str], None] | str | bytes) -> None:
    """Write ``path`` through a temporary file and ``os.replace``, so no half-written file is ever left.

    ``write`` is the text or bytes to write, or a function that writes the temporary path it is given
    (e.g. ``lambda tmp: pq.write_table(table, tmp)``). The folder must exist. The file is made 0644.
    """
    path = Path(path)
    # the temporary name keeps the suffix (".x.svg-k3j.tmp.svg"): writers that pick a format by suffix work
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=f".tmp{path.suffix}")
    try:
        if callable(write):
            os.close(fd)
            write(tmp)
            fd = os.open(tmp, os.O_RDONLY)
            try:  # on the disk before the rename (a full disk fails here or in write, never after)
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            with os.fdopen(fd, "wb" if isinstance(write, bytes) else "w", **({} if isinstance(write, bytes)
                                                                          else {"encoding": "utf-8"})) as f:
                f.write(write)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output(path: str | os.PathLike, option: str, suffixes: tuple[str, ...] = ()) -> Path:
    """``path`` as an output file, or :class:`~gigawatt.errors.InputError` at ``option`` (one line), checked
    before any work: the suffix is one of ``suffixes`` (if given), the path is not a folder, its folder
    exists and is writable (the temporary file of :func:`write_atomic` is made there), and an existing file
    there may be replaced."""
    from gigawatt.errors import InputError, show

    p = Path(path)
    if not str(path).strip():
        raise InputError(option, "is empty; give a file name")
    try:
        return _check_output(p, path, option, suffixes)
    except OSError as e:  # a name too long for the file system, a loop of links, ...
        raise InputError(option, f"{show(str(path))} cannot be used: {e.strerror or e}") from None


def _check_output(p: Path, path, option: str, suffixes: tuple[str, ...]) -> Path:
    from gigawatt.errors import InputError, show

    ends = ", ".join(suffixes[:-1]) + (" or " if len(suffixes) > 1 else "") + (suffixes[-1] if suffixes else "")
    if p.is_dir():
        raise InputError(option, f"{show(str(path))} is a folder; give a file name" + (f" ending in {ends}" if ends else ""))
    if suffixes and p.suffix.lower() not in suffixes:
        raise InputError(option, f"{show(str(path))} must end in {ends}")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise InputError(option, f"folder {show(str(folder))} {what}")
    why = cannot_write_in(folder)
    if why:
        raise InputError(option, f"cannot write in folder {show(str(folder))} ({why})")
    if p.exists() and not p.is_file():
        raise InputError(option, f"{show(str(path))} exists and is not a regular file")
    if p.exists() and (not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222):  # root too: no write bits
        raise InputError(option, f"{show(str(path))} exists and is read-only; it is not replaced")
    return p


def cannot_write_in(folder: str | os.PathLike) -> str | None:
    """Why no file can be made in ``folder`` (None if one can), found by making and removing one: permission
    bits alone do not tell (root may "write" in /proc, on a read-only mount, ...)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return "permission denied"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".gigawatt-probe-"):
            pass
    except OSError as e:
        return f"a file cannot be made there: {e.strerror or e}"
    return None


def check_folder(path: str, option: str) -> Path:
    """``path`` as an existing folder this process can write in, or one line at ``option``, checked before any
    work by making (and removing) a temporary file there: permission bits alone do not tell (root, read-only
    mounts, /proc)."""
    from gigawatt.errors import InputError, show

    if not str(path).strip():
        raise InputError(option, "is empty; give a folder")
    p = Path(path)
    if not p.is_dir():
        raise InputError(option, f"{show(str(path))} is not an existing folder")
    why = cannot_write_in(p)
    if why:
        raise InputError(option, f"cannot write in folder {show(str(path))}: {why}")
    return p


MAX_TEXT_BYTES = 1_000_000  # a scenario or view file (the CLI opens regular files only, up to this size)


def read_text_file(path, field: str, what: str = "a YAML file") -> str:
    """The UTF-8 text of the regular file ``path`` (no FIFOs, devices or folders), at most
    :data:`MAX_TEXT_BYTES`; errors are one line naming ``field`` and saying ``what`` the file should be."""
    import stat

    from gigawatt.errors import InputError

    s = str(path)
    try:
        st = os.stat(s)
    except FileNotFoundError:
        raise InputError(field, f"file {s!r} does not exist") from None
    except OSError as e:
        raise InputError(field, f"file {s!r} cannot be read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(field, f"{s!r} is a directory; {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(field, f"{s!r} is not a regular file (a device, FIFO or socket); {what}")
    if st.st_size > MAX_TEXT_BYTES:
        raise InputError(field, f"file {s!r} is {st.st_size:,} bytes; it may be at most {MAX_TEXT_BYTES:,} bytes")
    try:  # O_NONBLOCK: a FIFO swapped in after the stat cannot block the open; fstat checks the same file
        fd = os.open(s, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(field, f"file {s!r} cannot be read: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(field, f"{s!r} is not a regular file; {what}")
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(field, f"file {s!r} is longer than {MAX_TEXT_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(field, f"file {s!r} is not UTF-8 text (byte {e.start}); {what}") from None
