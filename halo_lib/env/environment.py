"""agisdk's BrowserEnv, opened the HALO way: system Chromium, slow_mo 0, settled waits, quiet, never submitting.

`HaloWebCloneTask` is agisdk's `AbstractWebCloneTask` (same setup, same /finish reading, same unmodified
`WebCloneEvaluator` and v2 eval scripts) built from a `ResolvedTask`, so it accepts local replica URLs and
task JSON paths. It submits to REAL's leaderboard only when `EnvConfig.leaderboard_run_id` is set (the
`RUNID` environment variable is ignored), and it runs eval scripts with a private temp folder (some
scripts read every file beside their input).

`HaloBrowserEnv` is agisdk's `BrowserEnv`; with `settle="halo"` its step replaces the fixed 0.5 s sleep with
`settle.settle` and reports per-phase timings in `info["timings"]`, and its element actions wait up to
`EnvConfig.element_timeout_ms` for the element (env/actions.py) instead of agisdk's fixed 500 ms;
`element_timeout_ms` may be raised per step (`step(action, element_timeout_ms=...)`, a retry under load). With `settle="agisdk"` it keeps agisdk's
stock waits everywhere (step, /config, /finish); with `settle="none"` it does not wait at all (the floor).
Both exist for the benchmark that compares them (`halo bench step`).

    env = open_env(task, EnvConfig())          # task: a ResolvedTask
    obs, info = env.reset()
    obs, reward, terminated, truncated, info = env.step("click('12')")
    env.close()
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import playwright.sync_api
from agisdk.REAL.browsergym.core.action.base import execute_python_code
from agisdk.REAL.browsergym.core.env import BrowserEnv
from agisdk.REAL.browsergym.core.task import AbstractBrowserTask
from agisdk.REAL.browsergym.webclones.base import AbstractWebCloneTask
from agisdk.REAL.browsergym.webclones.evaluate import WebCloneEvaluator

from halo_lib.config import EnvConfig
from halo_lib.env.actions import action_mapping
from halo_lib.env.browser import install_system_chromium
from halo_lib.env.settle import NetworkTracker, install_mutation_clock, settle
from halo_lib.env.tasks import ResolvedTask


@contextlib.contextmanager
def private_tempdir():
    """Point `tempfile` at a fresh empty folder (eval scripts read siblings of their input file)."""
    path = tempfile.mkdtemp(prefix="halo-eval-")
    previous = tempfile.tempdir
    tempfile.tempdir = path
    try:
        yield path
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(path, ignore_errors=True)


_quiet_sink: str | None = None
_log_target: str | None = None  # set by agisdk_output_to: a run's log instead of /dev/null


def quiet_agisdk(log_path: str | None = None) -> None:
    """Silence agisdk's console output (it prints the whole env state on every evaluation).

    With `log_path` (or inside `agisdk_output_to`), its rich output is appended there instead of dropped. Every
    HaloBrowserEnv calls this; calling it again with the same target does nothing.
    """
    global _quiet_sink
    target = log_path or _log_target or os.devnull
    if _quiet_sink == target:
        return
    from agisdk.REAL import logging as agisdk_logging
    from rich.console import Console

    previous = getattr(agisdk_logging.logger.console, "file", None) if _quiet_sink else None
    sink = open(target, "a", encoding="utf-8", buffering=1)
    if previous is not None and previous not in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            previous.close()
    # force_jupyter=False: in a kernel rich would otherwise display into the notebook whatever `file` says
    agisdk_logging.logger.console = Console(file=sink, force_terminal=False, force_jupyter=False, color_system=None, width=160)
    agisdk_logging.logger.enabled = True
    logging.getLogger("agisdk").setLevel(logging.CRITICAL)
    _quiet_sink = target


@contextlib.contextmanager
def agisdk_output_to(log_path: str | Path) -> Iterator[None]:
    """Inside the block, agisdk's console output (grader state dumps, emoji lines) goes to `log_path`, not nowhere."""
    global _log_target
    previous = _log_target
    _log_target = str(log_path)
    quiet_agisdk()
    try:
        yield
    finally:
        _log_target = previous
        quiet_agisdk()


