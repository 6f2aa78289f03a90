"""The verified action cache (VAC): for a state the agent has been in before, the action that worked there.

Key: a hash of (site, normalized goal, state fingerprint, the previous action, scope). The previous action
(by element identity) is part of the state because one page can call for different actions depending on
what was just done (an open email before and after replying to it). `scope` is the part of the resolved
config that changes what a state or an action means: fingerprint and identity recipes, site mode, viewport.
It leaves out who decided (the mode), so entries written by expert episodes serve every mode.

Value: the action by element identity (cache/portable.py). Entries are written only by `commit`, for the
steps whose postcondition held, in episodes that succeeded; a key seen with two different actions in one
episode is skipped as ambiguous. A hit replays without any LLM call; `invalidate` removes an entry whose
replay failed verification.

    vac = VerifiedActionCache(ARTIFACTS / "cache" / "vac.sqlite", scope={"sites": "local"})
    key = vac.key("omnizon", goal, summary.fingerprint, prev="start")
    portable = vac.lookup(key)
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from halo_lib.cache.db import CacheError, connect
from halo_lib.cache.portable import PortableAction

SCHEMA = """
CREATE TABLE IF NOT EXISTS vac (
    key TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    goal TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    prev TEXT NOT NULL,
    action TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 1,
    hits INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS vac_invalidated (key TEXT, action TEXT, reason TEXT, at REAL);
"""


def normalize_goal(goal: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s$.@-]", " ", goal.lower())).strip()


@dataclass(frozen=True)
class VacEntry:
    key: str
    site: str
    goal: str
    fingerprint: str
    prev: str
    action: PortableAction


class VerifiedActionCache:
    def __init__(self, path: Path, scope: dict[str, Any] | None = None):
        self.path = Path(path)
        self.scope = json.dumps(scope or {}, sort_keys=True)
        self._con: sqlite3.Connection | None = None

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = connect(self.path, SCHEMA)
        return self._con

    def key(self, site: str, goal: str, fingerprint: str, prev: str) -> str:
        payload = json.dumps([site, normalize_goal(goal), fingerprint, prev, self.scope])
        return hashlib.sha256(payload.encode()).hexdigest()[:24]

    def lookup(self, key: str, count_hit: bool = True) -> PortableAction | None:
        try:
            row = self.con.execute("SELECT action FROM vac WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            try:
                action = PortableAction.from_json(row[0])
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a damaged row: never replayed
                with self._transaction():
                    self.con.execute("DELETE FROM vac WHERE key = ?", (key,))
                    self.con.execute(
                        "INSERT INTO vac_invalidated VALUES (?, ?, ?, ?)",
                        (key, row[0], f"unreadable entry ({type(exc).__name__})", time.time()),
                    )
                return None
            if count_hit:
                self.con.execute("UPDATE vac SET hits = hits + 1 WHERE key = ?", (key,))
            return action
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"The verified action cache {self.path} failed a lookup ({exc}).") from exc

    def commit(self, entries: Iterable[VacEntry]) -> int:
        """Write the verified steps of one successful episode; returns how many entries were written."""
        by_key: dict[str, VacEntry | None] = {}
        for entry in entries:
            seen = by_key.get(entry.key, entry)
            by_key[entry.key] = entry if seen is not None and seen.action == entry.action else None
        now = time.time()
        written = 0
        try:
            with self._transaction():
                for key, entry in by_key.items():
                    if entry is None:
                        continue  # ambiguous: two different actions at one key in one episode
                    self.con.execute(
                        "INSERT INTO vac (key, site, goal, fingerprint, prev, action, created, updated) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "action = excluded.action, verified = vac.verified + 1, updated = excluded.updated",
                        (key, entry.site, normalize_goal(entry.goal), entry.fingerprint, entry.prev, entry.action.to_json(), now, now),
                    )
                    written += 1
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"The verified action cache {self.path} could not be written ({exc}).") from exc
        return written

    def invalidate(self, key: str, reason: str) -> None:
        try:
            with self._transaction():
                row = self.con.execute("SELECT action FROM vac WHERE key = ?", (key,)).fetchone()
                self.con.execute("DELETE FROM vac WHERE key = ?", (key,))
                self.con.execute("INSERT INTO vac_invalidated VALUES (?, ?, ?, ?)", (key, row[0] if row else "", reason, time.time()))
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"The verified action cache {self.path} could not be updated ({exc}).") from exc

    def entries(self, site: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        query = "SELECT key, site, goal, fingerprint, prev, action, verified, hits, updated FROM vac"
        params: tuple = ()
        if site:
            query, params = query + " WHERE site = ?", (site,)
        rows = self.con.execute(query + " ORDER BY updated DESC LIMIT ?", (*params, limit)).fetchall()
        names = ("key", "site", "goal", "fingerprint", "prev", "action", "verified", "hits", "updated")
        return [dict(zip(names, row)) | {"action": PortableAction.from_json(row[5]).describe()} for row in rows]

    def stats(self) -> dict[str, int]:
        n, hits = self.con.execute("SELECT COUNT(*), COALESCE(SUM(hits), 0) FROM vac").fetchone()
        invalidated = self.con.execute("SELECT COUNT(*) FROM vac_invalidated").fetchone()[0]
        return {"entries": n, "hits": hits, "invalidated": invalidated}

    def clear(self) -> int:
        with self._transaction():
            n = self.con.execute("SELECT COUNT(*) FROM vac").fetchone()[0]
            self.con.execute("DELETE FROM vac")
            self.con.execute("DELETE FROM vac_invalidated")
        return n

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _transaction(self):
        con = self.con

        class _Tx:
            def __enter__(self):
                con.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, value, tb):
                con.execute("COMMIT" if kind is None else "ROLLBACK")
                return False

        return _Tx()
