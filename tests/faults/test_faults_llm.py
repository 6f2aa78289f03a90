"""The LLM backend misbehaving mid-run, through the real OpenAI client against a real loopback HTTP server:
timing out, answering HTTP 500, answering garbage, and going away (connection refused). Each episode it hits is
recorded as errored with one sentence and the step it reached; the others run on; nothing hangs. The same run
checks that the API key, which the client sends and the garbage answer echoes back, appears nowhere: not in the
run folder (traces, config, manifest, summary), not on stdout or stderr."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time

import pytest

from halo_lib.env.tasks import v2_task_json
from halo_lib.trace.redact import find_secrets
from tests.support.fault_llm import FaultyLLM, goal_of
from tests.support.faults import assert_summary_consistent, end_record

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

FAKE_KEY = "sk-fault-test-DO-NOT-LEAK-9f8e7d6c5b4a"
# task -> what the LLM server does whenever the prompt carries that task's goal
PLAN = {
    "v2.omnizon-13": "timeout",
    "v2.gomail-1": "500",
    "v2.omnizon-3": "garbage",
    "v2.gomail-24": 'ok:Action: send_msg_to_user("done")',
    "v2.gomail-2": "shutdown",  # stops listening: this request and every later one finds nobody
}


def test_llm_faults_error_their_episodes_and_the_run_goes_on(sites_config, tmp_path):
    goals = {v2_task_json(task.split(".", 1)[1])["goal"]: behaviour for task, behaviour in PLAN.items()}

    def choose(body):
        prompt = goal_of(body)
        return next(b for goal, b in goals.items() if goal in prompt)

    config = tmp_path / "faulty.yaml"
    config.write_text("mode: baseline_worker\nmax_steps: 3\nagent: {llm_timeout_s: 1.0, llm_retries: 1}\n")
    out = tmp_path / "run"
    with FaultyLLM(choose, hang_s=5) as llm:
        env = {**os.environ, "OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": llm.url}
        started = time.monotonic()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "halo_lib.cli",
                "eval",
                "--config",
                str(config),
                "--tasks",
                ",".join(PLAN),
                "--out",
                str(out),
                "--sites-port",
                str(sites_config.base_port),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
        seconds = time.monotonic() - started
    print(proc.stdout[-3000:], proc.stderr[-3000:], f"{seconds:.1f} s", sep="\n")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert_summary_consistent(summary, len(PLAN))
    rows = {row["task_id"]: row for row in summary["episodes"]}
    assert list(rows) == list(PLAN)
    expected = {
        "v2.omnizon-13": f"LLM server at {llm.url} did not answer within 1 s after 2 attempts.",
        "v2.gomail-1": f"LLM server at {llm.url} answered HTTP 500 after 2 attempts.",
        "v2.omnizon-3": f"LLM server at {llm.url} answered with something that is not an OpenAI chat completion",
        "v2.gomail-2": f"LLM server at {llm.url} is unreachable after 2 attempts.",
    }
    for task, sentence in expected.items():
        row = rows[task]
        assert row["error"].startswith(f"step 0: BackendError: {sentence}"), row["error"]
        assert row["steps"] == 0 and not row["success"] and "\n" not in row["error"]
        assert end_record(out / "episodes" / f"{task}__0.jsonl")["error"] == row["error"]
        assert f"{task}#0: ERROR step 0: BackendError" in proc.stdout  # the progress line says it too
    ok = rows["v2.gomail-24"]
    assert ok["error"] is None and ok["steps"] == 1 and ok["worker_calls"] == 1  # answered, graded, not errored
    assert seconds < 120  # every wait is bounded: 1 s timeouts, one retry

    # secrets: the key went out on every request, and the garbage answer echoed it back...
    assert llm.authorizations and all(FAKE_KEY in a for a in llm.authorizations)
    # ...yet it is nowhere in what the run wrote or printed
    leaks = find_secrets([out], [FAKE_KEY], texts={"stdout": proc.stdout, "stderr": proc.stderr})
    assert leaks == []
    manifest = json.loads((out / "manifest.json").read_text())
    worker = manifest["backends"]["worker"]
    assert worker["kind"] == "openai" and worker["api_key_env"] == "OPENAI_API_KEY"  # it names the variable, never its value


def test_an_episode_past_its_wall_clock_cap_ends_errored_and_the_run_goes_on(sites_config, tmp_path):
    """A slow, healthy model that never finishes the task: each call answers (1.5 s) within its own timeout,
    so only the per-episode cap (episode_timeout_s) ends the episode; the next task still runs and is graded.
    The cap (15 s) leaves room for a reset on a loaded machine (seen: up to ~13 s at load 40) before the first step."""
    slow_goal = v2_task_json("omnizon-13")["goal"]

    scrolls = itertools.count(1)

    def choose(body):  # a different scroll each time: the loop detector must not end the episode before the cap
        return f"slow:1.5:Action: scroll(0, {100 * next(scrolls)})" if slow_goal in goal_of(body) else 'ok:Action: send_msg_to_user("done")'

    config = tmp_path / "capped.yaml"
    config.write_text("mode: baseline_worker\nmax_steps: 40\nepisode_timeout_s: 15\nagent: {llm_timeout_s: 5.0, llm_retries: 0}\n")
    out = tmp_path / "run"
    with FaultyLLM(choose) as llm:
        env = {**os.environ, "OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": llm.url}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "halo_lib.cli",
                "eval",
                "--config",
                str(config),
                "--tasks",
                "v2.omnizon-13,v2.gomail-24",
                "--out",
                str(out),
                "--sites-port",
                str(sites_config.base_port),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
    print(proc.stdout[-2000:], proc.stderr[-2000:], sep="\n")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert_summary_consistent(summary, 2)
    capped, other = summary["episodes"]
    assert capped["task_id"] == "v2.omnizon-13" and not capped["success"]
    assert 1 <= capped["steps"] < 40, capped
    assert capped["error"] == (
        f"step {capped['steps']}: EpisodeTimeout: the episode ran {capped['error'].split('ran ')[1].split(' s')[0]} s, "
        "past its 15 s wall-clock cap (episode_timeout_s)"
    )
    assert 15 <= capped["wall_s"] < 60
    assert end_record(out / "episodes" / "v2.omnizon-13__0.jsonl")["error"] == capped["error"]
    assert other["task_id"] == "v2.gomail-24" and other["error"] is None and other["steps"] == 1