class HaloWebCloneTask(AbstractWebCloneTask):
    """agisdk's web-clone task, resolved by HALO (local URL or task JSON path, run id under our control)."""

    def __init__(self, seed: int, task: ResolvedTask, config: EnvConfig) -> None:
        AbstractBrowserTask.__init__(self, seed)
        self.seed = seed
        self.resolved = task
        self.task_config = task.task_config()
        self.task_name = task.name
        self.task_version = "v2"
        self.task_id = task.name
        self.canonical_task_id = task.task_id
        self.run_id = config.leaderboard_run_id or "0"  # "0" never submits; RUNID env is deliberately ignored
        self.evaluator = WebCloneEvaluator(task_config=self.task_config)
        self._eval_results: list | None = None  # agisdk's per-eval (ok, info) of the last grading (its validate drops them)
        evaluate = self.evaluator.evaluate

        def evaluate_and_keep(env_state=None, model_response=None):
            reward, done, message, info = evaluate(env_state, model_response)
            self._eval_results = list(info.get("results") or [])
            return reward, done, message, info

        self.evaluator.evaluate = evaluate_and_keep
        self.goal = task.goal
        self.url = task.url
        self.viewport = {"width": config.viewport_width, "height": config.viewport_height}
        self.slow_mo = config.slow_mo_ms
        self.timeout = config.action_timeout_ms
        self.stock_waits = config.settle == "agisdk" or not task.local
        self.latency_ms = config.replica_latency_ms
        self.network: NetworkTracker | None = None

    def setup(self, page: playwright.sync_api.Page) -> tuple[str, dict]:
        # Runs on the fresh page before anything loads: attach our settle instruments to the context.
        install_mutation_clock(page.context)
        self.network = NetworkTracker(page.context)
        if self.stock_waits:
            return super().setup(page)
        # Same protocol as agisdk's setup; our replica resets synchronously in /config, so "load" suffices
        # where agisdk waits for networkidle (a fixed 0.5 s).
        self.page = page
        self.background_page = page.context.new_page()
        self.background_page.goto(f"{self.url}/config?run_id={self.run_id}&task_id={self.canonical_task_id}&latency={self.latency_ms}")
        self.background_page.goto(f"{self.url}/finish")
        self.page.bring_to_front()
        self.page.goto(self.url)
        return self.goal, {}

    def get_finish_json(self, timeout: int = 1000) -> dict:
        if self.stock_waits:
            return super().get_finish_json(timeout=timeout)
        try:
            wait_ms = max(timeout, self.timeout)  # returns when /finish is there; self.timeout bounds it on a busy machine
            self.background_page.goto(f"{self.url}/finish", timeout=wait_ms)
            text = self.background_page.wait_for_selector("pre", timeout=wait_ms).inner_text()
        except playwright.sync_api.Error as exc:
            raise ValueError(f"Validation error: {exc}") from exc
        return json.loads(text)

    def validate(self, page, chat_messages, timeout: int = 1000, verbose: bool = True):
        self._eval_results = None
        with private_tempdir():
            reward, done, message, info = super().validate(page, chat_messages, timeout=timeout, verbose=verbose)
        if self._eval_results is not None:  # what each eval script said: SUCCESS, FAILURE, or a crash
            info = {**info, "results": self._eval_results}
        return reward, done, message, info


class HaloBrowserEnv(BrowserEnv):
    """agisdk's BrowserEnv with HALO's settled wait in place of the fixed sleep (see module docstring)."""

    def __init__(self, task: ResolvedTask, config: EnvConfig, seed: int = 0) -> None:
        quiet_agisdk()
        super().__init__(
            task_entrypoint=HaloWebCloneTask,
            task_kwargs={"task": task, "config": config},
            headless=config.headless,
        )
        self.config = config
        self.resolved = task
        self.seed = seed
        self.last_timings: dict[str, float] = {}

    def reset(self, seed: int | None = None, *args, **kwargs):
        install_system_chromium()
        start = time.perf_counter()
        obs, info = super().reset(seed=self.seed if seed is None else seed, *args, **kwargs)
        info["timings"] = {"reset_s": time.perf_counter() - start}
        return obs, info

    def step(self, action: str, element_timeout_ms: int | None = None) -> tuple:
        if self.config.settle == "agisdk":  # agisdk's stock step, its 500 ms element timeout included
            start = time.perf_counter()
            result = super().step(action)
            result[4]["timings"] = {"step_s": time.perf_counter() - start}
            return result
        return self._step_settled(action, element_timeout_ms or self.config.element_timeout_ms)

    def _step_settled(self, action: str, element_timeout_ms: int) -> tuple:
        """BrowserGym's step for text actions, with `settle` instead of `time.sleep(0.5)`."""
        t0 = time.perf_counter()
        self.last_action = action
        self.last_action_error = ""
        info: dict[str, Any] = {"action_exec_start": time.time(), "action_exec_timeout": 0}

        def send_message_to_user(text: str):
            self.chat.add_message(role="assistant", msg=text)

        def report_infeasible_instructions(reason: str):
            self.chat.add_message(role="infeasible", msg=reason)
            self.infeasible_message_received = True

        try:
            code = action_mapping(element_timeout_ms)(action)
            execute_python_code(
                code,
                self.page,
                send_message_to_user=send_message_to_user,
                report_infeasible_instructions=report_infeasible_instructions,
            )
        except Exception as exc:  # noqa: BLE001 - an action error is an observation, as in BrowserGym
            self.last_action_error = f"{type(exc).__name__}: {exc}"
        info["action_exec_stop"] = time.time()
        t1 = time.perf_counter()
        if self.task.network is not None and self.config.settle == "halo":
            settle(
                self.page,
                self.task.network,
                quiet_ms=self.config.settle_quiet_ms,
                max_ms=self.config.settle_max_ms,
                adaptive=self.config.settle_adaptive,
            )
        with contextlib.suppress(playwright.sync_api.Error):
            self.context.cookies()  # trigger pending Playwright callbacks (page activation), as BrowserGym does
        self._wait_dom_loaded()
        self._active_page_check()
        t2 = time.perf_counter()
        reward, done, user_message, task_info = self._task_validate()
        info["task_info"] = task_info
        if user_message:
            self.chat.add_message(role="user", msg=user_message)
        t3 = time.perf_counter()
        obs = self._get_obs()
        t4 = time.perf_counter()
        info["timings"] = {
            "action_s": t1 - t0,
            "settle_s": t2 - t1,
            "validate_s": t3 - t2,
            "obs_s": t4 - t3,
            "step_s": t4 - t0,
        }
        terminated = done or (self.terminate_on_infeasible and self.infeasible_message_received)
        return obs, reward, terminated, False, info

    def close(self) -> None:
        """Close every piece that was opened, even after a failed reset (agisdk's close stops at the first error)."""
        if self.task is None:
            return
        for piece in (
            lambda: self.task.teardown(),
            lambda: self.chat.close(),
            lambda: self.context.close(),
            lambda: self.browser.close(),
        ):
            with contextlib.suppress(Exception):
                piece()
        self.task = None


def open_env(task: ResolvedTask, config: EnvConfig, seed: int = 0) -> HaloBrowserEnv:
    """Create (not reset) the environment for one episode."""
    return HaloBrowserEnv(task, config, seed=seed)
