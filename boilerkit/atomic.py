"""Write a file so that it appears whole or not at all.

The content goes to a temporary file beside the target, is flushed to disk, and is
renamed onto the target only when the writing block ends normally; an exception or
Ctrl-C removes the temporary file and leaves any previous target untouched.

A symlink is written through (its target is replaced, the link stays), an existing file
keeps its permission bits, and what is not a regular file (a FIFO, a device such as
/dev/stdout) is written to directly: renaming over it would replace it with a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager


@contextmanager
def atomic_write(path, binary: bool = False):
    path = os.path.realpath(os.fspath(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with (open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")) as f:
            yield f
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=os.path.dirname(path))
    try:
        if st is not None:
            mode = stat.S_IMODE(st.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # the mode a plain new file would get, not mkstemp's 0600
        os.fchmod(fd, mode)
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
