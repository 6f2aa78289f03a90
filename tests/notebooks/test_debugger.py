"""The debugger's data layer (step records -> what the viewer shows) on records in the runner's exact shape
(prompts built from a real replica page), and the ipywidgets viewer on a real finished episode."""
from __future__ import annotations

import gzip
import html
import json
import shutil
from pathlib import Path

import pytest

from halo_lib.errors import HaloError
from halo_lib.notebook.debugger import StepView, load_episode, page_from_prompt
from halo_lib.obs.summary import summarize
from halo_lib.policy.prompts import HistoryItem, worker_messages
from halo_lib.trace.episode import EpisodeTrace

AXTREES = Path(__file__).resolve().parent.parent / "fixtures" / "axtrees"


def _page(name: str):
    with gzip.open(AXTREES / f"{name}.json.gz", "rt") as f:
        return summarize(json.load(f))


@pytest.fixture(scope="module")
def page():
    return _page("omnizon-13__0")


def _worker_step(page) -> dict:
    """A worker step whose first reply did not parse, gated as irreversible, replaced by the manager; failed check."""
    prompt = worker_messages("Buy a pot", page.text, [HistoryItem("click('12')", "ok")], "unknown function 'clik'")
    return {
        "type": "step", "step": 3, "url": "http://127.0.0.1:8601/", "action": "click('40')", "source": "manager",
        "error": None, "reward": 0.0, "done": False, "screenshot": "episodes/t__0/step_003.jpg",
        "timings": {"decide_s": 2.5, "action_s": 0.2, "settle_s": 0.1, "obs_s": 0.05},
        "decision": {
            "fingerprint": "abc", "prompt": prompt, "vac": {"key": "k1", "hit": False},
            "worker": [
                {"text": "clik('40')", "prompt_tokens": 900, "completion_tokens": 8, "latency_s": 1.0, "parse_error": "unknown function 'clik'"},
                {"text": "Action: click('41')", "prompt_tokens": 910, "completion_tokens": 9, "latency_s": 1.1, "feedback": "unknown function 'clik'"},
            ],
            "gate": {"reasons": ["irreversible: place order"], "proposal": "click('41')", "verdict": "replace",
                     "manager": {"text": "REPLACE: click('40')", "prompt_tokens": 950, "completion_tokens": 7, "latency_s": 0.4}},
        },
        "verify": {"postcondition": {"held": False, "reason": "nothing changed"}, "loop": True},
    }


def test_page_summary_comes_from_the_prompt(page):
    for feedback in ("", "unknown function 'clik'"):
        prompt = worker_messages("Buy a pot", page.text, [], feedback)
        assert page_from_prompt(prompt) == page.text.strip()
    assert page_from_prompt(None) == "" and page_from_prompt([{"role": "system", "content": "x"}]) == ""


def test_worker_gate_manager_step(page):
    view = StepView.from_record(_worker_step(page), 0, Path("/runs/x"))
    assert view.source == "manager" and view.action == "click('40')" and view.step == 3
    assert view.gate_reasons == ["irreversible: place order"] and view.verdict == "replace"
    assert view.gate_proposal == "click('41')" and view.manager_reply == "REPLACE: click('40')"
    assert view.tokens == 900 + 8 + 910 + 9 + 950 + 7 and view.llm_latency_s == 2.5
    assert view.decide_s == 2.5 and view.step_s == pytest.approx(0.35)
    assert view.postcondition_held is False and view.loop is True
    assert view.screenshot == Path("/runs/x/episodes/t__0/step_003.jpg")
    assert view.page.startswith("Page: ") and view.page == page.text.strip()
    assert view.flags() == ["postcondition failed", "loop", "gated", "parse error"]
    rows = dict(view.rows())
    assert rows["decided by"] == "manager" and rows["gate"] == "irreversible: place order"
    assert rows["manager verdict"] == "replace" and rows["postcondition"] == "FAILED (nothing changed)"
    assert rows["loop"] == "yes" and rows["tokens"] == "2784" and rows["error"] == "-"
    assert "rejected: unknown function 'clik'" in rows["worker reply 1"] and rows["worker proposed"] == "click('41')"
    assert rows["cache"] == "miss" and rows["latency"].startswith("decide 2.50 s (LLM 2.50 s)")


