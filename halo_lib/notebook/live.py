"""Step a task live, one action at a time: the agent's next action, or one typed by hand.

A human-in-the-loop check of a replica or a verifier: open the task in the real environment (agisdk's
BrowserEnv on the replica, graded by agisdk's evaluator), let the agent take a step, or type an action in
BrowserGym's grammar and see what the page and the postcondition checks make of it. Every step is traced
like an eval episode (out_dir/live/episodes/<task>__0.jsonl + screenshots), so the viewer shows it.

    session = LiveEpisode(cfg.run_config())        # starts the replica and the browser
    session.step()                                 # the agent decides (macro / cache / worker / manager / expert)
    session.step("click('42')")                    # a hand-typed action (source "human"), checked by the parser first
    session.episode()                              # EpisodeView for the viewer; session.close() ends it
    display(live_panel(session))                   # the same with buttons and a text box, in a notebook

A hand action is told to the agent (its history), so the agent's next step sees it.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from halo_lib.config import RunConfig
from halo_lib.errors import HaloError
from halo_lib.notebook.debugger import EpisodeView, StepView, load_episode
from halo_lib.trace.episode import acted_element


class LiveEpisode:
    """One episode driven step by step (see module docstring)."""

    def __init__(self, config: RunConfig, rollout: int = 0):
        from halo_lib.notebook.threads import OwnThread

        self.config = config
        self.rollout = rollout
        self.steps = 0
        self.reward = 0.0
        self.done = False
        self.error: str | None = None
        self.env = None
        self.trace = None
        self._stack = contextlib.ExitStack()
        self._thread = OwnThread()  # Playwright's sync objects live on the thread that made them
        try:
            self._thread.run(self._open)
        except BaseException:
            self._thread.run(self._cleanup)
            self._thread.shutdown()
            raise

    def _open(self) -> None:
        from halo_lib.env.environment import open_env
        from halo_lib.env.preflight import preflight
        from halo_lib.runner.episode import make_policy
        from halo_lib.runner.eval import prepare_backends, resolved_backends
        from halo_lib.trace.episode import EpisodeTrace

        config = self.config
        tasks = self._stack.enter_context(preflight(config))
        if len(tasks) != 1:
            raise HaloError(f"A live session plays one task, '{config.tasks}' names {len(tasks)}: give one task id.")
        self.task = tasks[0]
        prepare_backends(resolved_backends(config))
        self.policy = make_policy(config, self.task, self.rollout)
        self.run_dir = Path(config.out_dir or ".") / "live"
        self.trace = EpisodeTrace(self.run_dir, self.task.task_id, self.rollout, image_format=config.env.screenshot_format)
        self.env = open_env(self.task, config.env, seed=config.seed + self.rollout)
        self.obs, info = self.env.reset()
        self._started = time.perf_counter()
        self.trace.write(
            {
                "type": "start",
                "task_id": self.task.task_id,
                "rollout": self.rollout,
                "goal": self.task.goal,
                "url": self.task.url,
                "mode": config.mode,
                "timings": info.get("timings", {}),
                "live": True,
            }
        )
        if hasattr(self.policy, "reset"):
            self.policy.reset(self.task)

    # ---- stepping ------------------------------------------------------------------------------------
    def step(self, action: str | None = None) -> StepView:
        """Take one step: the agent's action (None) or `action` typed by hand. Returns the step as the viewer shows it."""
        if self.done or self._thread is None:
            raise HaloError("This live episode is over: start a new LiveEpisode to play again.")
        return self._thread.run(self._step, action)

    def _step(self, action: str | None) -> StepView:
        from halo_lib.policy.grammar import ActionParseError, parse_action
        from halo_lib.runner.episode import policy_summary, step_record, step_with_retries
        from halo_lib.verify.postconditions import postcondition

        if self.done:
            raise HaloError("This live episode is over: start a new LiveEpisode to play again.")
        index = self.steps
        decide_start = time.perf_counter()
        before = policy_summary(self.obs, self.policy)
        parsed = None
        if action is None:
            action = self.policy.act(self.obs)
            decision = dict(getattr(self.policy, "last_decision", None) or {})
            source = decision.pop("source", getattr(self.policy, "source", "agent"))
        else:
            try:
                parsed = parse_action(action, before.bids)
            except ActionParseError as exc:
                raise HaloError(f"Not a valid action on this page ({exc}): fix it and step again.") from None
            action, decision, source = parsed.code(), {"typed_by_hand": True}, "human"
        decide_s = time.perf_counter() - decide_start
        screenshot = self.trace.screenshot(index, self.obs.get("screenshot"))
        seen = {"element": acted_element(action, self.obs), "axtree": self.trace.axtree(index, self.obs)}
        url = self.obs.get("url", "")
        (self.obs, reward, terminated, truncated, info), attempts = step_with_retries(
            self.env, action, self.obs, self.config.env.action_retries, self.config.env.element_timeout_ms
        )
        if parsed is None:
            verify = self.policy.observe(self.obs) if hasattr(self.policy, "observe") else {}
        else:
            check = postcondition(parsed, before, policy_summary(self.obs, self.policy))
            verify = {"postcondition": check.to_dict(), "loop": False}
            _tell_agent(self.policy, action, check)
        self.steps += 1
        self.reward = float(reward)
        record = step_record(
            index,
            url,
            action,
            source,
            self.obs,
            reward,
            terminated,
            decide_s,
            info,
            screenshot,
            decision,
            verify,
            attempts,
            seen,
            page=before.text,
        )
        self.trace.write(record)
        if terminated or truncated or self.steps >= self.config.max_steps:
            self._finish(truncated=not terminated)
        return StepView.from_record(record, index, self.run_dir)

    def episode(self) -> EpisodeView:
        return load_episode(self.trace.path)

    def close(self) -> None:
        """End the episode now (it is recorded as stopped by hand unless it had already ended)."""
        if self._thread is None:
            return
        if not self.done and self.env is not None:
            self.error = f"stopped by hand after {self.steps} steps"
            self._thread.run(self._finish, True)
        self._thread.run(self._cleanup)
        self._thread.shutdown()
        self._thread = None

    # ---- internals -----------------------------------------------------------------------------------
    def _finish(self, truncated: bool) -> None:
        self.done = True
        success = self.reward >= 1.0
        if hasattr(self.policy, "finish"):
            self.policy.finish(success)
        self.trace.screenshot("final", self.obs.get("screenshot"))
        self.trace.write(
            {
                "type": "end",
                "task_id": self.task.task_id,
                "rollout": self.rollout,
                "reward": self.reward,
                "success": success,
                "steps": self.steps,
                "error": self.error,
                "truncated": truncated and not success,
                "wall_s": time.perf_counter() - self._started,
            }
        )
        self._cleanup()

    def _cleanup(self) -> None:
        if getattr(self, "trace", None) is not None:
            self.trace.close()
        if self.env is not None:
            with contextlib.suppress(Exception):
                self.env.close()
            self.env = None
        self._stack.close()

    def __enter__(self) -> "LiveEpisode":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _tell_agent(policy: Any, action: str, check) -> None:
    """Put a hand-typed step into the agent's history so its next decision sees it."""
    history = getattr(policy, "history", None)
    if isinstance(history, list):
        from halo_lib.policy.prompts import HistoryItem

        history.append(HistoryItem(action, "ok" if check.held else check.reason))


