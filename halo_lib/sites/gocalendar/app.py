"""Gocalendar, a Google-Calendar-like site (REAL v2 site `gocalendar`): day, week and month views, event
create / edit / delete, tasks, search. The clock is frozen at Tue Jul 16, 2024, 9:00 AM America/Los_Angeles.

State (what /finish diffs; see seed.py):
    calendar.events    {"<id>": {id, title, start, end (ISO UTC "…T17:00:00.000Z"), allDay, location, description,
                        calendar, recurrence, meetingId, organizer}}
    calendar.myTasks   {"<id>": {id, title, start, allDay, description, completed, list}}
All-day events keep local midnight of their first and last day (inclusive end). A recurring event is one stored
event with `recurrence` ("daily", "weekly", "weekdays", "monthly"); the views repeat it.
/finish adds `differences.events` = {added, updated, deleted}: dicts keyed by event id holding whole events
(the final event for added and updated, the initial one for deleted), as REAL's gocalendar scripts read them.

Pages: / (this week), /week/<YYYY-MM-DD>, /day/<date>, /month/<date> (each with ?event=<id> or ?task=<id> for
the details popover), /search?q=, /goto?date=&view=, /event/new?date=&kind=event|task, /event/<id>/edit, /tasks.
Run it alone: `python -m halo_lib.sites.server --sites gocalendar --base-port 9140`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from halo_lib.sites.framework import Replica
from halo_lib.sites.gocalendar import agenda as ag
from halo_lib.sites.gocalendar.seed import (
    ME,
    ME_NAME,
    TODAY,
    from_iso,
    meeting_id,
    seed_state,
)

HERE = Path(__file__).resolve().parent
VIEWS = ("day", "week", "month")


def _safe_return(url: str, default: str = "/") -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else default


def view_url(view: str, day: date, **params: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"/{view}/{day.isoformat()}" + (f"?{query}" if query else "")


class Gocalendar(Replica):
    name = "gocalendar"
    title = "Gocalendar"
    templates_dir = HERE / "templates"

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return seed_state()

    def differences(self, initial: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
        before, after = initial["calendar"]["events"], final["calendar"]["events"]
        return {
            "events": {
                "added": {k: v for k, v in after.items() if k not in before},
                "updated": {k: v for k, v in after.items() if k in before and v != before[k]},
                "deleted": {k: v for k, v in before.items() if k not in after},
            }
        }

    # ---- rendering ----------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, *, view: str = "week", day: date = TODAY, **context: Any) -> HTMLResponse:
        here = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        return self.render(
            request,
            template,
            view=view,
            day=day,
            today=TODAY,
            me=ME,
            me_name=ME_NAME,
            ag=ag,
            view_url=view_url,
            here=here,
            full_day=ag.full_day,
            long_day=ag.long_day,
            hour_px=ag.HOUR_PX,
            **context,
        )

    def calendar_page(self, request: Request, view: str, day: date, event_id: str = "", task_id: str = "") -> HTMLResponse:
        state = self.session(request).state
        if view == "day":
            first = last = day
            prev, nxt = day - timedelta(days=1), day + timedelta(days=1)
            heading = ag.full_day(day)
        elif view == "month":
            weeks = ag.month_grid(day)
            first, last = weeks[0][0], weeks[-1][-1]
            prev = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
            nxt = (day.replace(day=28) + timedelta(days=7)).replace(day=1)
            heading = f"{day:%B} {day.year}"
        else:
            first = ag.week_start(day)
            last = first + timedelta(days=6)
            prev, nxt = day - timedelta(days=7), day + timedelta(days=7)
            heading = (
                f"{first:%B} {first.year}"
                if first.month == last.month
                else (
                    f"{first:%b} – {last:%b} {last.year}" if first.year == last.year else f"{first:%b} {first.year} – {last:%b} {last.year}"
                )
            )
        days = ag.items_between(state, first, last)
        base = view_url(view, day)
        popup = None
        if event_id and event_id in state["calendar"]["events"]:
            ev = state["calendar"]["events"][event_id]
            popup = {
                "kind": "event",
                "item": ev,
                "when": ag.when_text(ev),
                "repeat": ag.RECURRENCE_LABELS.get(ev.get("recurrence", "none"), ""),
            }
        elif task_id and task_id in state["calendar"]["myTasks"]:
            tk = state["calendar"]["myTasks"][task_id]
            due = from_iso(tk["start"])
            popup = {"kind": "task", "item": tk, "when": ag.long_day(due.date()) + ("" if tk["allDay"] else f" · {ag.clock_of(due)}")}
        return self.page(
            request,
            f"{view}.html",
            view=view,
            day=day,
            days=days,
            heading=heading,
            base=base,
            prev_url=view_url(view, prev),
            next_url=view_url(view, nxt),
            popup=popup,
            weeks=ag.month_grid(day) if view == "month" else None,
        )

    def form_page(
        self,
        request: Request,
        *,
        kind: str,
        values: dict[str, Any],
        item_id: str = "",
        error: str = "",
        back: str = "/",
        status_code: int = 200,
    ) -> HTMLResponse:
        response = self.page(
            request,
            "event_form.html",
            view="form",
            kind=kind,
            values=values,
            item_id=item_id,
            error=error,
            back=back,
            times=ag.time_options(),
            recurrences=ag.RECURRENCES,
            calendars=ag.CALENDARS,
            heading="Edit event" if item_id else ("New task" if kind == "task" else "New event"),
            day=ag.parse_day(values.get("start_date", "")) or TODAY,
        )
        response.status_code = status_code
        return response

    # ---- routes -------------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/assets/gocalendar.js")
        async def script():
            return Response(
                (HERE / "static" / "gocalendar.js").read_bytes(), media_type="text/javascript", headers={"Cache-Control": "max-age=3600"}
            )

        @router.get("/")
        async def home(request: Request, event: str = "", task: str = ""):
            return self.calendar_page(request, "week", TODAY, event, task)

        for view in VIEWS:
            router.add_api_route(f"/{view}/{{day}}", self._view_route(view), methods=["GET"])
            router.add_api_route(f"/{view}", self._view_route(view), methods=["GET"])

        @router.get("/goto")
        async def goto(request: Request, date: str = "", view: str = "week"):
            day = ag.parse_day(date)
            if day is None:
                self.flash(request, "Please enter a valid date.")
                return self.redirect("/")
            return self.redirect(view_url(view if view in VIEWS else "week", day))

        @router.get("/search")
        async def search(request: Request, q: str = ""):
            q = q.strip()
            hits = ag.search(self.session(request).state, q) if q else []
            results = [{"ev": ev, "day": from_iso(ev["start"]).date(), "when": ag.when_text(ev)} for ev in hits]
            return self.page(request, "search.html", view="search", query=q, results=results, heading="Search")

        @router.get("/tasks")
        async def tasks(request: Request):
            state = self.session(request).state
            items = sorted(state["calendar"]["myTasks"].values(), key=lambda t: (t["completed"], t["start"], t["title"]))
            rows = [
                {
                    "task": t,
                    "day": from_iso(t["start"]).date(),
                    "when": ag.long_day(from_iso(t["start"]).date()) + ("" if t["allDay"] else f", {ag.clock_of(from_iso(t['start']))}"),
                }
                for t in items
            ]
            return self.page(request, "tasks.html", view="tasks", rows=rows, heading="Tasks")

        @router.get("/event/new")
        async def new_event(request: Request, date: str = "", kind: str = "event", time: str = "", back: str = ""):
            day = ag.parse_day(date) or TODAY
            kind = "task" if kind == "task" else "event"
            try:
                values = ag.form_values(None, day=day, at=time)
            except ag.FormError:
                values = ag.form_values(None, day=day)
            if kind == "task":
                values["start_time"] = ""
            return self.form_page(request, kind=kind, values=values, back=_safe_return(back, view_url("week", day)))

        @router.post("/event/new")
        async def create(request: Request):
            form = {k: str(v) for k, v in (await request.form()).items()}
            return self._save(request, form, item_id="")

        @router.get("/event/{event_id}/edit")
        async def edit_event(request: Request, event_id: str, back: str = ""):
            state = self.session(request).state
            ev = state["calendar"]["events"].get(event_id)
            if ev is None:
                self.flash(request, "That event no longer exists.")
                return self.redirect("/")
            day = from_iso(ev["start"]).date()
            return self.form_page(
                request, kind="event", values=ag.form_values(ev, day=day), item_id=event_id, back=_safe_return(back, view_url("week", day))
            )

        @router.post("/event/{event_id}/edit")
        async def update_event(request: Request, event_id: str):
            form = {k: str(v) for k, v in (await request.form()).items()}
            return self._save(request, form, item_id=event_id)

        @router.post("/event/{event_id}/delete")
        async def delete_event(request: Request, event_id: str):
            form = await request.form()
            events = self.session(request).state["calendar"]["events"]
            back = _safe_return(str(form.get("return_to", "/")))
            if events.pop(event_id, None) is not None:
                self.flash(request, "Event deleted")
            return self.redirect(back)

        @router.post("/task/{task_id}/toggle")
        async def toggle_task(request: Request, task_id: str):
            form = await request.form()
            tk = self.session(request).state["calendar"]["myTasks"].get(task_id)
            if tk is not None:
                tk["completed"] = not tk["completed"]
                self.flash(request, "Task completed" if tk["completed"] else "Task marked uncompleted")
            return self.redirect(_safe_return(str(form.get("return_to", "/tasks"))))

        @router.post("/task/{task_id}/delete")
        async def delete_task(request: Request, task_id: str):
            form = await request.form()
            if self.session(request).state["calendar"]["myTasks"].pop(task_id, None) is not None:
                self.flash(request, "Task deleted")
            return self.redirect(_safe_return(str(form.get("return_to", "/tasks"))))

    def _view_route(self, view: str):
        async def show(request: Request, day: str = "", event: str = "", task: str = ""):
            return self.calendar_page(request, view, ag.parse_day(day) or TODAY, event, task)

        show.__name__ = f"view_{view}"
        return show

    def _save(self, request: Request, form: dict[str, str], *, item_id: str) -> Response:
        session = self.session(request)
        calendar = session.state["calendar"]
        kind = "task" if form.get("kind") == "task" else "event"
        back = _safe_return(form.get("back", "/"))
        try:
            fields = ag.task_fields(form) if kind == "task" else ag.event_fields(form)
        except ag.FormError as exc:
            values = {
                key: form.get(key, "")
                for key in (
                    "title",
                    "start_date",
                    "start_time",
                    "end_date",
                    "end_time",
                    "location",
                    "description",
                    "calendar",
                    "recurrence",
                )
            }
            values["all_day"] = form.get("all_day") in ("on", "true", "1")
            return self.form_page(request, kind=kind, values=values, item_id=item_id, error=str(exc), back=back, status_code=422)
        day = from_iso(fields["start"]).date()
        if kind == "task":
            tid = ag.next_id("task", session.initial["calendar"]["myTasks"], calendar["myTasks"])
            calendar["myTasks"][tid] = {"id": tid, **fields, "completed": False, "list": "My Tasks"}
            self.flash(request, "Task created")
        elif item_id and item_id in calendar["events"]:
            calendar["events"][item_id].update(fields)
            self.flash(request, "Event saved")
        else:
            eid = ag.next_id("evt", session.initial["calendar"]["events"], calendar["events"])
            calendar["events"][eid] = {"id": eid, **fields, "meetingId": meeting_id(eid), "organizer": ME}
            self.flash(request, "Event saved")
        return self.redirect(view_url("week", day))