def test_cache_macro_and_error_steps():
    cache = StepView.from_record({
        "type": "step", "step": 0, "action": "fill('7', 'pot')", "source": "cache", "error": None,
        "decision": {"vac": {"key": "k", "hit": True}}, "verify": {"postcondition": {"held": True, "reason": "the field holds the text"}, "loop": False},
    }, 0, None)
    assert cache.source == "cache" and dict(cache.rows())["cache"] == "hit" and cache.flags() == [] and cache.tokens == 0
    assert cache.page == "" and cache.screenshot is None
    macro = StepView.from_record({
        "type": "step", "step": 1, "action": "click('9')", "source": "macro", "error": "element not visible",
        "decision": {"macro": {"id": 4, "step": 1, "of": 3}},
        "verify": {"postcondition": {"held": False, "reason": "the browser reported an error"}, "macro_abandoned": "the browser reported an error"},
    }, 1, None)
    assert macro.source == "macro" and macro.macro == {"id": 4, "step": 1, "of": 3}
    assert macro.flags() == ["browser error", "postcondition failed", "macro abandoned"]
    assert dict(macro.rows())["error"] == "element not visible"


def test_episode_from_a_trace_file(page, tmp_path):
    trace = EpisodeTrace(tmp_path, "v2.omnizon-13", 1)
    trace.write({"type": "start", "task_id": "v2.omnizon-13", "rollout": 1, "goal": "Buy a pot", "mode": "hierarchy_mgr_gate"})
    trace.write(_worker_step(page))
    trace.write({"type": "step", "step": 4, "action": "send_msg_to_user('done')", "source": "worker", "decision": {}, "verify": {}})
    unfinished = load_episode(trace.path)
    assert not unfinished.finished and unfinished.headline().endswith("not finished")
    trace.write({"type": "end", "task_id": "v2.omnizon-13", "rollout": 1, "reward": 1.0, "success": True, "steps": 2, "error": None})
    trace.close()
    episode = load_episode(tmp_path)  # a run folder: its first episode
    assert episode.path == trace.path and episode.run_dir == tmp_path and episode.finished
    assert episode.headline() == "v2.omnizon-13#1 [hierarchy_mgr_gate] 2 steps: reward 1 (success)"
    assert episode.sources() == {"manager": 1, "worker": 1} and [s.index for s in episode.steps] == [0, 1]
    table = episode.table()
    assert list(table["source"]) == ["manager", "worker"] and list(table["loop"]) == [True, False]
    with pytest.raises(HaloError, match="No episode files"):
        load_episode(tmp_path / "episodes" / "v2.omnizon-13__1")  # the screenshot folder, not a run folder
    with pytest.raises(HaloError, match="does not exist"):
        load_episode(tmp_path / "nope.jsonl")


@pytest.mark.browser
def test_viewer_builds_on_a_real_finished_episode(eval_run):
    from halo_lib.notebook.widget import StepViewer, episode_picker

    episode = load_episode(eval_run["out_dir"])
    viewer = StepViewer(episode)
    n = len(episode.steps)
    assert n > 1 and viewer.slider.max == n - 1 and viewer.slider.value == n - 1  # opens at the last step
    viewer.slider.value = 0  # what moving the slider does
    first = episode.steps[0]
    assert viewer.image.value[:2] == b"\xff\xd8"  # the step's JPEG screenshot
    assert html.escape(first.action) in viewer.details.value and "decided by" in viewer.details.value
    assert viewer.page.value.startswith("Page: ") and viewer.page.value == first.page
    assert "reward 1 (success)" in viewer.header.value
    viewer.slider.value = 1
    assert html.escape(episode.steps[1].action) in viewer.details.value

    picker = episode_picker(eval_run["out_dir"], viewer)
    assert picker.options == (("episodes/v2.omnizon-13__0.jsonl", str(episode.path)),) and picker.value == str(episode.path)


@pytest.mark.browser
def test_picker_switches_episodes(eval_run, tmp_path):
    from halo_lib.notebook.widget import StepViewer, episode_picker

    other = tmp_path / "runs" / "other"
    trace = EpisodeTrace(other, "v2.gomail-1", 0)
    trace.write({"type": "start", "task_id": "v2.gomail-1", "rollout": 0, "goal": "g", "mode": "expert"})
    trace.close()
    shutil.copytree(eval_run["out_dir"], tmp_path / "runs" / "eval")
    viewer = StepViewer(load_episode(tmp_path / "runs" / "eval"))
    picker = episode_picker(tmp_path / "runs", viewer)
    assert [label for label, _ in picker.options] == ["eval/episodes/v2.omnizon-13__0.jsonl", "other/episodes/v2.gomail-1__0.jsonl"]
    picker.value = str(trace.path)
    assert viewer.episode.task_id == "v2.gomail-1" and "no steps recorded" in viewer.details.value
