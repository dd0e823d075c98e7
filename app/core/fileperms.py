"""Private files on creation: the data folder 0700, the SQLite database 0600.

The database holds password hashes; created with the default umask it would be 0644 in a 0755
folder, readable by every local user. SQLite creates its -wal and -shm files with the database
file's permissions, so creating the (empty) database file 0600 first covers all three. Existing
folders and files are left as they are: their owner chose those modes. No Flask here.
"""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: str | Path) -> Path:
    """Create the folder (and missing parents) if needed; a folder made here is 0700."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            return path  # made by another process meanwhile: its modes stand
        path.chmod(0o700)  # mkdir's mode is masked by the umask; say it exactly
    return path


def private_file(path: str | Path) -> Path:
    """Create an empty file 0600 if there is none (so what later writes to it stays private)."""
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path
    os.close(fd)
    return path
