"""The debugger, the run view and the comparison report on two real expert runs of two gomail tasks (agisdk's env
on the session's replicas, graded by its eval scripts): a full run, and one capped at 8 steps that loses gomail-2
(it needs 9). What the step records keep (the acted element's bounds, the full AXTree), the viewer's tabs and a
pick refreshing every view, the run view, and the report's fixed charts, paired view and shared plotly.min.js,
checked in headless Chromium."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from halo_lib.config import RunConfig
from halo_lib.notebook.debugger import episode_index, load_episode

from tests.support.threads import run_in_fresh_thread

# two real expert runs per session (about 4 min at load 35): heavy, for CI's 30-minute budget; the debugger's model
# functions are tested without a browser in test_debugger_model.py
pytestmark = [pytest.mark.browser, pytest.mark.heavy]

TASKS = "v2.gomail-2,v2.gomail-11"


@pytest.fixture(scope="module")
def two_runs(sites_config, tmp_path_factory):
    from halo_lib.runner.eval import run_eval

    root = tmp_path_factory.mktemp("runs")

    def both() -> list[dict]:  # one thread for both runs: agisdk keeps one Playwright per thread
        return [run_eval(RunConfig(mode="expert", tasks=TASKS, out_dir=str(root / name), max_steps=steps, sites=sites_config))
                for name, steps in (("full", 25), ("capped", 8))]

    for summary in run_in_fresh_thread(both, timeout_s=500):
        assert summary["n_episodes"] == 2
        assert [e["error"] for e in summary["episodes"]] == [None, None], summary["episodes"]  # an infra error: rerun
    return root


def test_step_records_keep_the_acted_element_and_the_full_axtree(two_runs):
    episode = load_episode(two_runs / "full" / "episodes" / "v2.gomail-2__0.jsonl")
    assert episode.finished and episode.end["success"] and len(episode.steps) == 9
    boxed_steps = [s for s in episode.steps if s.box()]
    assert len(boxed_steps) >= 6  # every click/fill/press on a rendered element; the answer has none
    assert episode.steps[-1].action.startswith("send_msg_to_user") and episode.steps[-1].element is None
    for step in boxed_steps:
        bid = step.element["bid"]
        assert f"('{bid}'" in step.action
        tree = step.full_axtree()
        assert tree.startswith("RootWebArea") and f"[{bid}] " in tree  # the full AXTree of that page names it
        plain = Image.open(step.screenshot).convert("RGB")
        boxed = Image.open(io.BytesIO(step.boxed_screenshot())).convert("RGB")
        x0, y0, x1, y1 = step.box()
        assert 0 <= x0 < x1 <= plain.width and 0 <= y0 < y1 <= plain.height  # on the screenshot (viewport pixels)
        edge = (int(x0) + 1, int((y0 + y1) / 2))
        r, g, b = boxed.getpixel(edge)
        assert r > 200 and g < 90 and b < 130, (step.action, edge, (r, g, b))  # the red box is drawn on its left edge
    assert step.page.startswith("Page: ")  # the summary the decision was made on


def test_viewer_tabs_and_a_pick_refresh_every_view(two_runs):
    from halo_lib.notebook.widget import EpisodeBrowser, StepViewer

    viewer = StepViewer(load_episode(two_runs / "full"))
    browser = EpisodeBrowser(two_runs, viewer)
    assert [label for label, _ in browser.dropdown.options] == [
        "capped/episodes/v2.gomail-2__0.jsonl", "capped/episodes/v2.gomail-11__0.jsonl",
        "full/episodes/v2.gomail-2__0.jsonl", "full/episodes/v2.gomail-11__0.jsonl"]
    assert browser.dropdown.value == str(two_runs / "full" / "episodes" / "v2.gomail-2__0.jsonl")
    browser.outcome.value = "failure"
    assert [label for label, _ in browser.dropdown.options] == ["capped/episodes/v2.gomail-2__0.jsonl"]
    assert browser.count.value == "1 of 4 episodes"
    browser.outcome.value = ""
    browser.layer.value = "worker"
    assert browser.dropdown.options == ()  # the expert decided every step
    browser.layer.value = "expert"

    target = two_runs / "full" / "episodes" / "v2.gomail-11__0.jsonl"
    browser.dropdown.value = str(target)
    episode = viewer.episode
    assert episode.path == target and "v2.gomail-11#0" in viewer.header.value
    n = len(episode.steps)
    assert viewer.slider.max == n - 1 and viewer.slider.value == n - 1
    for step in episode.steps:
        assert step.action.replace("'", "&#x27;") in viewer.steps_table.value or step.action in viewer.steps_table.value
    assert viewer.gallery.children == ()  # built when its tab is opened
    viewer.tabs.selected_index = 1
    assert len(viewer.gallery.children) == n + 1  # every step and the final page
    assert Image.open(io.BytesIO(viewer.gallery.children[0].children[0].value)).width == 320  # thumbnails
    final = (target.parent / "v2.gomail-11__0" / "final.jpg").read_bytes()
    assert viewer.final.value == final and viewer.after.value == final  # after the last step: the final page
    viewer.slider.value = 0
    first = episode.steps[0]
    assert viewer.after.value == episode.steps[1].screenshot.read_bytes()
    assert viewer.before.value == viewer.image.value == first.boxed_screenshot() != first.screenshot.read_bytes()
    assert viewer.axtree.value.startswith("RootWebArea") and viewer.page.value == first.page
    assert "halo-system" in viewer.chat.value and "Page: " in viewer.chat.value  # the prompt the expert's step recorded
    assert "&quot;element&quot;" in viewer.record.value and "[" + first.element["bid"] + "]" in viewer.details.value
    # a gallery tile jumps to its step
    viewer.gallery.children[2].children[1].click()
    assert viewer.slider.value == 2


def test_run_view_lists_episodes_and_opens_one(two_runs):
    from halo_lib.notebook.runview import error_groups, run_table
    from halo_lib.notebook.widget import StepViewer, run_view

    table = run_table(two_runs / "capped")
    assert list(table["task_id"]) == ["v2.gomail-2", "v2.gomail-11"]
    assert list(table["outcome"]) == ["failure", "success"] and list(table["steps"]) == [8, 8]
    assert list(table["tokens"]) == [0, 0] and error_groups(table) == []
    viewer = StepViewer(load_episode(two_runs / "full"))
    view = run_view(two_runs / "capped", viewer)
    assert "2 episodes" in view.children[0].value and "No errors" in view.children[0].value
    open_first = view.children[1].children[8]  # the grid: 8 header cells, then each row starts with its button
    open_first.click()
    assert viewer.episode.path == two_runs / "capped" / "episodes" / "v2.gomail-2__0.jsonl"


def test_comparison_report_on_two_real_runs(two_runs, tmp_path):
    from playwright.sync_api import sync_playwright

    from halo_lib.env.browser import require_chromium
    from halo_lib.notebook.paired import divergences, paired_table
    from halo_lib.notebook.report import FIGURES, PLOTLY_JS, compare_figures, load_runs, report_table, write_report

    runs = load_runs([two_runs / "full", two_runs / "capped"])
    figs = compare_figures(runs)
    # cost per solved task: the full run solved everything at cost 0 - a 0, not "nothing solved"
    assert "nothing solved" not in figs["cost"].layout.title.text
    assert list(figs["cost"].data[0].text) == ["0", "0"] and list(figs["cost"].data[0].y) == [0.0, 0.0]
    assert tuple(figs["cache"].layout.yaxis.range) == (0, 1)
    table = report_table(runs)
    assert table.index.name is None and list(table["solved"]) == [2, 1]
    assert table.loc["expert (capped)", "success (95% CI)"] == "50% [9%, 91%]"

    paired = paired_table(runs).iloc[0]
    assert paired["lost"] == "v2.gomail-2" and paired["gained"] == "" and paired["pairs"] == 2
    assert paired["mcnemar_p"] == 1.0 and paired["diff"] == -0.5
    parted = divergences(runs).set_index("task_id")
    assert parted.loc["v2.gomail-2", "first_diff_step"] == 8 and parted.loc["v2.gomail-2", "action_b"] == "(ended)"
    assert parted.loc["v2.gomail-2", "action_a"].startswith("send_msg_to_user")  # the 9th step the capped run never took

    reports = tmp_path / "reports"
    first = write_report(runs, figs, reports / "a.html", title="Capped vs full")
    second = write_report(runs[:1], compare_figures(runs[:1]), reports / "b.html", title="One run")
    assert sorted(p.name for p in reports.iterdir()) == ["a.html", "b.html", PLOTLY_JS]
    assert first.stat().st_size < 300_000 and second.stat().st_size < 300_000  # not 4.7 MB each
    assert (reports / PLOTLY_JS).stat().st_size > 1_000_000
    text = first.read_text()
    assert "<th>label</th>" not in text and "McNemar" in text and "bootstrap" in text

    errors: list[str] = []
    shot = tmp_path / "report.png"

    def render() -> dict:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=require_chromium(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"file://{first}")
            page.wait_for_selector(".plotly-graph-div .main-svg", timeout=30_000)
            seen = {name: page.locator(f"#fig-{name} .plotly-graph-div .main-svg").count() for name in FIGURES}
            links = page.eval_on_selector_all("#task-matrix a", "els => els.map(e => e.href)")
            paired_rows = page.locator("#paired table.paired tr").count()
            lost = page.locator("#paired td.loss").inner_text()
            parted = page.locator("#divergence table.diverge tr").count()
            width = page.evaluate("document.querySelector('#summary table').getBoundingClientRect().width")
            page.screenshot(path=str(shot), full_page=True)
            browser.close()
            return {"seen": seen, "links": links, "paired_rows": paired_rows, "lost": lost, "parted": parted, "width": width}

    got = run_in_fresh_thread(render)
    assert errors == []
    assert all(count >= 1 for count in got["seen"].values()), got["seen"]
    assert len(got["links"]) == 4 and all(Path(link.removeprefix("file://")).is_dir() for link in got["links"])
    assert got["paired_rows"] == 2 and got["lost"] == "v2.gomail-2" and got["parted"] >= 2
    assert got["width"] <= 1280  # the summary table fits the page
