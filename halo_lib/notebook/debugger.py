"""The step-through debugger's data layer: an episode's JSONL step records -> what the viewer shows.

    episode = load_episode("artifacts/runs/x")                 # a run folder (its first episode) or a .jsonl
    episode = load_episode("artifacts/runs/x/episodes/v2.omnizon-13__0.jsonl")
    view = episode.steps[3]                                    # a StepView
    view.source, view.action, view.gate_reasons, view.verdict, view.postcondition_held, view.loop
    view.rows()                                                # [(label, text)] the viewer's table
    view.page                                                  # the summarized AXTree the decision was made on
    view.element, view.boxed_screenshot()                     # the acted element {"bid", "bbox"}; the shot with its box
    view.chat(), view.full_axtree(), view.record              # prompt + LLM replies; BrowserGym's whole AXTree; raw JSON
    episode.after(i)                                           # the page after step i (next step's shot, or final.jpg)

    index = episode_index("artifacts/runs/main_expert")        # one EpisodeEntry per episode file, natural order
    filter_episodes(index, site="gomail", outcome="failure", layer="worker")
    cfg = debug_config(globals())                              # 01_debug's config: no run folder when `episode` is set
    ep = run_or_open(cfg)                                      # a run's agisdk prints go to out_dir/run.log

Where a field comes from (runner/episode.py, agent/orchestrator.py): the step record's `source` (macro / cache /
worker / manager / expert / fallback / human), `decision` (prompt, worker attempts, gate reasons and verdict,
manager reply, cache and macro info), `verify` (postcondition, loop flag, cache invalidation, macro end),
`error`, `timings`, `screenshot` (relative to the run folder), `element` (the acted element's bid and bounds),
`axtree` (the full AXTree file), `page` (the summary, on steps without a prompt). The page summary is the page
block of the decision's prompt (the exact text the worker reads) or the record's `page`.
Relative paths (`artifacts/runs/x`) are read from the project root (paths.resolve_path), wherever the kernel runs.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path
from halo_lib.trace.episode import read_records

SOURCES = ("macro", "cache", "worker", "manager", "expert", "fallback", "human")
OUTCOMES = ("success", "failure", "error", "unfinished")


def natural_key(text: str) -> list:
    """Sort key that orders numbers by value: gomail-2 before gomail-11."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(text))]


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
    page = text[start + 2 :]
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
    element: dict[str, Any] | None = None  # the acted element: {"bid", "bbox": [x, y, w, h]} (None: no bid, or not recorded)
    axtree_path: Path | None = None  # the full AXTree file (gzip text), when recorded
    prompt: list[dict[str, Any]] = field(default_factory=list)  # the worker's messages
    manager_prompt: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict, repr=False)  # the step record as written

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
        macro_end = (
            "completed"
            if verify.get("macro_completed")
            else (verify.get("macro_abandoned") or (decision.get("macro") or {}).get("abandoned") or "")
        )
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
            element=record.get("element"),
            axtree_path=_under(run_dir, record.get("axtree")),
            prompt=list(decision.get("prompt") or []),
            manager_prompt=list(manager.get("prompt") or []),
            record=record,
        )

    def box(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) of the acted element in the screenshot's pixels, or None."""
        bbox = (self.element or {}).get("bbox")
        if not bbox or len(bbox) != 4:
            return None
        x, y, width, height = (float(v) for v in bbox)
        return (x, y, x + width, y + height)

    def boxed_screenshot(self, color: str = "#ff1744", width: int = 3) -> bytes | None:
        """The screenshot with the acted element's box drawn on it (the plain screenshot when there is no box)."""
        if self.screenshot is None or not self.screenshot.is_file():
            return None
        return draw_box(self.screenshot.read_bytes(), self.box(), color=color, width=width)

    def full_axtree(self) -> str:
        """BrowserGym's flat text of the whole AXTree the decision was made on ("" when not recorded)."""
        if self.axtree_path is None or not self.axtree_path.is_file():
            return ""
        with gzip.open(self.axtree_path, "rt", encoding="utf-8") as handle:
            return handle.read()

    def chat(self) -> list[dict[str, str]]:
        """The step's LLM exchange in order: the worker's prompt messages, each worker reply (with why it was
        rejected), then the manager's prompt and reply. [] for a step no LLM decided (expert, cache, macro)."""
        messages = [{"role": m.get("role", "?"), "content": str(m.get("content", ""))} for m in self.prompt]
        for i, attempt in enumerate(self.worker_attempts, 1):
            if attempt.get("feedback") and i > 1:
                messages.append({"role": "user", "content": f"(rejected: {attempt['feedback']}; asked again)"})
            note = f"\n\n-> rejected: {attempt['parse_error']}" if attempt.get("parse_error") else ""
            messages.append({"role": "assistant", "content": str(attempt.get("text", "")) + note, "who": f"worker reply {i}"})
        for m in self.manager_prompt:
            messages.append({"role": m.get("role", "?"), "content": str(m.get("content", "")), "who": "manager prompt"})
        if self.manager_reply is not None:
            messages.append({"role": "assistant", "content": self.manager_reply, "who": f"manager ({self.verdict})"})
        return messages

    def record_json(self) -> str:
        return json.dumps(self.record, indent=1, ensure_ascii=False, default=str)

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
            ("element", _element_text(self.element)),
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
            rows.append(
                (
                    "cache",
                    ("hit" if self.cache.get("hit") else "miss")
                    + (f", unbound: {self.cache['unbound']}" if self.cache.get("unbound") else ""),
                )
            )
        if self.macro:
            rows.append(
                ("macro", ", ".join(f"{k} {v}" for k, v in self.macro.items())[:200] + (f" -> {self.macro_end}" if self.macro_end else ""))
            )
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

    def after(self, index: int) -> Path | None:
        """The page after step `index`: the next step's screenshot, or final.jpg after the last step."""
        if index + 1 < len(self.steps):
            return self.steps[index + 1].screenshot
        return self.final_screenshot

    def outcome(self) -> str:
        """success | failure | error | unfinished."""
        if self.end is None:
            return "unfinished"
        if self.end.get("error"):
            return "error"
        return "success" if self.end.get("success") else "failure"

    def sources(self) -> dict[str, int]:
        """How many steps each layer decided."""
        counts: dict[str, int] = {}
        for step in self.steps:
            counts[step.source] = counts.get(step.source, 0) + 1
        return counts

    def table(self):
        """pandas DataFrame: one row per step (step, source, action, gate, verdict, postcondition, loop, error, tokens)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "step": s.step,
                    "source": s.source,
                    "action": s.action,
                    "bid": (s.element or {}).get("bid"),
                    "gate": "; ".join(s.gate_reasons),
                    "verdict": s.verdict or "",
                    "postcondition": s.postcondition_held,
                    "loop": s.loop,
                    "error": s.error or "",
                    "tokens": s.tokens,
                    "decide_s": s.decide_s,
                    "step_s": s.step_s,
                }
                for s in self.steps
            ]
        )


def debug_config(namespace: dict[str, Any]):
    """01_debug's DebugParams from the notebook's globals. With `episode` set (opening a finished episode), no
    out_dir and no live session, no run folder is made: out_dir stays "" and nothing is written. Otherwise as
    notebook_config (a new run folder, or the out_dir given, e.g. by `halo nb run`)."""
    import dataclasses

    from halo_lib.config import from_dict
    from halo_lib.notebook.params import DebugParams, collect_params, notebook_config

    config = from_dict(DebugParams, collect_params(namespace), where="the notebook's parameters")
    if config.episode and not config.out_dir and not config.live:  # a live session is a new run: it needs a folder
        path = resolve_path(config.episode)
        if not path.exists():
            raise HaloError(
                f"episode '{config.episode}' does not exist (read as {path}): give a run folder or an episodes/<task>__<k>.jsonl file."
            )
        return dataclasses.replace(config, episode=str(path), out_dir="")
    return notebook_config(DebugParams, namespace, name="debug")


@contextlib.contextmanager
def prints_into(log_path: str | Path) -> Iterator[Path]:
    """Send what runs inside (agisdk's grader state dumps, emoji lines, warnings) to `log_path` instead of the
    notebook: sys.stdout/sys.stderr (every thread) and the root logger's console handlers."""
    import logging

    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "a", encoding="utf-8", buffering=1) as handle:
        file_handler = logging.StreamHandler(handle)
        file_handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        muted = []
        for logger in [logging.getLogger()] + [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]:
            for handler in list(getattr(logger, "handlers", [])):
                if (
                    isinstance(handler, logging.StreamHandler)
                    and not isinstance(handler, logging.FileHandler)
                    and getattr(handler, "stream", None) in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)
                ):
                    logger.removeHandler(handler)
                    muted.append((logger, handler))
        logging.getLogger().addHandler(file_handler)
        try:
            with contextlib.redirect_stdout(handle), contextlib.redirect_stderr(handle):
                yield log_path
        finally:
            logging.getLogger().removeHandler(file_handler)
            for logger, handler in muted:
                logger.addHandler(handler)


