"""HALO's settled wait really waits: for a slow form navigation, a late DOM update and a slow fetch."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from halo_lib.env.settle import NetworkTracker, install_mutation_clock, settle

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><body><h1>Start</h1>
<form action="/slow" method="post"><button type="submit">Submit slowly</button></form>
<button id="late" onclick="setTimeout(() => { document.getElementById('out').textContent = 'late text'; }, 150)">Late</button>
<button id="fetch" onclick="fetch('/slow-json').then(r => r.json()).then(d => { document.getElementById('out').textContent = d.text; })">Fetch</button>
<button id="slowfetch" onclick="fetch('/slower-json').then(r => r.json()).then(d => { document.getElementById('out').textContent = d.text; })">Slow fetch</button>
<div id="out"></div></body></html>"""


async def index(request):
    return HTMLResponse(PAGE)


async def slow(request):
    await asyncio.sleep(0.4)
    return RedirectResponse("/done", status_code=303)


async def done(request):
    return HTMLResponse("<!doctype html><html><body><h1>Done</h1></body></html>")


async def slow_json(request):
    await asyncio.sleep(0.3)
    return JSONResponse({"text": "fetched text"})


async def slower_json(request):
    await asyncio.sleep(1.2)
    return JSONResponse({"text": "fetched late"})


@pytest.fixture(scope="module")
def server():
    from halo_lib.ports import free_port

    port = free_port()
    app = Starlette(
        routes=[
            Route("/", index),
            Route("/slow", slow, methods=["POST"]),
            Route("/done", done),
            Route("/slow-json", slow_json),
            Route("/slower-json", slower_json),
        ]
    )
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page(server):
    from agisdk.REAL.browsergym.core import _get_global_playwright

    from halo_lib.env.browser import install_system_chromium

    install_system_chromium()
    browser = _get_global_playwright().chromium.launch(headless=True)
    context = browser.new_context()
    install_mutation_clock(context)
    tracker = NetworkTracker(context)
    page = context.new_page()
    page.goto(server)
    yield page, tracker
    browser.close()


def test_waits_for_a_slow_form_navigation(page):
    page, tracker = page
    page.get_by_role("button", name="Submit slowly").click(timeout=2000)
    settle(page, tracker, quiet_ms=60, max_ms=3000)
    assert page.url.endswith("/done")
    assert page.locator("h1").inner_text() == "Done"


def test_waits_for_a_late_dom_update(page):
    page, tracker = page
    page.click("#late")
    settle(page, tracker, quiet_ms=200, max_ms=3000)
    assert page.locator("#out").inner_text() == "late text"


def test_waits_for_a_slow_fetch(page):
    page, tracker = page
    page.click("#fetch")
    settle(page, tracker, quiet_ms=60, max_ms=3000)
    assert page.locator("#out").inner_text() == "fetched text"


def test_adaptive_wait_goes_past_max_ms_while_a_request_is_in_flight(page):
    page, tracker = page
    page.click("#slowfetch")
    # the server answers after 1.2 s, past max_ms: the adaptive wait goes on while the fetch is in flight (<= 4 x max_ms)
    waited = settle(page, tracker, quiet_ms=60, max_ms=400, adaptive=True)
    assert page.locator("#out").inner_text() == "fetched late"
    assert waited > 0.4, waited
