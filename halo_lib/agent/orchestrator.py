"""The HALO agent: turns an observation into one action, recording where the decision came from.

Each step, in order:
1. macro   a macro in progress plays its next step (bound to this page by element identity)
2. cache   the verified action cache has an action for (site, goal, state, previous action): replayed, no LLM
3. worker  the worker LLM proposes an action; a reply that does not parse is fed back (max_parse_retries)
4. gate    high-stakes steps (irreversible, loop, error streak, unparseable) go to the manager, which
           approves, replaces or aborts (abort = report_infeasible with its reason); macro steps are gated
           too, cache hits are not (they already worked in a successful episode); with no manager, a loop
           ends the episode (AgentConfig.stop_on_loop) rather than repeating to max_steps
After the step (`observe`): the postcondition is checked, the loop window updated, a failed cache replay
invalidates its entry, a failed macro step abandons the macro. At the end (`finish`), a successful episode
commits its verified steps to the cache and its action sequence to the macro miner.

    agent = HaloAgent(mode, AgentConfig(), worker=make_backend(spec), manager=None, vac=vac, macros=store)
    agent.reset(task); action = agent.act(obs); agent.observe(next_obs); agent.finish(success=True)

`last_decision` (a dict) and `stats` feed the step record and the episode's cost columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from halo_lib.cache.db import CacheError
from halo_lib.cache.macros import Macro, MacroStore
from halo_lib.cache.portable import PortableAction
from halo_lib.cache.vac import VacEntry, VerifiedActionCache
from halo_lib.config import AgentConfig, ModeConfig
from halo_lib.obs.summary import ObsSummary, summarize
from halo_lib.policy.gate import gate_reasons
from halo_lib.policy.grammar import Action, ActionParseError, parse_action
from halo_lib.policy.ranked import worker_complete
from halo_lib.policy.prompts import HistoryItem, manager_messages, parse_verdict, worker_messages
from halo_lib.verify.loops import LoopDetector
from halo_lib.verify.postconditions import postcondition

START = "start"


@dataclass
class AgentStats:
    worker_calls: int = 0
    manager_calls: int = 0
    vac_hits: int = 0
    macro_hits: int = 0
    worker_tokens: int = 0
    manager_tokens: int = 0
    llm_latency_s: float = 0.0
    parse_errors: int = 0
    vac_invalidations: int = 0
    macros_abandoned: int = 0
    gate_reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class _ActiveMacro:
    macro: Macro
    steps: list[PortableAction]
    next: int  # index of the step to play next


class HaloAgent:
    def __init__(
        self,
        mode: ModeConfig,
        config: AgentConfig,
        worker: Any,
        manager: Any = None,
        vac: VerifiedActionCache | None = None,
        macros: MacroStore | None = None,
        seed: int = 0,
    ):
        """`worker`: an LLM backend (`complete`) or a policy (`act(obs)`, e.g. the scripted expert). `vac` and
        `macros` are written after successful episodes whenever given; they are read only when the mode says so."""
        self.mode, self.config = mode, config
        self.worker, self.manager = worker, manager
        self.vac, self.macros = vac, macros
        self.read_vac, self.replay_macros = mode.vac, mode.macros
        self.seed = seed
        self.source = "agent"
        self.warnings: list[str] = []
        self.reset(None)

    # ---- episode lifecycle ---------------------------------------------------------------------------
    def reset(self, task: Any) -> None:
        self.task = task
        self.site = getattr(task, "site", "") or ""
        self.goal = getattr(task, "goal", "") or ""
        self.task_id = getattr(task, "task_id", "") or self.goal
        self.stats = AgentStats()
        self.history: list[HistoryItem] = []
        self.loops = LoopDetector(self.config.loop_window, self.config.loop_repeats)
        self.failures: list[bool] = []
        self.prev = START
        self.verified: list[VacEntry] = []  # the steps whose postcondition held (committed on success)
        self.sequence: list[PortableAction | None] = []  # every executed action; None breaks a macro run
        self.active_macro: _ActiveMacro | None = None
        self.last_decision: dict[str, Any] = {}
        self._pending: dict[str, Any] | None = None
        self._step = 0

    # ---- deciding ------------------------------------------------------------------------------------
    def act(self, obs: dict[str, Any]) -> str:
        summary = summarize(obs, self.config.obs, self.goal)
        messages = worker_messages(self.goal, summary.text, self.history, "", self.config.history_steps)
        decision: dict[str, Any] = {"fingerprint": summary.fingerprint, "prompt": messages}
        vac_key = self._vac_key(summary)
        action, source = self._from_macro(summary, vac_key, decision)
        if action is None:
            action, source = self._from_cache(summary, vac_key, decision)
        if action is None:
            action, source = self._from_worker(obs, summary, messages, decision)
        if source != "cache":
            action, source = self._gate(action, source, summary, decision)
        if action is None:
            action, source = Action("noop", ()), "fallback"
            decision["fallback"] = "no valid action from the worker or manager: waited one step"
        portable = PortableAction.capture(action, summary.nodes)
        if (
            source in ("worker", "manager", "cache")
            and self.replay_macros
            and self.macros is not None
            and self.active_macro is None
            and portable
        ):
            self._start_macro(portable, decision)
        decision.update(
            {"source": source, "action": action.code(), "element": portable.element.to_dict() if portable and portable.element else None}
        )
        self.last_decision = decision
        self._pending = {"summary": summary, "action": action, "portable": portable, "source": source, "vac_key": vac_key}
        self._step += 1
        return action.code()

    def _vac_key(self, summary: ObsSummary) -> str | None:
        if self.vac is None:  # the key is needed to write as well as to read
            return None
        return self.vac.key(self.site, self.goal, summary.fingerprint, self.prev)

    def _from_macro(self, summary: ObsSummary, vac_key: str | None, decision: dict) -> tuple[Action | None, str]:
        active = self.active_macro
        if active is None:
            return None, ""
        step = active.steps[active.next]
        action = step.bind(summary.nodes)
        decision["macro"] = {"id": active.macro.id, "step": active.next, "of": len(active.steps)}
        if action is None:
            decision["macro"]["abandoned"] = f"{step.describe()} is not on the page"
            self._end_macro(completed=False)
            return None, ""
        verified = self._cached_action(summary, vac_key)
        if verified is not None and verified.code() != action.code():
            # a skill mined from other tasks yields to the action verified for this goal in this very state
            decision["macro"]["abandoned"] = f"the verified action cache has {verified.code()} for this state"
            self._end_macro(completed=False)
            return None, ""
        active.next += 1  # the macro stays active until `observe` has verified its last step
        self.stats.macro_hits += 1
        return action, "macro"

    def _cached_action(self, summary: ObsSummary, key: str | None) -> Action | None:
        """The cache's action for this state bound to the page, without counting a hit (None: none or cache off)."""
        if key is None or self.vac is None or not self.read_vac:
            return None
        portable = self._safe(lambda: self.vac.lookup(key, count_hit=False))
        return portable.bind(summary.nodes) if portable is not None else None

    def _from_cache(self, summary: ObsSummary, key: str | None, decision: dict) -> tuple[Action | None, str]:
        if key is None or self.vac is None or not self.read_vac:
            return None, ""
        portable = self._safe(lambda: self.vac.lookup(key))
        decision["vac"] = {"key": key, "hit": False}
        if portable is None:
            return None, ""
        action = portable.bind(summary.nodes)
        if action is None:
            decision["vac"]["unbound"] = portable.describe()
            return None, ""
        decision["vac"]["hit"] = True
        self.stats.vac_hits += 1
        return action, "cache"

    def _llm(self, backend: Any, messages: list[dict], role: str) -> tuple[str, dict]:
        temperature = self.config.temperature if role == "worker" else 0.0
        seed = self.seed * 100_003 + self._step
        decoding = self.config.worker_decoding if role == "worker" else "free"
        completion = worker_complete(
            backend, messages, decoding=decoding, max_tokens=self.config.max_new_tokens, temperature=temperature, seed=seed
        )
        tokens = completion.prompt_tokens + completion.completion_tokens
        if role == "worker":
            self.stats.worker_calls += 1
            self.stats.worker_tokens += tokens
        else:
            self.stats.manager_calls += 1
            self.stats.manager_tokens += tokens
        self.stats.llm_latency_s += completion.latency_s
        return completion.text, {
            "text": completion.text,
            "prompt_tokens": completion.prompt_tokens,
            "completion_tokens": completion.completion_tokens,
            "latency_s": round(completion.latency_s, 3),
        }

    def _from_worker(self, obs: dict, summary: ObsSummary, messages: list[dict], decision: dict) -> tuple[Action | None, str]:
        if hasattr(self.worker, "act"):  # a scripted policy (the expert): its actions go through the same parser
            text = self.worker.act(obs)
            try:
                return parse_action(text, summary.bids), getattr(self.worker, "source", "scripted")
            except ActionParseError as exc:
                decision["worker"] = [{"text": text, "parse_error": str(exc)}]
                return None, getattr(self.worker, "source", "scripted")
        feedback = ""
        attempts = []
        for attempt in range(1 + max(0, self.config.max_parse_retries)):
            if attempt:
                messages = worker_messages(self.goal, summary.text, self.history, feedback, self.config.history_steps)
            text, call = self._llm(self.worker, messages, "worker")
            if attempt:
                call["feedback"] = feedback
            attempts.append(call)
            try:
                action = parse_action(text, summary.bids)
                decision["worker"] = attempts
                return action, "worker"
            except ActionParseError as exc:
                self.stats.parse_errors += 1
                call["parse_error"] = str(exc)
                feedback = str(exc)
        decision["worker"] = attempts
        return None, "worker"

    def _gate(self, action: Action | None, source: str, summary: ObsSummary, decision: dict) -> tuple[Action | None, str]:
        reasons = gate_reasons(action, summary, self.loops, self.failures, self.config.error_streak)
        if not reasons:
            return action, source
        for reason in reasons:
            key = reason.split(":")[0]
            self.stats.gate_reasons[key] = self.stats.gate_reasons.get(key, 0) + 1
        gate: dict[str, Any] = {"reasons": reasons, "proposal": action.code() if action else None}
        decision["gate"] = gate
        if self.manager is None:
            # no valid action here again: the fallback noop would repeat in the same state, a loop as well
            stuck = action is None and self.loops.would_loop(summary.fingerprint, "noop()")
            if ("loop" in reasons or stuck) and self.config.stop_on_loop:
                gate["verdict"] = "stop: loop and no manager in this mode"
                what = gate["proposal"] or "waiting (no valid action)"
                return Action("report_infeasible", (f"stopped: {what} would repeat a loop and no manager can break it",)), "loop_stop"
            gate["verdict"] = "no manager in this mode"
            return action, source
        messages = manager_messages(self.goal, summary.text, self.history, gate["proposal"], reasons, self.config.history_steps)
        text, call = self._llm(self.manager, messages, "manager")
        gate["manager"] = call
        verdict = parse_verdict(text)
        gate["verdict"] = verdict.kind
        if verdict.kind == "approve" and action is not None:
            return action, source
        if verdict.kind == "abort":
            return Action("report_infeasible", (verdict.text or "the manager aborted the task",)), "manager"
        if verdict.kind == "replace":
            try:
                return parse_action(verdict.text, summary.bids), "manager"
            except ActionParseError as exc:
                gate["replace_error"] = str(exc)
        return action, source  # approve without a proposal, unparsed or bad replacement: keep the worker's

    # ---- macros --------------------------------------------------------------------------------------
    def _start_macro(self, first: PortableAction, decision: dict) -> None:
        macro = self._safe(lambda: self.macros.match(self.site, first))
        if macro is None:
            return
        text = first.args[0] if first.name == "fill" and first.args else ""
        steps = macro.bind(text)
        self.active_macro = _ActiveMacro(macro, steps, next=1)
        decision["macro_started"] = {"id": macro.id, "steps": len(steps), "skill": macro.describe()[:300]}

    def _end_macro(self, completed: bool) -> None:
        active, self.active_macro = self.active_macro, None
        if active is not None:
            if not completed:
                self.stats.macros_abandoned += 1
            self._safe(lambda: self.macros.record_replay(active.macro.id, completed=completed))

    # ---- after the step ------------------------------------------------------------------------------
    def observe(self, obs: dict[str, Any]) -> dict[str, Any]:
        """Verify the step just taken against the new page; returns the verification record."""
        pending, self._pending = self._pending, None
        if pending is None:
            return {}
        before: ObsSummary = pending["summary"]
        action: Action = pending["action"]
        after = summarize(obs, self.config.obs, self.goal)
        check = postcondition(action, before, after)
        loop = self.loops.would_loop(before.fingerprint, action.code())
        self.loops.record(before.fingerprint, action.code())
        self.failures.append(not check.held)
        self.history.append(HistoryItem(action.code(), "ok" if check.held else check.reason))
        portable: PortableAction | None = pending["portable"]
        source = pending["source"]
        record: dict[str, Any] = {"postcondition": check.to_dict(), "loop": loop}
        if check.held and portable is not None and pending["vac_key"] is not None:
            self.verified.append(VacEntry(pending["vac_key"], self.site, self.goal, before.fingerprint, self.prev, portable))
        if not check.held and source == "cache" and self.vac is not None:
            self._safe(lambda: self.vac.invalidate(pending["vac_key"], check.reason))
            self.stats.vac_invalidations += 1
            record["vac_invalidated"] = True
        if self.active_macro is not None:
            if not check.held:
                self._end_macro(completed=False)
                record["macro_abandoned"] = check.reason
            elif self.active_macro.next >= len(self.active_macro.steps):
                self._end_macro(completed=True)
                record["macro_completed"] = True
        self.sequence.append(portable if check.held else None)
        self.prev = portable.to_json() if portable else action.code()
        return record

    def finish(self, success: bool) -> dict[str, int]:
        """End of episode: a success commits verified steps to the cache and feeds the macro miner."""
        written = {"vac_written": 0, "macro_candidates": 0}
        if not success:
            return written
        if self.vac is not None and self.verified:
            written["vac_written"] = self._safe(lambda: self.vac.commit(self.verified)) or 0
        if self.macros is not None:
            run: list[PortableAction] = []
            for item in self.sequence + [None]:
                if item is None:
                    if len(run) >= 2:
                        # keyed by task: a skill is promoted once it worked in two different tasks
                        written["macro_candidates"] += self._safe(lambda: self.macros.observe(self.task_id, self.site, run)) or 0
                    run = []
                else:
                    run.append(item)
        return written

    def _safe(self, call):
        """Run a cache operation; a broken cache is reported once and switched off, never fatal."""
        try:
            return call()
        except CacheError as exc:
            self.warnings.append(str(exc))
            self.vac = self.vac if "verified action cache" not in str(exc) else None
            self.macros = self.macros if "macro store" not in str(exc) else None
            return None

    def stats_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self.stats)
