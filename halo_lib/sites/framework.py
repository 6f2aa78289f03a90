"""The replica framework: per-browser sessions, REAL's /config + /finish protocol, and page rendering.

A replica is a `Replica` subclass: it names its site, builds the seed state for a task, registers its pages
on a FastAPI router, and (optionally) computes a site-specific `differences` block. The framework gives it:

- **Sessions.** State lives on the server, one session per browser context, found by a cookie
  (`halo_<site>_sid`). agisdk's `/config` call starts a fresh session (a new cookie), so parallel episodes,
  each with its own browser, never share state. A request without a session gets a fresh default one.
- **REAL's protocol.** `GET /config?run_id=&task_id=&latency=` resets the session for the task and takes the
  initial snapshot before anything else happens; `GET /finish` renders `{"initialfinaldiff": ...,
  "differences": ...}` as JSON in a `<pre>` and never changes state. `latency` (ms) delays every page.
- **Rendering.** Jinja2 templates from the site's `templates/` folder, falling back to the shared
  `sites/templates/` (base layout, snackbar).

    class Omnizon(Replica):
        name, title = "omnizon", "Omnizon"
        def initial_state(self, task_id): ...
        def register(self, router): ...
    app = create_app(Omnizon())
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import html
import json
import os
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from halo_lib.sites.diff import detailed_diff

SITES_DIR = Path(__file__).resolve().parent
SHARED_TEMPLATES = SITES_DIR / "templates"
HEALTH_PATH = "/__halo/health"


def code_version() -> str:
    """Hash of the replica sources: a server from other code is not reused."""
    digest = hashlib.sha256()
    for path in sorted(SITES_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".json", ".css", ".js"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(SITES_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Session:
    """One browser context's view of a replica."""

    id: str
    task_id: str
    run_id: str
    latency_ms: int
    initial: dict[str, Any]
    state: dict[str, Any]
    created: float = field(default_factory=time.time)
    flash: str = ""  # one-shot toast text for the next page (not part of the graded state)


class SessionStore:
    """Sessions by id, least recently used evicted beyond `capacity`."""

    def __init__(self, capacity: int = 512):
        self.capacity = capacity
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def get(self, session_id: str | None) -> Session | None:
        session = self._sessions.get(session_id or "")
        if session is not None:
            self._sessions.move_to_end(session.id)
        return session

    def new(self, initial: dict[str, Any], *, task_id: str = "", run_id: str = "0", latency_ms: int = 0) -> Session:
        session = Session(
            id=secrets.token_hex(12),
            task_id=task_id,
            run_id=run_id,
            latency_ms=latency_ms,
            initial=copy.deepcopy(initial),
            state=copy.deepcopy(initial),
        )
        self._sessions[session.id] = session
        while len(self._sessions) > self.capacity:
            self._sessions.popitem(last=False)
        return session

    def __len__(self) -> int:
        return len(self._sessions)


