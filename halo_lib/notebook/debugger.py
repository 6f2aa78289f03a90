"""The step-through debugger's data layer: an episode's JSONL step records -> what the viewer shows.

    episode = load_episode("artifacts/runs/x")                 # a run folder (its first episode) or a .jsonl
    episode = load_episode("artifacts/runs/x/episodes/v2.omnizon-13__0.jsonl")
    view = episode.steps[3]                                    # a StepView
    view.source, view.action, view.gate_reasons, view.verdict, view.postcondition_held, view.loop
    view.rows()                                                # [(label, text)] the viewer's table
    view.page                                                  # the summarized AXTree the decision was made on

Where a field comes from (runner/episode.py, agent/orchestrator.py): the step record's `source` (macro / cache /
worker / manager / expert / fallback / human), `decision` (prompt, worker attempts, gate reasons and verdict,
manager reply, cache and macro info), `verify` (postcondition, loop flag, cache invalidation, macro end),
`error`, `timings`, `screenshot` (relative to the run folder). The page summary is the page block of the
decision's prompt (the exact text the worker reads); a step without a prompt shows none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError
from halo_lib.trace.episode import read_records

SOURCES = ("macro", "cache", "worker", "manager", "expert", "fallback", "human")


def page_from_prompt(prompt: list[dict] | None) -> str:
    """The page summary inside the worker prompt's last user message ("Page: ..." up to the question)."""
    if not prompt:
        return ""
    users = [m.get("content", "") for m in prompt if m.get("role") == "user"]
    if not users:
        return ""
    text = users[-1]
    start = text.find("\n\nPage: ")
    if start < 0:
        return ""
    page = text[start + 2:]
    for tail in ("\n\nYour previous reply was rejected:", "\n\nNext action?"):
        cut = page.find(tail)
        if cut >= 0:
            page = page[:cut]
    return page.strip()


@dataclass
class StepView:
    """One step as the viewer shows it."""

    index: int  # position in the episode (0-based)
    step: int
    url: str
    action: str
    source: str  # macro | cache | worker | manager | expert | fallback | human
    screenshot: Path | None
    page: str  # summarized AXTree ("" when the step record has no prompt)
    error: str | None
    reward: float
    done: bool
    worker_attempts: list[dict[str, Any]] = field(default_factory=list)  # text, parse_error, tokens, latency
    gate_reasons: list[str] = field(default_factory=list)
    gate_proposal: str | None = None
    verdict: str | None = None  # approve | replace | abort | unparsed | "no manager in this mode"
    manager_reply: str | None = None
    cache: dict[str, Any] | None = None  # {"key", "hit", "unbound"?}
    macro: dict[str, Any] | None = None  # the macro being played or started
    postcondition_held: bool | None = None
    postcondition_reason: str = ""
    loop: bool = False
    vac_invalidated: bool = False
    macro_end: str = ""  # "completed" or why it was abandoned
    fallback: str = ""
    tokens: int = 0  # prompt + completion tokens of this step's LLM calls (worker and manager)
    llm_latency_s: float = 0.0
    decide_s: float = 0.0
    step_s: float = 0.0  # environment time of the step (action + settle + observation)

    @classmethod
    def from_record(cls, record: dict[str, Any], index: int, run_dir: Path | None) -> "StepView":
        decision = record.get("decision") or {}
        verify = record.get("verify") or {}
        gate = decision.get("gate") or {}
        manager = gate.get("manager") or {}
        attempts = list(decision.get("worker") or [])
        calls = attempts + ([manager] if manager else [])
        post = verify.get("postcondition") or {}
        timings = record.get("timings") or {}
        shot = record.get("screenshot")
        macro = decision.get("macro") or decision.get("macro_started")
        macro_end = "completed" if verify.get("macro_completed") else (verify.get("macro_abandoned") or (decision.get("macro") or {}).get("abandoned") or "")
        return cls(
            index=index,
            step=int(record.get("step", index)),
            url=record.get("url", ""),
            action=record.get("action", ""),
            source=record.get("source", ""),
            screenshot=(Path(run_dir) / shot) if (shot and run_dir is not None) else (Path(shot) if shot else None),
            page=record.get("page") or page_from_prompt(decision.get("prompt")),
            error=record.get("error"),
            reward=float(record.get("reward", 0.0) or 0.0),
            done=bool(record.get("done")),
            worker_attempts=attempts,
            gate_reasons=list(gate.get("reasons") or []),
            gate_proposal=gate.get("proposal"),
            verdict=gate.get("verdict"),
            manager_reply=manager.get("text"),
            cache=decision.get("vac"),
            macro=macro,
            postcondition_held=post.get("held") if post else None,
            postcondition_reason=post.get("reason", ""),
            loop=bool(verify.get("loop")),
            vac_invalidated=bool(verify.get("vac_invalidated")),
            macro_end=str(macro_end),
            fallback=decision.get("fallback", ""),
            tokens=sum(int(c.get("prompt_tokens", 0)) + int(c.get("completion_tokens", 0)) for c in calls),
            llm_latency_s=round(sum(float(c.get("latency_s", 0.0)) for c in calls), 3),
            decide_s=round(float(timings.get("decide_s", 0.0)), 3),
            step_s=round(sum(float(v) for k, v in timings.items() if k != "decide_s" and isinstance(v, (int, float))), 3),
        )

    def flags(self) -> list[str]:
        """Short warnings: what a researcher should look at on this step."""
        flags = []
        if self.error:
            flags.append("browser error")
        if self.postcondition_held is False:
            flags.append("postcondition failed")
        if self.loop:
            flags.append("loop")
        if self.gate_reasons:
            flags.append("gated")
        if any(a.get("parse_error") for a in self.worker_attempts):
            flags.append("parse error")
        if self.vac_invalidated:
            flags.append("cache entry invalidated")
        if self.macro_end and self.macro_end != "completed":
            flags.append("macro abandoned")
        if self.fallback:
            flags.append("fallback")
        return flags

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) pairs: the viewer's table for this step."""
        post = "-" if self.postcondition_held is None else ("held" if self.postcondition_held else "FAILED")
        if self.postcondition_reason:
            post += f" ({self.postcondition_reason})"
        rows = [
            ("step", str(self.step)),
            ("url", self.url),
            ("action", self.action),
            ("decided by", self.source),
            ("gate", "; ".join(self.gate_reasons) or "-"),
            ("manager verdict", self.verdict or "-"),
            ("postcondition", post),
            ("loop", "yes" if self.loop else "no"),
            ("error", self.error or "-"),
            ("tokens", str(self.tokens)),
            ("latency", f"decide {self.decide_s:.2f} s (LLM {self.llm_latency_s:.2f} s), step {self.step_s:.2f} s"),
        ]
        if self.worker_attempts:
            for i, attempt in enumerate(self.worker_attempts, 1):
                text = repr(attempt.get("text", ""))[:200]
                if attempt.get("parse_error"):
                    text += f"  -> rejected: {attempt['parse_error']}"
                rows.append((f"worker reply {i}", text))
        if self.gate_proposal and self.gate_proposal != self.action:
            rows.append(("worker proposed", self.gate_proposal))
        if self.manager_reply is not None:
            rows.append(("manager reply", repr(self.manager_reply)[:200]))
        if self.cache is not None:
            rows.append(("cache", ("hit" if self.cache.get("hit") else "miss") + (f", unbound: {self.cache['unbound']}" if self.cache.get("unbound") else "")))
        if self.macro:
            rows.append(("macro", ", ".join(f"{k} {v}" for k, v in self.macro.items())[:200] + (f" -> {self.macro_end}" if self.macro_end else "")))
        if self.fallback:
            rows.append(("fallback", self.fallback))
        if self.flags():
            rows.append(("flags", ", ".join(self.flags())))
        return rows


