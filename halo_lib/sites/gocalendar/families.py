"""Gocalendar's task families (see halo_lib/generated/family.py): generated tasks over the seed calendar.

    create_event          schedule   a new event on a day, start to end, at a location
    create_task           schedule   a new task due on a day (at a time or all day)
    delete_event          cancel     delete one event occurrence (title + day)
    reschedule_event      modify     move one event to another day and start time, keeping its length
    edit_event_details    edit       rename an event or set its location or description

Checkers are strict over `differences.events` (added / updated / deleted, whole events) and agisdk's
`initialfinaldiff` for the task list: the asked change and nothing else. Experts read the page: the event chips
(links named "<title>, <Weekday, Month day>, <start> to <end>"), the details popover, the form's current values;
they reach a day with the "Go to date" box.

    from halo_lib.sites.gocalendar.families import FAMILIES
    halo gen tasks --name gc --sites gocalendar --per-family 20 && halo eval --mode expert --tasks gen:gc
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Select, Target, View
from halo_lib.sites.gocalendar import agenda as ag
from halo_lib.sites.gocalendar.seed import EVENTS, from_iso, local, to_iso

FIRST, LAST = date(2024, 7, 17), date(2024, 8, 16)  # the days tasks use: tomorrow to a month out (the seed covers them)
DAYS = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
NEW_EVENTS = [
    ("Guitar Lesson", "Riffs Music School"),
    ("Vet Appointment", "Mission Pet Hospital"),
    ("Tennis with Sam", "Golden Gate Park Courts"),
    ("Parent-Teacher Meeting", "Lincoln Elementary"),
    ("Apartment Viewing", "455 Oak St"),
    ("Volunteer Shift", "SF Food Bank"),
    ("Pottery Class", "Clay Studio, 3rd St"),
    ("Eye Exam", "Pacific Vision Care"),
    ("Run Club", "Marina Green"),
    ("Board Game Night", "Game Parlour"),
    ("Museum Visit", "SFMOMA"),
    ("Bike Pickup", "Valencia Cyclery"),
    ("Brunch with Nina", "Zazie, Cole St"),
    ("Mortgage Consultation", "First Bay Credit Union"),
    ("Photography Workshop", "Presidio Visitor Center"),
]
NEW_TASKS = [
    "Renew car registration",
    "Buy a birthday card for Mom",
    "Book flights for Thanksgiving",
    "Return library books",
    "Water the balcony plants",
    "Send the signed lease",
    "Cancel the gym trial",
    "Pick up dry cleaning",
    "Back up the laptop",
    "Call Grandma",
    "Order printer ink",
    "Pay the electricity bill",
]
NEW_TITLES = ["Catch-up", "Planning Session", "Quiet Focus Time", "Walk and Talk", "Weekly Check-in", "Strategy Chat"]
NEW_LOCATIONS = ["Conference Room D", "Zoom", "Cafe Reveille", "Library, 2nd floor", "Dolores Park", "Home office"]
NEW_DESCRIPTIONS = [
    "Bring the printed agenda.",
    "Moved online this time.",
    "Prepare three questions beforehand.",
    "Remember to bring a water bottle.",
    "Share the notes afterwards.",
]
DURATIONS = [30, 45, 60, 90, 120]
STARTS = [(h, m) for h in range(7, 21) for m in (0, 30)]  # 7:00 AM .. 8:30 PM


# ---- phrasing ---------------------------------------------------------------------------------------------
def day_text(day: date, style: int = 0) -> str:
    """'Wednesday, July 24' / 'July 24' / 'Wed, Jul 24'."""
    return (ag.long_day(day), f"{day:%B} {day.day}", f"{day:%a}, {day:%b} {day.day}")[style % 3]


def typed_day(day: date) -> str:
    """How the expert types a date into a form ('July 24, 2024')."""
    return f"{day:%B} {day.day}, {day.year}"


def chip(title: str, start: datetime, end: datetime) -> str:
    """The accessible name of a timed event's chip on the grid."""
    return f"{title}, {ag.long_day(start.date())}, {ag.clock_of(start)} to {ag.clock_of(end)}"


def at(day: str, hm: str) -> datetime:
    hh, mm = (int(x) for x in hm.split(":"))
    return local(date.fromisoformat(day), hh, mm)


# ---- reading the finish state --------------------------------------------------------------------------------
def event_diff(state: dict[str, Any]) -> tuple[dict, dict, dict]:
    events = (state.get("differences") or {}).get("events") or {}
    return dict(events.get("added") or {}), dict(events.get("updated") or {}), dict(events.get("deleted") or {})


