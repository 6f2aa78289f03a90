"""Run one episode: reset the environment, ask the policy for actions, step, trace, grade.

A policy is any object with `act(obs) -> str` (a BrowserGym action) and a `source` label; it may also
have `reset(task)`, `last_decision` (a dict: where the action came from, gate, cache, LLM calls),
`observe(next_obs) -> dict` (verification of the step just taken), `finish(success) -> dict` (end-of-episode
bookkeeping, e.g. cache writes) and `stats_dict()` (cost counters for the episode's row). The episode ends when the policy answers (`send_msg_to_user`, graded by agisdk's
evaluator), reports the task infeasible (reward 0), reaches `max_steps` (reward 0, truncated), or outlives
`episode_timeout_s` (errored).
An action that timed out before it acted, leaving the page unchanged (a busy machine: agisdk's element wait
ran out), is stepped again with twice the element timeout, at most `EnvConfig.action_retries` times
(`step_with_retries`; verify/postconditions.py's `timeout_retry` decides, so a click that landed is never
repeated). The policy sees only the last attempt; the step record lists every attempt's error and timing. When
the retries run out, the observation carries `halo_not_carried_out` (the expert stops with an error instead of
going on as if the action had happened; the agent's postcondition fails on the error as before).
Anything that breaks (browser gone, site down, policy error) ends the episode as errored, with a
one-sentence reason and the step it reached; it never propagates to the run. `error_kind` says whose fault it
was: "infra" (the machine: Chromium crashed, a Playwright or page-load timeout, the site or the LLM server down,
the episode's wall-clock cap, a Ray worker lost) or "agent" (the agent's own code failed: an exception in its
decision, verification or bookkeeping, a policy that cannot be built from its settings); "" without an error.
`--retry-errors` reruns the "infra" ones (runner/eval.py).

    result = run_episode(task, ExpertPolicy.for_task(task), RunConfig(), run_dir, rollout=0)
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from halo_lib.config import RunConfig
from halo_lib.env.tasks import ResolvedTask
from halo_lib.errors import HaloError
from halo_lib.trace.episode import EpisodeTrace, acted_element
from halo_lib.trace.redact import redact


class Policy(Protocol):
    source: str

    def act(self, obs: dict[str, Any]) -> str: ...


@dataclass
class EpisodeResult:
    """One row of summary.json's `episodes`."""

    task_id: str
    rollout: int
    reward: float = 0.0
    success: bool = False
    steps: int = 0
    worker_calls: int = 0
    manager_calls: int = 0
    vac_hits: int = 0
    macro_hits: int = 0
    worker_tokens: int = 0
    manager_tokens: int = 0
    llm_latency_s: float = 0.0
    parse_errors: int = 0
    wall_s: float = 0.0
    error: str | None = None
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)  # what went wrong without ending the episode (a broken cache)
    # what agisdk's grader said: "SUCCESS", "FAILURE" (every eval ran to its verdict), "crashed: <why>" (an eval
    # script raised or printed neither word: a state shape it did not expect, never a plain 0), None: not graded
    verdict: str | None = None
    error_kind: str = ""  # "" (no error), "infra" (the machine, site, browser or LLM server) or "agent" (see module doc)
    attempt: int = 1  # 1 + the earlier attempts kept under episodes/<episode>/attempt-N/ (--retry-errors)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class EpisodeTimeout(RuntimeError):
    """The episode outlived RunConfig.episode_timeout_s."""


class SiteDown(RuntimeError):
    """The task's site stopped answering mid-episode (the page failed to load and the site's health check fails)."""


_BROWSER_GONE = (
    "TargetClosedError",
    "has been closed",
    "Browser closed",
    "Connection closed",
    "Target crashed",
    "browser has disconnected",
)


# Chromium keeps a socket at TMPDIR/.org.chromium.Chromium.XXXXXX/SingletonSocket (46 bytes after TMPDIR) and a Unix
# socket path has 108 bytes: under a longer TMPDIR Chromium dies at launch (measured here: 62 characters launch, 63 not)
SOCKET_PATH_MAX, CHROMIUM_SOCKET_SUFFIX = 108, 46


