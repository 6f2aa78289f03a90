"""The HTML report opens in headless Chromium (offline: plotly.js is embedded), every plot renders, and a
screenshot is saved under artifacts/reports/screenshots/ for a person to look at."""
from __future__ import annotations

import pytest

from halo_lib.config import ARTIFACTS

from tests.support.threads import run_in_fresh_thread

pytestmark = pytest.mark.browser


def test_report_renders_in_chromium(eval_run):
    from playwright.sync_api import sync_playwright

    from halo_lib.env.browser import require_chromium
    from halo_lib.notebook.report import FIGURES

    report = eval_run["outputs"]["report"]
    shot = ARTIFACTS / "reports" / "screenshots" / "eval_smoke_report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []

    def render() -> None:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=require_chromium(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"file://{report}")
            page.wait_for_selector(".plotly-graph-div .main-svg", timeout=20_000)
            for name in FIGURES:
                # a rendered plotly figure has its SVG and drawn marks (bars, boxes, heatmap image)
                assert page.locator(f"#fig-{name} .plotly-graph-div .main-svg").count() >= 1, name
            assert page.locator("#fig-success .bars .point path").count() == 1  # one bar: the expert's
            assert page.locator("#fig-matrix .hm image, #fig-matrix .heatmaplayer image").count() >= 1
            assert page.locator("table.dataframe").count() == 1
            page.screenshot(path=str(shot), full_page=True)
            browser.close()

    run_in_fresh_thread(render)
    assert errors == []
    assert shot.is_file() and shot.stat().st_size > 20_000