def added_tasks(state: dict[str, Any]) -> dict[str, dict]:
    return ((((state.get("initialfinaldiff") or {}).get("added") or {}).get("calendar") or {}).get("myTasks")) or {}


def other_changes(state: dict[str, Any], allowed: list[str]) -> list[str]:
    return [f"unexpected change at {p}" for p in unexpected(state, allowed) if p]


def only_events(state: dict[str, Any], added=(), updated=(), deleted=()) -> list[str]:
    """Problems unless the events added / updated / deleted are exactly these ids (and tasks did not change)."""
    a, u, d = event_diff(state)
    problems = []
    for kind, got, want in (("added", a, added), ("changed", u, updated), ("deleted", d, deleted)):
        extra = sorted(set(got) - set(want))
        if extra:
            problems.append(f"events {kind} that should not be: {[(k, got[k].get('title')) for k in extra]}")
    return problems + other_changes(state, ["calendar.events"])


# ---- reading the page ----------------------------------------------------------------------------------------
def shows_day(view: View, day: date) -> bool:
    """The week or day view on screen includes `day` (its column header)."""
    return any(view.find("link", ag.long_day(day) + suffix) is not None for suffix in ("", ", today"))


def go_to_day(view: View, day: date) -> Intent:
    """Reach the week of `day`: from the month view switch to Week, else type the date in "Go to date"."""
    if urlparse(view.url).path.startswith("/month"):
        return Click(Target("link", "Week"))
    box = view.find("textbox", "Go to date")
    if box is not None and ag.parse_day(box.value or "") == day:
        return Click(Target("button", "Go"))
    return Fill(Target("textbox", "Go to date"), typed_day(day))


def popup_for(view: View, title: str, when: str):
    """The details popover, if it is open on this event (its heading and time line)."""
    dialog = view.find("dialog")
    if dialog is None or view.find("heading", title, within=dialog) is None or view.find(contains=when, within=dialog) is None:
        return None
    return dialog


def fill_event_form(view: View, title: str, start: datetime, end: datetime, location: str | None) -> Intent | None:
    """The next fix on the open event form to reach these values; None when it holds them all."""
    fields = (
        ("textbox", "Title", title, lambda v: (v or "").strip() == title),
        ("textbox", "Start date", typed_day(start.date()), lambda v: ag.parse_day(v or "") == start.date()),
        ("textbox", "End date", typed_day(end.date()), lambda v: ag.parse_day(v or "") == end.date()),
    )
    for role, name, text, ok in fields:
        node = view.find(role, name)
        if node is not None and not ok(node.value):
            return Fill(node, text)
    all_day = view.find("checkbox", "All day")
    if all_day is not None and all_day.checked:
        return Click(all_day)
    for name, moment in (("Start time", start), ("End time", end)):
        node = view.find("combobox", name)
        if node is not None and (node.value or "") != ag.clock_of(moment):
            return Select(node, ag.clock_of(moment))
    if location is not None:
        node = view.find("textbox", "Location")
        if node is not None and (node.value or "").strip() != location:
            return Fill(node, location)
    return None


def event_occurrences() -> list[dict]:
    """Seed events a task may name: timed, one day long, on the task days, one per title and day."""
    seen, out = set(), []
    for ev in EVENTS.values():
        start, end = from_iso(ev["start"]), from_iso(ev["end"])
        if ev["allDay"] or start.date() != end.date() or not FIRST <= start.date() <= LAST:
            continue
        if (ev["title"], start.date()) in seen:
            continue
        seen.add((ev["title"], start.date()))
        out.append(ev)
    return out


OCCURRENCES = event_occurrences()
# REAL's own cancel tasks (gocalendar-10, -16, -18, -23): Wednesday Jul 17's dinner, reading time and project sync,
# and Thursday's coffee with Emma
REAL_CANCELLED = {
    ev["id"]
    for ev in EVENTS.values()
    if (ev["title"], from_iso(ev["start"]).date())
    in {
        ("Dinner with Friends", date(2024, 7, 17)),
        ("Reading Time", date(2024, 7, 17)),
        ("Project Sync", date(2024, 7, 17)),
        ("Coffee with Emma", date(2024, 7, 18)),
    }
}


