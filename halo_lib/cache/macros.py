"""Macros: multi-step skills mined from successful trajectories, replayed step by step with verification.

A trajectory step is abstracted to (action name, target element identity, arguments); the text typed by a
`fill` that opens a sequence becomes the slot `$1`, so "search for X" is one skill for every X. Every
contiguous run of 2..`max_len` verified steps of a successful episode is a candidate; the store counts, per
candidate, the distinct ids it was observed under, and a candidate is promoted to a macro once that count
reaches `min_support` (2). The agent observes each successful episode under its task id, so a skill is
promoted once it succeeded in episodes of two different tasks: a reusable skill, not one task's script. Among promoted macros that start alike the longest one is preferred.

Replay (agent/orchestrator.py): when the decided action (from the cache or the worker) matches a macro's
first step, the slot binds to its text and the remaining steps are played one per turn, each bound to the
current page by element identity and verified like any step; the first step that cannot be bound or whose
postcondition fails abandons the macro and the worker takes over.

    store = MacroStore(ARTIFACTS / "cache" / "macros.sqlite")
    store.observe(episode_id, site, steps)          # steps: [PortableAction] of one successful episode
    macro = store.match(site, first_action)         # a promoted macro whose first step is this action
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from halo_lib.cache.db import CacheError, connect
from halo_lib.cache.portable import PortableAction

SLOT = "$1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS macro_candidates (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    steps TEXT NOT NULL,
    first TEXT NOT NULL,
    length INTEGER NOT NULL,
    episodes TEXT NOT NULL,
    support INTEGER NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    abandoned INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS macro_first ON macro_candidates (site, first);
"""


@dataclass(frozen=True)
class Macro:
    id: str
    site: str
    steps: tuple[PortableAction, ...]
    support: int

    def bind(self, text: str) -> list[PortableAction]:
        """The steps with the slot filled by `text`."""
        return [PortableAction(s.name, s.element, tuple(text if a == SLOT else a for a in s.args)) for s in self.steps]

    def describe(self) -> str:
        return " -> ".join(s.describe() for s in self.steps)


def abstract(steps: Sequence[PortableAction]) -> tuple[PortableAction, ...]:
    """The sequence with its first step's typed text replaced by the slot."""
    first = steps[0]
    if first.name == "fill":
        first = PortableAction(first.name, first.element, (SLOT, *first.args[1:]))
    return (first, *steps[1:])


def _head(step: PortableAction) -> str:
    """What a first step is matched on: name + element (the typed text is the slot)."""
    element = step.element.to_dict() if step.element else None
    args = [] if step.name == "fill" else list(step.args)
    return json.dumps([step.name, element, args], sort_keys=True)


def _id(site: str, steps: tuple[PortableAction, ...]) -> str:
    return hashlib.sha256(json.dumps([site, [s.to_json() for s in steps]]).encode()).hexdigest()[:16]


def candidates(steps: Sequence[PortableAction], max_len: int = 6) -> list[tuple[PortableAction, ...]]:
    """Every abstracted contiguous run of 2..max_len steps that a macro could be (terminal steps excluded)."""
    steps = [s for s in steps]
    out = []
    for start in range(len(steps)):
        for length in range(2, max_len + 1):
            window = steps[start : start + length]
            if len(window) < length or any(s.name in ("send_msg_to_user", "report_infeasible") for s in window):
                break
            out.append(abstract(window))
    return out


class MacroStore:
    def __init__(self, path: Path, min_support: int = 2, max_len: int = 6):
        self.path = Path(path)
        self.min_support = min_support
        self.max_len = max_len
        self._con: sqlite3.Connection | None = None

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = connect(self.path, SCHEMA)
        return self._con

    def observe(self, episode_id: str, site: str, steps: Sequence[PortableAction]) -> int:
        """Count the candidates of one successful episode's verified run of steps; returns how many were new."""
        seen = set()
        new = 0
        try:
            self.con.execute("BEGIN IMMEDIATE")
            for cand in candidates(steps, self.max_len):
                cid = _id(site, cand)
                if cid in seen:
                    continue
                seen.add(cid)
                row = self.con.execute("SELECT episodes FROM macro_candidates WHERE id = ?", (cid,)).fetchone()
                if row is None:
                    self.con.execute(
                        "INSERT INTO macro_candidates (id, site, steps, first, length, episodes, support, updated) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                        (
                            cid,
                            site,
                            json.dumps([s.to_json() for s in cand]),
                            _head(cand[0]),
                            len(cand),
                            json.dumps([episode_id]),
                            time.time(),
                        ),
                    )
                    new += 1
                    continue
                episodes = json.loads(row[0])
                if episode_id not in episodes:
                    episodes.append(episode_id)
                    self.con.execute(
                        "UPDATE macro_candidates SET episodes = ?, support = ?, updated = ? WHERE id = ?",
                        (json.dumps(episodes), len(episodes), time.time(), cid),
                    )
            self.con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            try:
                self.con.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass
            raise CacheError(f"The macro store {self.path} could not be written ({exc}).") from exc
        return new

    def _macro(self, row) -> Macro:
        cid, site, steps, support = row
        return Macro(cid, site, tuple(PortableAction.from_json(s) for s in json.loads(steps)), support)

    def match(self, site: str, first: PortableAction) -> Macro | None:
        """The longest promoted macro (ties: most support, fewest abandons) whose first step is `first`."""
        try:
            row = self.con.execute(
                "SELECT id, site, steps, support FROM macro_candidates WHERE site = ? AND first = ? AND support >= ? "
                "ORDER BY length DESC, support DESC, abandoned ASC LIMIT 1",
                (site, _head(first), self.min_support),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"The macro store {self.path} failed a lookup ({exc}).") from exc
        return self._macro(row) if row else None

    def promoted(self, site: str | None = None) -> list[Macro]:
        query = "SELECT id, site, steps, support FROM macro_candidates WHERE support >= ?"
        params: list[Any] = [self.min_support]
        if site:
            query += " AND site = ?"
            params.append(site)
        rows = self.con.execute(query + " ORDER BY site, length DESC, support DESC", params).fetchall()
        return [self._macro(r) for r in rows]

    def record_replay(self, macro_id: str, completed: bool) -> None:
        column = "completed" if completed else "abandoned"
        try:
            self.con.execute(f"UPDATE macro_candidates SET replays = replays + 1, {column} = {column} + 1 WHERE id = ?", (macro_id,))
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"The macro store {self.path} could not be updated ({exc}).") from exc

    def stats(self) -> dict[str, int]:
        n, promoted = self.con.execute(
            "SELECT COUNT(*), COALESCE(SUM(support >= ?), 0) FROM macro_candidates", (self.min_support,)
        ).fetchone()
        return {"candidates": n, "promoted": promoted}

    def clear(self) -> int:
        n = self.con.execute("SELECT COUNT(*) FROM macro_candidates").fetchone()[0]
        self.con.execute("DELETE FROM macro_candidates")
        return n

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
