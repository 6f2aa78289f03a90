"""01_debug in JupyterLab itself, driven by Playwright in headless Chromium as a new user would: open the notebook,
Run All, move the step slider, open the tabs (chat, AXTree, record, final page), pick another episode.

The folder of runs: a real expert run of two gomail tasks (6 steps at most) on the session's replicas, and the
committed local-model run of tests/fixtures/rl/runs/policy (its worker prompts and replies). The notebook is
01_debug as committed, with `episode` set to that folder in its parameters cell (the one line a user edits), in a
temporary JupyterLab root. Screenshots of the debugger are saved under
$HALO_ARTIFACTS/reports/screenshots/jupyterlab_debug_*.png (artifacts/results/ holds small copies).

Needs the `lab` extra (JupyterLab): `./run.sh lab` installs it, or `.venv/bin/pip install -e '.[lab]'`.

    ./run.sh test -m heavy tests/notebooks/test_debugger_jupyterlab.py
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from halo_lib.config import RunConfig
from halo_lib.notebook.debugger import load_episode
from halo_lib.paths import PROJECT_ROOT, artifacts_root
from halo_lib.policy.local_server import wait_healthy
from halo_lib.ports import free_port

from tests.support.threads import run_in_fresh_thread

pytestmark = [pytest.mark.browser, pytest.mark.heavy]

pytest.importorskip("jupyterlab", reason="JupyterLab is the `lab` extra: ./run.sh lab or .venv/bin/pip install -e '.[lab]'")


@pytest.fixture(scope="module")
def runs_root(sites_config, tmp_path_factory):
    """runs/expert: a real run of v2.gomail-2 and v2.gomail-11 by the expert (6 steps at most); runs/policy: the
    committed local-model run (tests/fixtures/rl/runs/policy: the worker's prompt and reply recorded per step)."""
    import shutil

    from halo_lib.runner.eval import run_eval

    root = tmp_path_factory.mktemp("lab") / "runs"
    expert = run_in_fresh_thread(
        lambda: run_eval(
            RunConfig(mode="expert", tasks="v2.gomail-2,v2.gomail-11", out_dir=str(root / "expert"), max_steps=6, sites=sites_config)
        ),
        timeout_s=1500,
    )
    assert [e["error"] for e in expert["episodes"]] == [None, None], expert["episodes"]  # an infra error: rerun
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "rl" / "runs" / "policy", root / "policy")
    return root


