"""Loop detection over a sliding window of (state fingerprint, action) pairs.

An agent loops when it takes the same action in the same state again and again (a click that does nothing,
re-filling a field) or cycles between a few states (A -> B -> A -> B). `would_loop` asks before acting, so
the gate can call the manager instead of repeating; `record` adds the step that was taken.

    loops = LoopDetector(window=8, max_repeats=2)
    if loops.would_loop(fp, action.code()): ...   # this pair already happened max_repeats times in the window
    loops.record(fp, action.code())
"""

from __future__ import annotations

from collections import deque


class LoopDetector:
    def __init__(self, window: int = 8, max_repeats: int = 2):
        self.window = window
        self.max_repeats = max_repeats
        self.history: deque[tuple[str, str]] = deque(maxlen=window)

    def count(self, fingerprint: str, action: str) -> int:
        return sum(1 for pair in self.history if pair == (fingerprint, action))

    def would_loop(self, fingerprint: str, action: str) -> bool:
        """True when (fingerprint, action) already occurred `max_repeats` times in the window."""
        return self.count(fingerprint, action) >= self.max_repeats

    def cycling(self) -> bool:
        """True when the window holds only a short cycle of states (two or fewer) repeated at least three times."""
        if len(self.history) < 6:
            return False
        recent = list(self.history)[-6:]
        return len({fp for fp, _ in recent}) <= 2 and len(set(recent)) <= 2

    def record(self, fingerprint: str, action: str) -> None:
        self.history.append((fingerprint, action))

    def reset(self) -> None:
        self.history.clear()