class Replica:
    """Base class of a site replica (see module docstring)."""

    name: str = ""
    title: str = ""
    templates_dir: Path | None = None
    favicon_svg: str = ""  # the site's icon, served at /favicon.ico (a browser asks for it on every page)

    def initial_state(self, task_id: str) -> dict[str, Any]:
        """The seed state for `task_id` (empty string: a manual visit)."""
        raise NotImplementedError

    def apply_config(self, state: dict[str, Any], params: dict[str, str]) -> None:
        """Apply /config parameters to the state after the initial snapshot (default: nothing)."""

    def differences(self, initial: dict[str, Any], final: dict[str, Any]) -> dict[str, Any] | None:
        """Site-specific `differences` block of /finish, or None to omit it."""
        return None

    def register(self, router: APIRouter) -> None:
        """Add the site's pages to `router`."""
        raise NotImplementedError

    # ---- helpers for subclasses -------------------------------------------------------------------
    def finish_payload(self, session: Session) -> dict[str, Any]:
        payload: dict[str, Any] = {"initialfinaldiff": detailed_diff(session.initial, session.state)}
        differences = self.differences(session.initial, session.state)
        if differences is not None:
            payload["differences"] = differences
        return payload

    @property
    def cookie_name(self) -> str:
        return f"halo_{self.name}_sid"

    def session(self, request: Request) -> Session:
        return request.state.halo_session

    def flash(self, request: Request, message: str) -> None:
        """Show `message` as a toast on the next rendered page."""
        self.session(request).flash = message

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        session = self.session(request)
        flash, session.flash = session.flash, ""
        body = self._templates.get_template(template).render(
            request=request, site=self, state=session.state, path=request.url.path, flash=flash, **context
        )
        return HTMLResponse(body, status_code=status_code)

    @staticmethod
    def redirect(url: str) -> RedirectResponse:
        """Post/redirect/get: a mutation answers with a 303 to the page that shows its result."""
        return RedirectResponse(url, status_code=303)

    @property
    def _templates(self) -> Environment:
        env = getattr(self, "_jinja", None)
        if env is None:
            loaders = [FileSystemLoader(str(self.templates_dir))] if self.templates_dir else []
            env = Environment(
                loader=ChoiceLoader(loaders + [FileSystemLoader(str(SHARED_TEMPLATES))]),
                autoescape=select_autoescape(["html"]),
                trim_blocks=True,
                lstrip_blocks=True,
            )
            self._jinja = env
        return env


def _pre_page(payload: dict[str, Any]) -> str:
    text = html.escape(json.dumps(payload, indent=2))
    return f"<!doctype html><html><head><title>finish</title></head><body><pre>{text}</pre></body></html>"


def create_app(replica: Replica) -> FastAPI:
    """A FastAPI app serving one replica at the root of its own port, like the real site."""
    app = FastAPI(title=replica.title, docs_url=None, redoc_url=None, openapi_url=None)
    store = SessionStore()
    app.state.replica = replica
    app.state.sessions = store
    version = code_version()

    @app.middleware("http")
    async def attach_session(request: Request, call_next):
        if request.url.path in ("/config", HEALTH_PATH):
            return await call_next(request)
        session = store.get(request.cookies.get(replica.cookie_name))
        created = session is None
        if created:
            session = store.new(replica.initial_state(""))
        request.state.halo_session = session
        if session.latency_ms and request.url.path != "/finish":
            await asyncio.sleep(session.latency_ms / 1000)
        response = await call_next(request)
        if created:
            response.set_cookie(replica.cookie_name, session.id, httponly=True, samesite="lax")
        return response

    @app.get(HEALTH_PATH)
    async def health() -> JSONResponse:
        return JSONResponse({"halo_replica": replica.name, "code": version, "sessions": len(store), "pid": os.getpid()})

    @app.get("/config")
    async def config(request: Request, run_id: str = "0", task_id: str = "", latency: int = 0) -> HTMLResponse:
        session = store.new(replica.initial_state(task_id), task_id=task_id, run_id=run_id, latency_ms=max(latency, 0))
        replica.apply_config(session.state, dict(request.query_params))
        body = (
            f"<!doctype html><html><head><title>{html.escape(replica.title)} config</title></head><body>"
            f"<p>{html.escape(replica.title)} is set up for task {html.escape(task_id or '(none)')}.</p></body></html>"
        )
        response = HTMLResponse(body)
        response.set_cookie(replica.cookie_name, session.id, httponly=True, samesite="lax")
        return response

    @app.get("/finish")
    async def finish(request: Request) -> HTMLResponse:
        return HTMLResponse(_pre_page(replica.finish_payload(replica.session(request))))

    if replica.favicon_svg:

        @app.get("/favicon.ico")
        async def favicon() -> Response:
            return Response(replica.favicon_svg, media_type="image/svg+xml")

    router = APIRouter()
    replica.register(router)
    app.include_router(router)
    return app
