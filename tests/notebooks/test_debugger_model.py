"""The debugger's model and the comparison's statistics without a browser: natural sort, the acted element's box,
relative paths, no run folder when opening an episode, agisdk's prints kept out of the notebook, the paired
statistics on hand-computed cases, the error groups, and the git filter that strips notebook outputs."""
from __future__ import annotations

import io
import json
import logging
import math
import os
import subprocess
import threading

import pytest
from PIL import Image

from halo_lib.config import PROJECT_ROOT
from halo_lib.errors import HaloError
from halo_lib.notebook.debugger import (
    EpisodeEntry, StepView, debug_config, draw_box, episode_index, filter_episodes, find_episodes, load_episode,
    natural_key, prints_into,
)
from halo_lib.notebook.hygiene import install_git_filter, strip_text
from halo_lib.notebook.paired import flips, mcnemar_exact, paired_bootstrap_ci, paired_table, wilson_interval
from halo_lib.trace.episode import EpisodeTrace, acted_element


def _png(width=120, height=90) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_natural_sort_puts_gomail_2_before_gomail_11():
    names = ["v2.gomail-11", "v2.gomail-2", "v2.gomail-1", "v2.dashdish-10", "v2.dashdish-9"]
    assert sorted(names, key=natural_key) == ["v2.dashdish-9", "v2.dashdish-10", "v2.gomail-1", "v2.gomail-2", "v2.gomail-11"]
    assert sorted(names) != sorted(names, key=natural_key)  # plain text order is what the picker used to show


def test_acted_element_and_its_box():
    obs = {"extra_element_properties": {"42": {"bbox": [10.0, 20.0, 30.0, 15.0], "visibility": 1.0}, "7": {"bbox": None}}}
    assert acted_element("click('42')", obs) == {"bid": "42", "bbox": [10.0, 20.0, 30.0, 15.0], "visibility": 1.0}
    assert acted_element("fill('7', 'x')", obs)["bbox"] is None  # not rendered
    assert acted_element("scroll(0, 200)", obs) is None and acted_element("send_msg_to_user('hi')", obs) is None
    assert acted_element("not an action", obs) is None

    step = StepView.from_record({"type": "step", "step": 0, "action": "click('42')", "element": acted_element("click('42')", obs)}, 0, None)
    assert step.box() == (10.0, 20.0, 40.0, 35.0) and dict(step.rows())["element"] == "[42] x 10 y 20, 30 x 15 px"
    boxed = Image.open(io.BytesIO(draw_box(_png(), step.box(), width=2)))
    assert boxed.format == "PNG" and boxed.size == (120, 90)
    red = (255, 23, 68)
    assert boxed.getpixel((10, 27)) == red and boxed.getpixel((40, 27)) == red  # left and right edges
    assert boxed.getpixel((25, 20)) == red and boxed.getpixel((25, 35)) == red  # top and bottom edges
    assert boxed.getpixel((25, 27)) == (255, 255, 255) and boxed.getpixel((60, 60)) == (255, 255, 255)  # inside, outside
    assert draw_box(_png(), None) == _png()  # no element: the screenshot unchanged
    assert StepView.from_record({"type": "step", "action": "scroll(0, 1)"}, 0, None).box() is None


def _episode_file(run_dir, task_id, success=True, error=None, sources=("expert",)):
    trace = EpisodeTrace(run_dir, task_id, 0)
    trace.write({"type": "start", "task_id": task_id, "rollout": 0, "goal": "g", "mode": "m"})
    for i, source in enumerate(sources):
        trace.write({"type": "step", "step": i, "action": f"click('{i}')", "source": source})
    trace.write({"type": "end", "task_id": task_id, "rollout": 0, "reward": float(success), "success": success,
                 "steps": len(sources), "error": error})
    trace.close()
    return trace.path