def event_params(ev: dict) -> Params:
    start, end = from_iso(ev["start"]), from_iso(ev["end"])
    return {
        "event_id": ev["id"],
        "title": ev["title"],
        "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def open_event(view: View, title: str, start: datetime, end: datetime) -> Intent | None:
    """Get the event's details popover open; None when it is."""
    if popup_for(view, title, ag.when_text({"start": to_iso(start), "end": to_iso(end), "allDay": False})) is not None:
        return None
    link = view.find("link", chip(title, start, end))
    if link is not None:
        return Click(link)
    if view.find("textbox", "Title") is not None and view.find("button", "Save") is not None:  # a form: leave it
        return Click(Target("link", "Close without saving"))
    return go_to_day(view, start.date())


class CreateEvent(Family):
    """A new one-off event on a given day, from a start to an end time, at a location."""

    site, name, kind = "gocalendar", "create_event", "schedule"
    templates = (
        "Add {title} to my calendar on {day} from {start} to {end} at {location}.",
        "Schedule {title} for {day}, {start}-{end}, location: {location}.",
        "Put an event called {title} on {day} at {location}; it runs {start} to {end}.",
        "I have {title} at {location} on {day} between {start} and {end}. Please add it.",
    )

    def sample(self, rng: random.Random) -> Params:
        title, location = rng.choice(NEW_EVENTS)
        day = rng.choice(DAYS)
        hh, mm = rng.choice(STARTS)
        start = local(day, hh, mm)
        end = start + timedelta(minutes=rng.choice(DURATIONS))
        return {
            "title": title,
            "location": location,
            "day": day.isoformat(),
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
            "style": rng.randrange(3),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        start, end = at(params["day"], params["start"]), at(params["day"], params["end"])
        return {**params, "day": day_text(start.date(), params["style"]), "start": ag.clock_of(start), "end": ag.clock_of(end)}

    def identity(self, params: Params) -> tuple:
        return (params["title"], params["day"], params["start"])

    def check(self, params: Params, state: dict) -> list[str]:
        added, _, _ = event_diff(state)
        problems = only_events(state, added=list(added)[:1])
        if len(added) != 1:
            return [f"expected exactly one new event, found {len(added)}"] + problems
        ev = next(iter(added.values()))
        want = {
            "title": params["title"],
            "start": to_iso(at(params["day"], params["start"])),
            "end": to_iso(at(params["day"], params["end"])),
            "allDay": False,
            "location": params["location"],
            "recurrence": "none",
        }
        problems += [f"the new event's {k} is {ev.get(k)!r}, not {v!r}" for k, v in want.items() if ev.get(k) != v]
        return problems

    def next_step(self, view: View, params: Params, history) -> Intent:
        start, end = at(params["day"], params["start"]), at(params["day"], params["end"])
        if view.find("link", chip(params["title"], start, end)) is not None:
            return Answer(f"I added {params['title']} on {ag.long_day(start.date())}, {ag.clock_of(start)} to {ag.clock_of(end)}.")
        if view.find("combobox", "Time") is not None:  # the task form: switch to Event
            return Click(Target("link", "Event"))
        if view.find("combobox", "Start time") is None:
            return Click(Target("link", "+ Create"))
        fix = fill_event_form(view, params["title"], start, end, params["location"])
        if fix is not None:
            return fix
        repeat = view.find("combobox", "Repeat")
        if repeat is not None and (repeat.value or "") != "Does not repeat":
            return Select(repeat, "Does not repeat")
        return Click(Target("button", "Save"))


class CreateTask(Family):
    """A new task in My Tasks, due on a day (at a time, or all day)."""

    site, name, kind = "gocalendar", "create_task", "schedule"
    templates = (
        "Add a task to {title} on {day}{at}.",
        "Create a to-do: {title}, due {day}{at}.",
        "Remind me with a task for {day}{at}: {title}.",
        "New task for my list: {title} ({day}{at}).",
    )

    def sample(self, rng: random.Random) -> Params:
        hh, mm = rng.choice(STARTS)
        timed = rng.random() < 0.6
        return {
            "title": rng.choice(NEW_TASKS),
            "day": rng.choice(DAYS).isoformat(),
            "time": f"{hh:02d}:{mm:02d}" if timed else "",
            "style": rng.randrange(3),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        day = date.fromisoformat(params["day"])
        when = f" at {ag.clock_of(at(params['day'], params['time']))}" if params["time"] else ""
        return {"title": params["title"][0].lower() + params["title"][1:], "day": day_text(day, params["style"]), "at": when}

    def identity(self, params: Params) -> tuple:
        return (params["title"], params["day"])

    def real_params(self) -> list[Params]:
        return [{"title": "Send an email to Ashley", "day": "2024-07-22", "time": "09:00", "style": s} for s in range(3)]  # gocalendar-8

    def due(self, params: Params) -> datetime:
        return at(params["day"], params["time"]) if params["time"] else local(date.fromisoformat(params["day"]))

    def check(self, params: Params, state: dict) -> list[str]:
        tasks = added_tasks(state)
        problems = other_changes(state, [f"calendar.myTasks.{k}" for k in tasks])
        if len(tasks) != 1:
            return [f"expected exactly one new task, found {len(tasks)}"] + problems
        task = next(iter(tasks.values()))
        want = {"title": params["title"].lower(), "start": to_iso(self.due(params)), "allDay": not params["time"], "completed": False}
        got = {**task, "title": str(task.get("title", "")).strip().lower()}
        problems += [f"the new task's {k} is {got.get(k)!r}, not {v!r}" for k, v in want.items() if got.get(k) != v]
        return problems

    def next_step(self, view: View, params: Params, history) -> Intent:
        due = self.due(params)
        label = f"Task: {params['title']}, {ag.long_day(due.date())}" + (f", {ag.clock_of(due)}" if params["time"] else "")
        if view.find("link", label) is not None:
            return Answer(f"I added the task '{params['title']}' for {label.split(', ', 1)[1]}.")
        if view.find("combobox", "Start time") is not None:  # the event form: switch to Task
            return Click(Target("link", "Task"))
        if view.find("combobox", "Time") is None:
            return Click(Target("link", "+ Create"))
        title, day, clock = view.find("textbox", "Title"), view.find("textbox", "Date"), view.find("combobox", "Time")
        if (title.value or "").strip().lower() != params["title"].lower():
            return Fill(title, params["title"])
        if ag.parse_day(day.value or "") != due.date():
            return Fill(day, typed_day(due.date()))
        want = ag.clock_of(due) if params["time"] else "No time (all day)"
        if (clock.value or "") != want:
            return Select(clock, want)
        return Click(Target("button", "Save"))


class DeleteEvent(Family):
    """Delete one event on one day (that occurrence only)."""

    site, name, kind = "gocalendar", "delete_event", "cancel"
    templates = (
        "Delete {title} on {day} from my calendar.",
        "Cancel my {start} {title} on {day}.",
        "{title} on {day} is off; remove it.",
        "Take {title} ({day}, {start}) off the calendar.",
    )

    def sample(self, rng: random.Random) -> Params:
        ev = rng.choice([e for e in OCCURRENCES if e["id"] not in REAL_CANCELLED])
        return {**event_params(ev), "style": rng.randrange(3)}

    def fields(self, params: Params) -> dict[str, Any]:
        start = at(params["day"], params["start"])
        return {"title": params["title"], "day": day_text(start.date(), params["style"]), "start": ag.clock_of(start)}

    def identity(self, params: Params) -> tuple:
        return (params["event_id"],)

    def real_params(self) -> list[Params]:
        return [event_params(EVENTS[eid]) for eid in sorted(REAL_CANCELLED)]

    def check(self, params: Params, state: dict) -> list[str]:
        _, _, deleted = event_diff(state)
        problems = [] if params["event_id"] in deleted else [f"{params['title']} on {params['day']} was not deleted"]
        return problems + only_events(state, deleted=[params["event_id"]])

    def next_step(self, view: View, params: Params, history) -> Intent:
        start, end = at(params["day"], params["start"]), at(params["day"], params["end"])
        if shows_day(view, start.date()) and view.find("link", chip(params["title"], start, end)) is None:
            return Answer(f"I deleted {params['title']} on {ag.long_day(start.date())}.")
        step = open_event(view, params["title"], start, end)
        return step if step is not None else Click(Target("button", "Delete event"))


class RescheduleEvent(Family):
    """Move one event occurrence to another day and start time, keeping its length."""

    site, name, kind = "gocalendar", "reschedule_event", "modify"
    templates = (
        "Move {title} on {day} to {new_day} at {new_start}.",
        "Reschedule my {title} from {day} to {new_day}, starting at {new_start}.",
        "{title} on {day} needs to shift to {new_day} at {new_start}; keep the same length.",
    )

    def sample(self, rng: random.Random) -> Params:
        ev = rng.choice(OCCURRENCES)
        params = event_params(ev)
        length = at(params["day"], params["end"]) - at(params["day"], params["start"])
        while True:
            new_day = rng.choice(DAYS)
            hh, mm = rng.choice(STARTS)
            new_start = local(new_day, hh, mm)
            if new_start != at(params["day"], params["start"]) and (new_start + length).date() == new_day:
                break
        return {
            **params,
            "new_day": new_day.isoformat(),
            "new_start": new_start.strftime("%H:%M"),
            "new_end": (new_start + length).strftime("%H:%M"),
            "style": rng.randrange(3),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        start, new = at(params["day"], params["start"]), at(params["new_day"], params["new_start"])
        return {
            "title": params["title"],
            "day": day_text(start.date(), params["style"]),
            "new_day": day_text(new.date(), params["style"] + 1),
            "new_start": ag.clock_of(new),
        }

    def identity(self, params: Params) -> tuple:
        return (params["event_id"], params["new_day"], params["new_start"])

    def check(self, params: Params, state: dict) -> list[str]:
        _, updated, _ = event_diff(state)
        problems = only_events(state, updated=[params["event_id"]])
        ev = updated.get(params["event_id"])
        if ev is None:
            return [f"{params['title']} on {params['day']} was not changed"] + problems
        before = EVENTS[params["event_id"]]
        want = {
            **before,
            "start": to_iso(at(params["new_day"], params["new_start"])),
            "end": to_iso(at(params["new_day"], params["new_end"])),
        }
        return problems + [f"the event's {k} is {ev.get(k)!r}, not {v!r}" for k, v in want.items() if ev.get(k) != v]

    def next_step(self, view: View, params: Params, history) -> Intent:
        start, end = at(params["day"], params["start"]), at(params["day"], params["end"])
        new_start, new_end = at(params["new_day"], params["new_start"]), at(params["new_day"], params["new_end"])
        if view.find("link", chip(params["title"], new_start, new_end)) is not None:
            return Answer(
                f"I moved {params['title']} to {ag.long_day(new_start.date())}, {ag.clock_of(new_start)} to {ag.clock_of(new_end)}."
            )
        if view.find("heading", "Edit event") is not None:
            fix = fill_event_form(view, params["title"], new_start, new_end, None)
            return fix if fix is not None else Click(Target("button", "Save"))
        step = open_event(view, params["title"], start, end)
        return step if step is not None else Click(Target("link", "Edit event"))


class EditEventDetails(Family):
    """Rename one event occurrence, or set its location or its description."""

    site, name, kind = "gocalendar", "edit_event_details", "edit"
    templates = (
        'Change the {what} of {title} on {day} to "{value}".',
        'For {title} on {day}, set the {what} to "{value}"',
        'Update {title} ({day}): its {what} should read "{value}".',
    )

    def sample(self, rng: random.Random) -> Params:
        ev = rng.choice(OCCURRENCES)
        field = rng.choice(["title", "location", "description"])
        pool = {"title": NEW_TITLES, "location": NEW_LOCATIONS, "description": NEW_DESCRIPTIONS}[field]
        value = rng.choice([v for v in pool if v != ev[field]])
        return {**event_params(ev), "field": field, "value": value, "style": rng.randrange(3)}

    def fields(self, params: Params) -> dict[str, Any]:
        what = {"title": "title", "location": "location", "description": "description"}[params["field"]]
        return {
            "title": params["title"],
            "day": day_text(date.fromisoformat(params["day"]), params["style"]),
            "what": what,
            "value": params["value"],
        }

    def identity(self, params: Params) -> tuple:
        return (params["event_id"], params["field"], params["value"])

    def check(self, params: Params, state: dict) -> list[str]:
        _, updated, _ = event_diff(state)
        problems = only_events(state, updated=[params["event_id"]])
        ev = updated.get(params["event_id"])
        if ev is None:
            return [f"{params['title']} on {params['day']} was not changed"] + problems
        want = {**EVENTS[params["event_id"]], params["field"]: params["value"]}
        return problems + [f"the event's {k} is {ev.get(k)!r}, not {v!r}" for k, v in want.items() if ev.get(k) != v]

    def next_step(self, view: View, params: Params, history) -> Intent:
        start, end = at(params["day"], params["start"]), at(params["day"], params["end"])
        field, value = params["field"], params["value"]
        if field == "title" and view.find("link", chip(value, start, end)) is not None:
            return Answer(f"I renamed {params['title']} on {ag.long_day(start.date())} to {value}.")
        if view.find("heading", "Edit event") is not None:
            box = view.find("textbox", field.capitalize())
            if box is not None and (box.value or "").strip() != value:
                return Fill(box, value)
            return Click(Target("button", "Save"))
        step = open_event(view, params["title"], start, end)
        if step is not None:
            return step
        shown = {"location": f"Location: {value}", "description": f"Description: {value}"}.get(field)
        if shown and view.find(contains=shown, within=view.find("dialog")) is not None:
            return Answer(f"The {field} of {params['title']} on {ag.long_day(start.date())} is now {value}.")
        return Click(Target("link", "Edit event"))


FAMILIES: list[Family] = [CreateEvent(), CreateTask(), DeleteEvent(), RescheduleEvent(), EditEventDetails()]