@dataclass
class EpisodeView:
    """A whole episode: its start (task, goal, mode), its steps, its end (reward, success, error)."""

    path: Path
    run_dir: Path
    task_id: str
    rollout: int
    goal: str
    mode: str
    steps: list[StepView]
    end: dict[str, Any] | None  # None: the episode did not finish (crash, or still running)
    final_screenshot: Path | None

    @property
    def finished(self) -> bool:
        return self.end is not None

    def headline(self) -> str:
        if self.end is None:
            status = "not finished"
        elif self.end.get("error"):
            status = f"ERROR {self.end['error']}"
        else:
            status = f"reward {self.end.get('reward', 0):.0f} ({'success' if self.end.get('success') else 'failure'})"
            if self.end.get("truncated"):
                status += ", step limit reached"
        return f"{self.task_id}#{self.rollout} [{self.mode}] {len(self.steps)} steps: {status}"

    def sources(self) -> dict[str, int]:
        """How many steps each layer decided."""
        counts: dict[str, int] = {}
        for step in self.steps:
            counts[step.source] = counts.get(step.source, 0) + 1
        return counts

    def table(self):
        """pandas DataFrame: one row per step (step, source, action, gate, verdict, postcondition, loop, error, tokens)."""
        import pandas as pd

        return pd.DataFrame([{
            "step": s.step, "source": s.source, "action": s.action, "gate": "; ".join(s.gate_reasons),
            "verdict": s.verdict or "", "postcondition": s.postcondition_held, "loop": s.loop, "error": s.error or "",
            "tokens": s.tokens, "decide_s": s.decide_s, "step_s": s.step_s,
        } for s in self.steps])


def run_or_open(cfg) -> EpisodeView:
    """The debugger notebook's episode: `cfg.episode` when set (a finished one), else run cfg's task now."""
    if cfg.episode:
        from halo_lib.notebook.params import resolve_path

        return load_episode(resolve_path(cfg.episode))
    from halo_lib.notebook.threads import off_loop
    from halo_lib.runner.eval import run_eval

    off_loop(run_eval, cfg.run_config())
    return load_episode(cfg.out_dir)


def find_episodes(folder: str | Path) -> list[Path]:
    """Episode files under `folder` (a run folder, or a folder holding run folders), sorted."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    return sorted(folder.rglob("episodes/*.jsonl"))


def load_episode(path: str | Path) -> EpisodeView:
    """Read an episode file (or a run folder's first episode) into an EpisodeView."""
    path = Path(path)
    if path.is_dir():
        found = find_episodes(path)
        if not found:
            raise HaloError(f"No episode files under {path}: give a run folder (with episodes/*.jsonl) or a .jsonl file.")
        path = found[0]
    if not path.is_file():
        raise HaloError(f"Episode file {path} does not exist: give a run folder or an episodes/<task>__<k>.jsonl file.")
    run_dir = path.parent.parent
    records = list(read_records(path))
    start = next((r for r in records if r.get("type") == "start"), {})
    end = next((r for r in reversed(records) if r.get("type") == "end"), None)
    steps = [StepView.from_record(r, i, run_dir) for i, r in enumerate(r for r in records if r.get("type") == "step")]
    name = path.stem
    task_id, _, rollout = name.rpartition("__")
    final = next(iter(sorted((path.parent / name).glob("final.*"))), None) if (path.parent / name).is_dir() else None
    return EpisodeView(
        path=path, run_dir=run_dir, task_id=start.get("task_id", task_id), rollout=int(start.get("rollout", rollout or 0)),
        goal=start.get("goal", ""), mode=start.get("mode", ""), steps=steps, end=end, final_screenshot=final,
    )