def test_picker_index_sorts_naturally_and_filters(tmp_path):
    run = tmp_path / "run"
    _episode_file(run, "v2.gomail-11", success=False, sources=("worker", "manager"))
    _episode_file(run, "v2.gomail-2", sources=("cache", "worker"))
    _episode_file(run, "v2.omnizon-13", error="step 0: boom")
    _episode_file(run, "v2.gomail-1", sources=("macro",))
    index = episode_index(run)
    assert [e.label for e in index] == ["episodes/v2.gomail-1__0.jsonl", "episodes/v2.gomail-2__0.jsonl",
                                        "episodes/v2.gomail-11__0.jsonl", "episodes/v2.omnizon-13__0.jsonl"]
    assert [e.outcome for e in index] == ["success", "success", "failure", "error"]
    assert index[2].layers == ("worker", "manager") and index[2].site == "gomail" and index[3].error == "step 0: boom"
    names = lambda entries: [e.task_id for e in entries]  # noqa: E731
    assert names(filter_episodes(index, site="omnizon")) == ["v2.omnizon-13"]
    assert names(filter_episodes(index, outcome="failure")) == ["v2.gomail-11"]
    assert names(filter_episodes(index, layer="worker")) == ["v2.gomail-2", "v2.gomail-11"]
    assert names(filter_episodes(index, site="gomail", layer="macro")) == ["v2.gomail-1"]
    assert filter_episodes(index, site="gomail", outcome="error") == [] and isinstance(index[0], EpisodeEntry)
    # an episode file lists its whole run, as the picker did before
    assert len(episode_index(run / "episodes" / "v2.gomail-2__0.jsonl")) == 4


def test_relative_paths_resolve_from_the_project_root(tmp_path, monkeypatch):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path))
    monkeypatch.chdir(PROJECT_ROOT / "notebooks")  # where a kernel runs
    _episode_file(tmp_path / "runs" / "main_expert", "v2.gomail-2")
    _episode_file(tmp_path / "runs" / "main_expert", "v2.gomail-11")
    assert [p.name for p in find_episodes("artifacts/runs/main_expert")] == ["v2.gomail-2__0.jsonl", "v2.gomail-11__0.jsonl"]
    assert load_episode("artifacts/runs/main_expert").task_id == "v2.gomail-2"
    assert len(episode_index("artifacts/runs/main_expert")) == 2


def test_opening_an_episode_makes_no_run_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path))
    _episode_file(tmp_path / "runs" / "main_expert", "v2.gomail-2")
    before = sorted(p.name for p in (tmp_path / "runs").iterdir())
    cfg = debug_config({"episode": "artifacts/runs/main_expert", "mode": "expert", "live": False})
    assert cfg.out_dir == "" and cfg.episode == str(tmp_path / "runs" / "main_expert")
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == before == ["main_expert"]
    assert not (tmp_path / "runs" / "main_expert" / "params.json").exists()
    with pytest.raises(HaloError, match="does not exist"):
        debug_config({"episode": "artifacts/runs/nope"})
    with pytest.raises(HaloError, match="episod"):  # a misspelled parameter still fails with the closest name
        debug_config({"episod": "artifacts/runs/main_expert"})
    live = debug_config({"episode": "artifacts/runs/main_expert", "live": True})  # a live session records a new run
    assert os.path.isdir(live.out_dir) and os.path.dirname(live.out_dir) == str(tmp_path / "runs")
    ran = debug_config({"task": "v2.gomail-2"})  # running a task: a new run folder, as before
    assert os.path.isdir(ran.out_dir) and os.path.dirname(ran.out_dir) == str(tmp_path / "runs")


def test_prints_go_to_the_run_log_not_the_notebook(tmp_path, capsys):
    logger = logging.getLogger("halo_test.library")  # (agisdk's own logger is muted by the env)
    console = logging.StreamHandler()  # a library's console handler (stderr)
    logger.addHandler(console)
    try:
        with prints_into(tmp_path / "run.log") as log:
            print("🎉 grader state dump {'emails': [...]}")
            worker = threading.Thread(target=lambda: print("from the episode thread"))
            worker.start()
            worker.join()
            logger.warning("a warning from a library")
        assert console in logger.handlers  # the library's handler is back after the block
    finally:
        logger.removeHandler(console)
    captured = capsys.readouterr()
    assert captured.out == "" and "a warning from" not in captured.err
    text = log.read_text()
    assert "grader state dump" in text and "from the episode thread" in text and "a warning from a library" in text
    print("after")
    assert capsys.readouterr().out == "after\n"