def _notebook_opening(folder: Path, into: Path) -> Path:
    """01_debug as committed, with the parameters cell's `episode` line set to `folder` (what a user types)."""
    notebook = json.loads((PROJECT_ROOT / "notebooks" / "01_debug.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(cell["source"])
    edited = re.sub(r'^episode: str = ""', f'episode: str = "{folder}"', source, count=1, flags=re.M)
    assert edited != source, "the parameters cell has no `episode` line"
    cell["source"] = edited
    path = into / "01_debug.ipynb"
    path.write_text(json.dumps(notebook))
    return path


@pytest.fixture(scope="module")
def lab(runs_root, tmp_path_factory):
    """A JupyterLab server on a temp root holding 01_debug; yields (url of the notebook, the server's artifacts root)."""
    import jupyterlab_widgets

    home = tmp_path_factory.mktemp("lab-home")
    root = home / "root"
    root.mkdir()
    _notebook_opening(runs_root, root)
    port, token = free_port(), secrets.token_hex(16)
    # JupyterLab 4 renders only the cells in view by default ("windowing"); the test reads the whole notebook
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # the widgets' lab extension ships in the environment's share/jupyter (found here even when JupyterLab itself is
    # installed in an environment layered over this one)
    widgets_share = Path(jupyterlab_widgets.__file__).resolve().parents[4] / "share" / "jupyter"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(PROJECT_ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]),
        HALO_ARTIFACTS=str(home / "artifacts"),
        JUPYTER_PATH=os.pathsep.join([str(widgets_share)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ] + (["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root,
    )  # fmt: skip
    try:
        status = f"http://127.0.0.1:{port}/api/status?token={token}"
        wait_healthy(server, status, 120, "JupyterLab", lambda: (home / "lab.log").read_text()[-2000:])
        yield f"http://127.0.0.1:{port}/lab/tree/01_debug.ipynb?token={token}", home / "artifacts"
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.timeout(3000)  # two real episodes, a JupyterLab server and a kernel: minutes on 2 loaded cores
def test_01_debug_in_jupyterlab_run_all_slider_tabs_and_pick(lab, runs_root):
    from playwright.sync_api import expect, sync_playwright

    from halo_lib.env.browser import require_chromium

    url, lab_artifacts = lab
    expert = load_episode(runs_root / "expert" / "episodes" / "v2.gomail-2__0.jsonl")
    boxed = next(s for s in expert.steps if s.box())  # the first step that acted on a rendered element
    worker = load_episode(runs_root / "policy" / "episodes" / "v2.gomail-1__0.jsonl")
    shots = artifacts_root() / "reports" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    def drive() -> None:
        expect.set_options(timeout=120_000)  # a widget round trip through the kernel on 2 loaded cores
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=require_chromium(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)  # JupyterLab on 2 loaded cores
            try:
                steps(page)
            except BaseException:
                page.screenshot(path=str(shots / "jupyterlab_debug_failed.png"), full_page=True)  # what the user would see
                raise
            finally:
                browser.close()

    def steps(page) -> None:
        page.goto(url)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=300_000)
        # the kernel has started and is idle (the status bar says so), as a user waits before Run All
        expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle").first).to_be_visible(timeout=300_000)
        page.wait_for_timeout(5_000)

        started = time.monotonic()  # Run All from the menu, as a user does
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        out = page.locator(".jp-NotebookPanel .jp-OutputArea")
        expect(out.locator(".widget-slider")).to_have_count(1, timeout=900_000)
        # the run view: the shown episode's run (the expert's), one "open" button per episode
        expect(out.locator(".jupyter-button", has_text=re.compile("^open$"))).to_have_count(2, timeout=300_000)
        timings["run_all_s"] = time.monotonic() - started
        # the picker lists all 4 episodes of both runs in natural order, the expert's gomail-2 first (shown)
        picker = out.locator(".widget-dropdown", has=page.locator("label", has_text=re.compile("^episode$"))).locator("select")
        labels = picker.locator("option").all_inner_texts()
        assert [t.strip() for t in labels] == [
            "expert/episodes/v2.gomail-2__0.jsonl",
            "expert/episodes/v2.gomail-11__0.jsonl",
            "policy/episodes/v2.gomail-1__0.jsonl",
            "policy/episodes/v2.omnizon-13__0.jsonl",
        ]
        header = out.locator(".widget-html", has_text="decided by:").first
        expect(header).to_contain_text("v2.gomail-2#0 [expert]")
        assert "Traceback" not in out.all_inner_texts().__str__()
        assert "SUCCESS" not in " ".join(out.all_inner_texts())  # agisdk's grader prints stay out (nothing graded here)

        # move the slider (type into its readout, as a user can) to the first step that clicked an element
        readout = out.locator(".widget-slider .widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(boxed.index))
        page.keyboard.press("Enter")
        details = out.locator("table.halo-step").first
        expect(details).to_contain_text(boxed.action)
        image = out.locator(".widget-image").first
        expect(image).to_have_js_property("complete", True)
        shown = bytes(image.evaluate("async img => Array.from(new Uint8Array(await (await fetch(img.src)).arrayBuffer()))"))
        picture = Image.open(io.BytesIO(shown)).convert("RGB")  # what the browser shows, at full size
        x0, y0, x1, y1 = boxed.box()
        r, g, b = picture.getpixel((int(x0) + 1, int((y0 + y1) / 2)))
        assert r > 200 and g < 90 and b < 130, (boxed.action, (r, g, b))  # the red box on the acted element's left edge
        page.locator(".widget-slider").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "jupyterlab_debug_step.png"))

        def tab(name: str):
            out.locator(".widget-tab .lm-TabBar-tabLabel", has_text=re.compile(f"^{re.escape(name)}$")).click()

        tab("before / after")
        expect(out.locator(".widget-tab").get_by_text("before (acted element boxed)")).to_be_visible()
        tab("AXTree")
        tree = out.locator(".widget-tab textarea:visible").first
        expect(tree).to_have_value(re.compile(r"^RootWebArea"))
        assert f"[{boxed.element['bid']}] " in tree.input_value()
        tab("record")
        expect(out.locator(".widget-tab pre:visible").first).to_contain_text('"action"')
        tab("chat")
        # the expert decides without an LLM, but its step records the prompt a worker would have seen
        expect(out.locator(".widget-tab .halo-msg:visible").first).to_contain_text("You are a web agent")
        tab("final page")
        final = out.locator(".widget-tab .widget-image:visible").first
        expect(final).to_have_js_property("complete", True)
        assert final.evaluate("img => img.naturalWidth") >= 640
        page.screenshot(path=str(shots / "jupyterlab_debug_final.png"))
        tab("steps")
        expect(out.locator(".widget-tab table.halo-steps:visible")).to_contain_text(expert.steps[-1].action[:30])
        tab("gallery")
        expect(out.locator(".widget-tab .widget-gridbox:visible .widget-image")).to_have_count(len(expert.steps) + 1)

        # pick the local model's episode: the header, step table and chat follow
        started = time.monotonic()
        picker.select_option(label="policy/episodes/v2.gomail-1__0.jsonl")
        expect(header).to_contain_text(f"v2.gomail-1#0 [{worker.mode}] {len(worker.steps)} steps")
        timings["pick_s"] = time.monotonic() - started
        expect(details).to_contain_text(worker.steps[-1].action)
        tab("steps")  # the step table follows the pick too
        expect(out.locator(".widget-tab table.halo-steps:visible")).to_contain_text(worker.steps[0].action[:30])
        tab("chat")
        bubbles = out.locator(".widget-tab .halo-msg:visible")
        expect(bubbles.first).to_be_visible()
        roles = {c for m in bubbles.all() for c in (m.get_attribute("class") or "").split()}
        assert {"halo-system", "halo-user", "halo-assistant"} <= roles  # the worker's prompt and its reply
        reply = worker.steps[-1].worker_attempts[-1].get("text", "")[:20].strip()
        expect(out.locator(".widget-tab .halo-assistant:visible", has_text=reply).first).to_be_visible()  # the worker's reply
        out.locator(".widget-tab").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "jupyterlab_debug_chat.png"))

    run_in_fresh_thread(drive, timeout_s=1200)
    print(f"\nJupyterLab timings: {timings}")
    assert not (lab_artifacts / "runs").exists()  # opening finished episodes made no run folder
    for name in ("step", "final", "chat"):
        assert (shots / f"jupyterlab_debug_{name}.png").stat().st_size > 20_000