def live_panel(session: LiveEpisode):
    """ipywidgets panel: 'agent step' and 'my action' buttons, an action text box, a status line, the viewer."""
    import ipywidgets as w

    from halo_lib.notebook.widget import StepViewer

    viewer = StepViewer(session.episode())
    typed = w.Text(placeholder="click('42')   fill('7', 'text')   send_msg_to_user('answer')", layout=w.Layout(width="60%"))
    agent_button, hand_button, stop_button = (
        w.Button(description="agent step"),
        w.Button(description="my action"),
        w.Button(description="stop"),
    )
    status = w.HTML()

    def run(action: str | None) -> None:
        try:
            step = session.step(action)
            status.value = f"step {step.step}: {step.source} -> {step.action}" + (
                f" (episode over, reward {session.reward:.0f})" if session.done else ""
            )
        except HaloError as exc:
            status.value = f"<span style='color:#b00'>{exc}</span>"
        viewer.load(session.episode())

    agent_button.on_click(lambda _: run(None))
    hand_button.on_click(lambda _: run(typed.value.strip() or None))

    def stop(_):
        session.close()
        status.value = "stopped"
        viewer.load(session.episode())

    stop_button.on_click(stop)
    return w.VBox([w.HBox([agent_button, typed, hand_button, stop_button]), status, viewer.widget])