def _one_sentence(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if any(marker in f"{name}: {text}" for marker in _BROWSER_GONE):
        tmp = tempfile.gettempdir()
        hint = ""
        if len(tmp.encode()) + CHROMIUM_SOCKET_SUFFIX > SOCKET_PATH_MAX:
            hint = f"; TMPDIR {tmp} is too long for Chromium's socket path: set TMPDIR to a shorter folder"
        return redact(f"Chromium closed or crashed{hint} ({name}: {text})")[:400]
    return redact(f"{name}: {text}")[:300]


INFRA = "infra"
AGENT = "agent"
# what an error sentence from an older run (no error_kind recorded) says when the machine was at fault
_INFRA_MARKERS = (
    "Chromium closed",
    "Timeout",
    "timed out",
    "did not answer",
    "net::ERR",
    "ERR_CONNECTION",
    "stopped answering",
    "unreachable",
    "wall-clock cap",
    "worker:",
    "SiteDown",
    "EpisodeTimeout",
    "BackendError",
    "ConnectionError",
    "ConnectionRefused",
    "BrokenPipe",
    "MemoryError",
    "RayError",
    "WorkerCrashed",
    "ActorDied",
    "TargetClosed",
)


def classify_exception(exc: BaseException, in_env: bool) -> str:
    """INFRA for the machine's failures (anything the environment raised, a timeout, a lost connection, the LLM
    server failing), AGENT for an exception from the agent's own code."""
    from halo_lib.policy.backends import BackendError

    if in_env or isinstance(exc, (EpisodeTimeout, SiteDown, BackendError, TimeoutError, ConnectionError, MemoryError)):
        return INFRA
    if type(exc).__module__.split(".")[0] in ("playwright", "ray", "urllib3", "httpx", "openai"):
        return INFRA
    return classify_error(_one_sentence(exc))


def classify_error(error: str | None) -> str:
    """The error_kind of an error sentence ("" for no error): for rows written before error_kind existed."""
    if not error:
        return ""
    return INFRA if any(marker in error for marker in _INFRA_MARKERS) else AGENT


def _check_site(task: ResolvedTask, url: str) -> None:
    """After a page failed to load: raise SiteDown if the task's own local replica no longer answers."""
    if not url.startswith("chrome-error://") or not task.local:
        return
    from halo_lib.sites.server import probe

    if probe(task.url, timeout=3.0) == "down":  # a busy server answers late; only silence for 3 s is "down"
        raise SiteDown(f"the {task.site} replica at {task.url} stopped answering (the page failed to load)")


def _collect_stats(policy: Policy, result: EpisodeResult) -> None:
    stats = policy.stats_dict() if hasattr(policy, "stats_dict") else {}
    for name in (
        "worker_calls",
        "manager_calls",
        "vac_hits",
        "macro_hits",
        "worker_tokens",
        "manager_tokens",
        "llm_latency_s",
        "parse_errors",
    ):
        if name in stats:
            setattr(result, name, stats[name])
    result.warnings = list(dict.fromkeys(getattr(policy, "warnings", None) or []))


def grader_verdict(task_info: dict[str, Any] | None) -> str | None:
    """SUCCESS / FAILURE / "crashed: ..." from agisdk's evaluator info (`results`: one (ok, info) per eval)."""
    results = (task_info or {}).get("results")
    if not results:
        return None
    for ok, detail in results:
        detail = detail if isinstance(detail, dict) else {}
        if "return_code" not in detail and "error" not in detail:
            continue  # an llm_boolean or jmespath eval: its bool is its verdict
        output = str(detail.get("output") or "").upper()
        if detail.get("error") or detail.get("return_code") != 0 or not ("SUCCESS" in output or "FAILURE" in output):
            why = detail.get("error") or (str(detail.get("stderr") or "").strip().splitlines() or ["no SUCCESS or FAILURE printed"])[-1]
            return f"crashed: {detail.get('script', 'eval script')}: {why}"[:300]
    return "SUCCESS" if all(ok for ok, _ in results) else "FAILURE"


NOT_CARRIED_OUT = "halo_not_carried_out"  # set in the observation when the retries ran out (the expert stops on it)


def step_with_retries(env, action: str, obs: dict[str, Any], retries: int, element_timeout_ms: int) -> tuple:
    """`env.step(action)`, again while `timeout_retry` allows (at most `retries` more times, with twice the
    element timeout). Returns env.step's 5-tuple and the attempts: [{"error", "retry", "step_s"}], one per try."""
    from halo_lib.verify.postconditions import timeout_retry

    attempts: list[dict[str, Any]] = []
    timeout_ms = element_timeout_ms
    while True:
        started = time.perf_counter()
        stepped = env.step(action, element_timeout_ms=timeout_ms)
        after = stepped[0]
        done = bool(stepped[2] or stepped[3])
        why = None if done else timeout_retry(action, obs, after)
        attempts.append(
            {
                "error": after.get("last_action_error") or None,
                "element_timeout_ms": timeout_ms,
                "step_s": round(time.perf_counter() - started, 3),
                "retry": why,
            }
        )
        if why is not None and len(attempts) > retries:  # still not carried out: say so, never pass it off as done
            attempts[-1]["retry"] = None
            attempts[-1]["gave_up"] = why
            after[NOT_CARRIED_OUT] = f"{action} was not carried out in {len(attempts)} attempts ({why})"
            return stepped, attempts
        if why is None:
            return stepped, attempts
        timeout_ms = min(2 * timeout_ms, 2 * element_timeout_ms)  # worst case: base + 2 x base per retry


def step_record(
    step: int,
    url: str,
    action: str,
    source: str,
    obs: dict,
    reward: float,
    terminated: bool,
    decide_s: float,
    info: dict,
    screenshot: Any,
    decision: dict,
    verify: dict,
    attempts: list,
    seen: dict,
    **extra: Any,
) -> dict[str, Any]:
    """One step's record, as the episode loop and the live notebook session both write it."""
    return {
        "type": "step",
        "step": step,
        "url": url,
        "action": action,
        "source": source,
        "error": obs.get("last_action_error") or None,
        "reward": float(reward),
        "done": bool(terminated),
        "timings": {"decide_s": decide_s, **info.get("timings", {})},
        "screenshot": screenshot,
        "decision": decision,
        "verify": verify,
        **extra,
        "attempts": len(attempts),
        **({"attempt_log": attempts} if len(attempts) > 1 else {}),
        **seen,
    }


def run_episode(task: ResolvedTask, policy: Policy, config: RunConfig, run_dir: Path, rollout: int = 0) -> EpisodeResult:
    """Run and trace one episode (see module docstring)."""
    from halo_lib.env.environment import open_env  # here, not at import: agisdk + Playwright take 1-2 s to import

    started = time.perf_counter()
    result = EpisodeResult(task_id=task.task_id, rollout=rollout)
    trace = EpisodeTrace(run_dir, task.task_id, rollout, image_format=config.env.screenshot_format)
    result.attempt = trace.attempt
    env = open_env(task, config.env, seed=config.seed + rollout)
    phase = "reset"
    in_env = True  # whether the code running now is the environment's (browser, site) rather than the agent's
    finish_path = None
    finished = False  # False only when interrupted (Ctrl-C, kill): then no end record, so a rerun redoes it
    try:
        obs, info = env.reset()
        trace.write(
            {
                "type": "start",
                "task_id": task.task_id,
                "rollout": rollout,
                "goal": task.goal,
                "url": task.url,
                "mode": config.mode,
                "timings": info.get("timings", {}),
            }
        )
        in_env = False
        if hasattr(policy, "reset"):
            policy.reset(task)
        labeller = expert_labeller(task) if config.expert_labels else None
        history: list[str] = []
        for step in range(config.max_steps):
            phase = f"step {step}"
            elapsed = time.perf_counter() - started
            in_env = False
            if config.episode_timeout_s > 0 and elapsed > config.episode_timeout_s:
                raise EpisodeTimeout(
                    f"the episode ran {elapsed:.0f} s, past its {config.episode_timeout_s:g} s wall-clock cap (episode_timeout_s)"
                )
            decide_start = time.perf_counter()
            action = policy.act(obs)
            decide_s = time.perf_counter() - decide_start
            screenshot = trace.screenshot(step, obs.get("screenshot"))
            url = obs.get("url", "")
            decision = dict(getattr(policy, "last_decision", None) or {})
            seen = _what_was_seen(trace, step, action, obs, policy, decision)
            if labeller is not None:
                seen["expert_action"] = expert_label(labeller, obs, history)
            history.append(action)
            in_env = True
            (obs, reward, terminated, truncated, info), attempts = step_with_retries(
                env, action, obs, config.env.action_retries, config.env.element_timeout_ms
            )
            _check_site(task, obs.get("url", ""))
            in_env = False
            verify = policy.observe(obs) if hasattr(policy, "observe") else {}
            result.steps = step + 1
            result.reward = float(reward)
            result.verdict = grader_verdict(info.get("task_info")) or result.verdict
            trace.write(
                step_record(
                    step,
                    url,
                    action,
                    decision.pop("source", policy.source),
                    obs,
                    reward,
                    terminated,
                    decide_s,
                    info,
                    screenshot,
                    decision,
                    verify,
                    attempts,
                    seen,
                )
            )
            if terminated or truncated:
                break
        else:
            result.truncated = True
        result.success = result.reward >= 1.0
        if hasattr(policy, "finish"):
            bookkeeping = policy.finish(result.success)
            if bookkeeping:
                trace.write({"type": "agent", **bookkeeping, "warnings": getattr(policy, "warnings", [])})
        trace.screenshot("final", obs.get("screenshot"))
        graded_state = (info.get("task_info") or {}).get("env_state")
        if graded_state is not None:
            finish_path = trace.save_json("finish", graded_state)
        finished = True
    except Exception as exc:  # noqa: BLE001 - an episode never takes the run down
        result.error = f"{phase}: {_one_sentence(exc)}"
        result.error_kind = classify_exception(exc, in_env)
        finished = True
    finally:
        _collect_stats(policy, result)
        env.close()
        result.wall_s = time.perf_counter() - started
        if finished:
            trace.write({"type": "end", **result.to_dict(), "finish": finish_path})
        trace.close()
    return result


def expert_labeller(task: ResolvedTask):
    """The page-driven expert that labels a policy's states (DAgger), or None: only a generated task's expert can
    label any page; a REAL task's scripted solution only knows its own path."""
    if not task.generated:
        return None
    from halo_lib.sites.expert import ExpertPolicy

    return ExpertPolicy.for_task(task)


def expert_label(labeller: Any, obs: dict[str, Any], history: list[str]) -> str | None:
    """What the expert would do on this page after `history` (None when it cannot say: a page it does not know)."""
    from halo_lib.sites.expert import ExpertError

    try:
        return labeller.label_state(obs, history)
    except (ExpertError, LookupError, ValueError, TypeError, AttributeError):
        return None


def _what_was_seen(
    trace: EpisodeTrace, step: int, action: str, obs: dict[str, Any], policy: Any, decision: dict[str, Any]
) -> dict[str, Any]:
    """The step record's view of the page the decision was made on, for the debugger: the acted element's bounds,
    the full AXTree file, and the page summary when no worker prompt carries it (expert, cache, macro steps)."""
    seen: dict[str, Any] = {"element": acted_element(action, obs), "axtree": trace.axtree(step, obs)}
    if not decision.get("prompt"):
        try:
            seen["page"] = policy_summary(obs, policy).text
        except Exception:  # noqa: BLE001 - a page the summary cannot read leaves the record without it
            pass
    return seen


def policy_summary(obs: dict[str, Any], policy: Any):
    """The page summary as `policy` reads it: its agent's ObsConfig and goal (the defaults and no goal for a
    policy without them)."""
    from halo_lib.config import ObsConfig
    from halo_lib.obs.summary import summarize

    obs_config = getattr(getattr(policy, "config", None), "obs", None) or ObsConfig()
    return summarize(obs, obs_config, getattr(policy, "goal", ""))


def make_policy(config: RunConfig, task: ResolvedTask, rollout: int = 0):
    """The agent that plays `config.mode` on `task`; with `config.branch_from`, the recorded prefix then the expert."""
    from halo_lib.agent.build import build_agent

    if config.branch_from:
        from halo_lib.policy.branch import branch_policy

        return branch_policy(task, config.branch_from, config.branch_step)

    return build_agent(config.mode, task, config, rollout)


def play_episode(config: RunConfig, out_dir: Path, task: ResolvedTask, rollout: int) -> EpisodeResult:
    """Build the mode's policy for `task` and run one episode; a policy that cannot be built is an errored episode."""
    try:
        policy = make_policy(config, task, rollout)
    except HaloError as exc:  # its settings are wrong: the agent's, rerunning would fail the same way
        return EpisodeResult(task_id=task.task_id, rollout=rollout, error=str(exc), error_kind=AGENT)
    except Exception as exc:  # noqa: BLE001 - e.g. a backend that cannot start: this episode errs, the run goes on
        return EpisodeResult(
            task_id=task.task_id, rollout=rollout, error=f"policy: {_one_sentence(exc)}", error_kind=classify_exception(exc, in_env=False)
        )
    return run_episode(task, policy, config, out_dir, rollout)