def run_or_open(cfg) -> EpisodeView:
    """The debugger notebook's episode: `cfg.episode` when set (a finished one: nothing is run or written), else run
    cfg's task now (agisdk's prints go to out_dir/run.log, not into the notebook)."""
    if cfg.episode:
        return load_episode(resolve_path(cfg.episode))
    from halo_lib.notebook.threads import off_loop
    from halo_lib.runner.eval import run_eval

    from halo_lib.env.environment import agisdk_output_to

    log = Path(cfg.out_dir) / "run.log"
    with prints_into(log), agisdk_output_to(log):
        off_loop(run_eval, cfg.run_config())
    return load_episode(cfg.out_dir)


def find_episodes(folder: str | Path) -> list[Path]:
    """Episode files under `folder` (a run folder, or a folder holding run folders; relative paths from the project
    root), in natural order (gomail-2 before gomail-11)."""
    folder = resolve_path(folder)
    if folder.is_file():
        return [folder]
    return sorted(folder.rglob("episodes/*.jsonl"), key=lambda p: natural_key(str(p.relative_to(folder))))


@dataclass
class EpisodeEntry:
    """One episode file as the picker lists it (read from its start/end records and step sources)."""

    path: Path
    label: str  # path relative to the folder browsed
    task_id: str
    rollout: int
    site: str
    outcome: str  # success | failure | error | unfinished
    steps: int
    layers: tuple[str, ...]  # the sources that decided its steps
    error: str | None = None
    mode: str = ""


