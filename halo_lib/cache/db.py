"""SQLite connections for the caches: WAL (parallel Ray workers read and write), bounded lock waits, and one
clear error when the file is not a usable database.

    con = connect(path, SCHEMA)    # creates the file and tables if missing
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class CacheError(RuntimeError):
    """The cache database cannot be used (corrupt, locked too long, unwritable); the run goes on without it."""


def connect(path: Path, schema: str, timeout_s: float = 10.0) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        con.executescript(schema)
        con.execute("PRAGMA quick_check").fetchone()
        return con
    except (sqlite3.DatabaseError, OSError) as exc:
        raise CacheError(f"The cache database {path} is unusable ({exc}): delete it or run `halo cache clear`.") from exc
