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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        if callable(write):
            os.close(fd)
            write(tmp)
        else:
            with os.fdopen(fd, "wb" if isinstance(write, bytes) else "w", **({} if isinstance(write, bytes)
                                                                          else {"encoding": "utf-8"})) as f:
                f.write(write)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