def episode_index(folder: str | Path) -> list[EpisodeEntry]:
    """Every episode under `folder`, naturally sorted, with what the picker filters on (site, outcome, layers)."""
    from halo_lib.env.tasks import site_of

    folder = resolve_path(folder)
    root = folder.parent.parent if folder.is_file() else folder
    entries = []
    for path in find_episodes(root):
        start, end, layers, steps = {}, None, [], 0
        for record in read_records(path):
            kind = record.get("type")
            if kind == "start":
                start = record
            elif kind == "step":
                steps += 1
                if record.get("source") and record["source"] not in layers:
                    layers.append(record["source"])
            elif kind == "end":
                end = record
        task_id, _, rollout = path.stem.rpartition("__")
        task_id = start.get("task_id", task_id)
        outcome = "unfinished" if end is None else ("error" if end.get("error") else ("success" if end.get("success") else "failure"))
        entries.append(
            EpisodeEntry(
                path=path,
                label=str(path.relative_to(root)),
                task_id=task_id,
                rollout=int(start.get("rollout", rollout or 0)),
                site=site_of(task_id),
                outcome=outcome,
                steps=steps,
                layers=tuple(layers),
                error=(end or {}).get("error"),
                mode=start.get("mode", ""),
            )
        )
    return entries


def filter_episodes(entries: list[EpisodeEntry], site: str = "", outcome: str = "", layer: str = "") -> list[EpisodeEntry]:
    """The entries of `site`, with `outcome`, with a step decided by `layer` ("" = any)."""
    return [
        e for e in entries if (not site or e.site == site) and (not outcome or e.outcome == outcome) and (not layer or layer in e.layers)
    ]


def draw_box(image: bytes, box: tuple[float, float, float, float] | None, color: str = "#ff1744", width: int = 3) -> bytes:
    """`image` (JPEG or PNG bytes) with a rectangle at `box` (x0, y0, x1, y1 in pixels), in the same format."""
    if box is None:
        return image
    from PIL import Image, ImageDraw

    picture = Image.open(io.BytesIO(image))
    fmt = picture.format or "JPEG"
    picture = picture.convert("RGB")
    x0, y0, x1, y1 = box
    w, h = picture.size
    x0, x1 = max(0.0, min(x0, w - 1)), max(0.0, min(x1, w - 1))
    y0, y1 = max(0.0, min(y0, h - 1)), max(0.0, min(y1, h - 1))
    if x1 > x0 and y1 > y0:
        ImageDraw.Draw(picture).rectangle((x0, y0, x1, y1), outline=color, width=width)
    out = io.BytesIO()
    picture.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def _under(run_dir: Path | None, relative: str | None) -> Path | None:
    if not relative:
        return None
    return (Path(run_dir) / relative) if run_dir is not None else Path(relative)


def _element_text(element: dict[str, Any] | None) -> str:
    if not element:
        return "-"
    bbox = element.get("bbox")
    where = f"x {bbox[0]:.0f} y {bbox[1]:.0f}, {bbox[2]:.0f} x {bbox[3]:.0f} px" if bbox else "not rendered"
    return f"[{element.get('bid')}] {where}"


def load_episode(path: str | Path) -> EpisodeView:
    """Read an episode file (or a run folder's first episode; relative paths from the project root) into an EpisodeView."""
    path = resolve_path(path)
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
        path=path,
        run_dir=run_dir,
        task_id=start.get("task_id", task_id),
        rollout=int(start.get("rollout", rollout or 0)),
        goal=start.get("goal", ""),
        mode=start.get("mode", ""),
        steps=steps,
        end=end,
        final_screenshot=final,
    )