def test_mcnemar_wilson_and_bootstrap_on_hand_computed_cases():
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(5, 0) == pytest.approx(2 / 32)  # 2 * P(X <= 0), X ~ Bin(5, 1/2)
    assert mcnemar_exact(1, 9) == pytest.approx(2 * (1 + 10) / 1024)
    assert mcnemar_exact(3, 3) == 1.0 and mcnemar_exact(9, 1) == mcnemar_exact(1, 9)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(10, 10)
    assert high == pytest.approx(1.0) and low == pytest.approx(0.7225, abs=1e-4)
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)

    def run(label, solved):
        return {"label": label, "out_dir": f"/runs/{label}", "episodes": [
            {"task_id": f"v2.gomail-{i}", "rollout": 0, "success": s, "error": None} for i, s in enumerate(solved, 1)]}

    a = run("a", [True, True, False, False, True])
    b = run("b", [True, False, True, True, True])
    f = flips(a, b)
    assert f["a_only"] == ["v2.gomail-2"] and f["b_only"] == ["v2.gomail-3", "v2.gomail-4"] and f["n"] == 5
    assert f["both"] == ["v2.gomail-1", "v2.gomail-5"] and f["neither"] == []
    diff, low, high = paired_bootstrap_ci(a, b)
    assert diff == pytest.approx(0.2) and low <= diff <= high and -1 <= low and high <= 1
    same = paired_bootstrap_ci(a, a)
    assert same == (0.0, 0.0, 0.0)  # no difference on any task: a zero-width interval
    b["episodes"][0]["error"] = "step 1: boom"  # an errored episode leaves the pairing, and is counted
    table = paired_table([a, b])
    row = table.iloc[0]
    assert row["pairs"] == 4 and row["left_out"] == 1 and row["gained"] == "v2.gomail-3, v2.gomail-4" and row["lost"] == "v2.gomail-2"
    assert row["mcnemar_p"] == pytest.approx(mcnemar_exact(1, 2)) and row["rate_baseline"] == 0.5 and row["rate_run"] == 0.75
    assert paired_table([a]).empty
    assert math.isnan(paired_bootstrap_ci(a, run("c", []))[0])


def test_error_groups():
    import pandas as pd

    from halo_lib.notebook.runview import error_groups, error_signature

    assert error_signature("step 3: Timeout 5000ms exceeded waiting for 'button'") == "Timeout Nms exceeded waiting for '…'"
    table = pd.DataFrame([
        {"task_id": "v2.a-1", "rollout": 0, "error": "step 3: Timeout 5000ms exceeded", "error_kind": "infra"},
        {"task_id": "v2.a-2", "rollout": 0, "error": "step 7: Timeout 3000ms exceeded", "error_kind": "infra"},
        {"task_id": "v2.a-3", "rollout": 0, "error": "policy: no adapter at '/x'", "error_kind": "agent"},
        {"task_id": "v2.a-4", "rollout": 0, "error": None, "error_kind": ""},
    ])
    groups = error_groups(table)
    assert [(g["count"], g["kind"]) for g in groups] == [(2, "infra"), (1, "agent")]
    assert groups[0]["episodes"] == ["v2.a-1#0", "v2.a-2#0"]


def test_strip_text_keeps_a_clean_notebook_byte_for_byte():
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text()
        assert strip_text(text) == text, path.name
    dirty = json.loads((PROJECT_ROOT / "notebooks" / "01_debug.ipynb").read_text())
    code = next(c for c in dirty["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hello\n"]}]
    code["execution_count"] = 3
    dirty["metadata"]["widgets"] = {"state": {}}
    assert strip_text(json.dumps(dirty)) == (PROJECT_ROOT / "notebooks" / "01_debug.ipynb").read_text()
    assert strip_text("not json") == "not json"


def test_git_filter_commits_a_notebook_without_its_outputs(tmp_path):
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    git = lambda *args: subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout  # noqa: E731
    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    # the filter command is relative to the work tree, as in a checkout: link the venv and the package in
    (repo / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    (repo / "halo_lib").symlink_to(PROJECT_ROOT / "halo_lib")
    (repo / ".git" / "info" / "exclude").write_text(".venv\nhalo_lib\n")
    assert install_git_filter(repo) is True
    assert "notebooks/*.ipynb filter=halo-nbstrip" in (repo / ".gitattributes").read_text()
    assert install_git_filter(repo) is True and (repo / ".gitattributes").read_text().count("halo-nbstrip") == 1
    clean = (PROJECT_ROOT / "notebooks" / "01_debug.ipynb").read_text()
    book = json.loads(clean)
    next(c for c in book["cells"] if c["cell_type"] == "code")["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": ["SECRET OUTPUT\n"]}]
    saved = json.dumps(book, indent=1)  # as JupyterLab's autosave writes it
    (repo / "notebooks" / "01_debug.ipynb").write_text(saved)
    git("add", "-A")
    git("commit", "-qm", "nb")
    assert git("show", "HEAD:notebooks/01_debug.ipynb") == clean  # committed without outputs
    assert (repo / "notebooks" / "01_debug.ipynb").read_text() == saved  # the file on disk keeps them
    assert git("status", "--porcelain") == ""  # and git sees no change
    assert install_git_filter(tmp_path / "not-a-repo-" / "x") is False
