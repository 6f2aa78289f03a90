"""Gocalendar's calendar logic: what each day shows (events, recurring occurrences, tasks), labels, and the
event form's parsing into the stored event shape (see seed.py for the shape and the time zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from halo_lib.sites.gocalendar.seed import TODAY, TZ, from_iso, local, to_iso

RECURRENCES = [
    ("none", "Does not repeat"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("weekdays", "Every weekday (Monday to Friday)"),
    ("monthly", "Monthly"),
]
RECURRENCE_LABELS = dict(RECURRENCES)
CALENDARS = ["Personal", "Work", "Family", "Holidays"]
HOUR_PX = 44


def time_options() -> list[tuple[str, str]]:
    """(value "HH:MM", label "7:45 PM") every 15 minutes."""
    out = []
    for minutes in range(0, 24 * 60, 15):
        hh, mm = divmod(minutes, 60)
        out.append((f"{hh:02d}:{mm:02d}", clock(hh, mm)))
    return out


def clock(hh: int, mm: int) -> str:
    return f"{(hh % 12) or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}"


def clock_of(moment: datetime) -> str:
    return clock(moment.hour, moment.minute)


def long_day(day: date) -> str:
    """'Wednesday, July 17'."""
    return f"{day:%A}, {day:%B} {day.day}"


def full_day(day: date) -> str:
    """'Wednesday, July 17, 2024'."""
    return f"{long_day(day)}, {day.year}"


DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A %B %d %Y",
    "%a %b %d %Y",
)
YEARLESS_FORMATS = ("%B %d", "%b %d", "%A, %B %d", "%a, %b %d", "%A %B %d", "%a %b %d", "%m/%d")


def parse_day(text: str) -> date | None:
    """A date as a person types it: "2024-09-20", "9/20/2024", "September 20, 2024", "Fri, Sep 20", "Sep 20th"."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", " ".join((text or "").replace(".", "").split()), flags=re.IGNORECASE)
    text = re.sub(r"\bsept\b", "Sep", text, flags=re.IGNORECASE)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    for fmt in YEARLESS_FORMATS:
        try:
            parsed = datetime.strptime(f"{text} {TODAY.year}", f"{fmt} %Y").date()
        except ValueError:
            continue
        return parsed
    return None


def show_day(day: date) -> str:
    """How the form shows a date: 'Tue, Jul 16, 2024'."""
    return f"{day:%a}, {day:%b} {day.day}, {day.year}"


def week_start(day: date) -> date:
    """The Sunday that starts `day`'s week."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


def month_grid(day: date) -> list[list[date]]:
    """The weeks (Sunday first) that show `day`'s month."""
    first = day.replace(day=1)
    start = week_start(first)
    weeks = []
    while True:
        weeks.append([start + timedelta(days=i) for i in range(7)])
        start += timedelta(days=7)
        if start.month != first.month:
            break
    return weeks


@dataclass
class Item:
    """One thing shown on one day: an event occurrence or a task."""

    kind: str  # "event" | "task"
    id: str
    title: str
    day: date
    all_day: bool
    start: datetime
    end: datetime
    data: dict[str, Any]

    @property
    def label(self) -> str:
        title = self.title or "(No title)"
        if self.kind == "task":
            when = "" if self.all_day else f", {clock_of(self.start)}"
            done = ", completed" if self.data.get("completed") else ""
            return f"Task: {title}, {long_day(self.day)}{when}{done}"
        if self.all_day:
            return f"{title}, {long_day(self.day)}, all day"
        return f"{title}, {long_day(self.day)}, {clock_of(self.start)} to {clock_of(self.end)}"

    @property
    def short_time(self) -> str:
        if self.all_day:
            return ""
        return clock_of(self.start).replace(":00 ", " ").replace(" AM", "am").replace(" PM", "pm")

    def top(self) -> int:
        return int((self.start.hour * 60 + self.start.minute) * HOUR_PX / 60)

    def height(self) -> int:
        end = self.end if self.end.date() == self.start.date() else local(self.start.date(), 23, 59)
        minutes = max(int((end - self.start).total_seconds() // 60), 20)
        return max(int(minutes * HOUR_PX / 60) - 2, 16)


def _occurs_on(ev: dict[str, Any], first: date, day: date) -> bool:
    rule = ev.get("recurrence") or "none"
    if day < first:
        return False
    if rule == "daily":
        return True
    if rule == "weekly":
        return day.weekday() == first.weekday()
    if rule == "weekdays":
        return day.weekday() < 5
    if rule == "monthly":
        return day.day == first.day
    return day == first


def items_between(state: dict[str, Any], first: date, last: date) -> dict[date, list[Item]]:
    """Every day from `first` to `last` (inclusive) with its items: all-day first, then by start time."""
    days: dict[date, list[Item]] = {}
    span = (last - first).days + 1
    for offset in range(span):
        days[first + timedelta(days=offset)] = []
    for ev in state["calendar"]["events"].values():
        start, end = from_iso(ev["start"]), from_iso(ev["end"])
        if ev["allDay"]:
            length = max((end.date() - start.date()).days, 0)
            for day, shown in days.items():
                for back in range(length + 1):
                    if _occurs_on(ev, start.date(), day - timedelta(days=back)):
                        shown.append(Item("event", ev["id"], ev["title"], day, True, local(day), local(day), ev))
                        break
        else:
            duration = end - start
            for day, shown in days.items():
                if _occurs_on(ev, start.date(), day):
                    begin = datetime.combine(day, start.timetz().replace(tzinfo=None), tzinfo=TZ)
                    shown.append(Item("event", ev["id"], ev["title"], day, False, begin, begin + duration, ev))
    for tk in state["calendar"]["myTasks"].values():
        due = from_iso(tk["start"])
        if due.date() in days:
            days[due.date()].append(Item("task", tk["id"], tk["title"], due.date(), tk["allDay"], due, due + timedelta(minutes=30), tk))
    for day, items in days.items():
        items.sort(key=lambda it: (not it.all_day, it.kind == "task" and it.all_day, it.start, it.title))
    return days


def lanes(items: list[Item]) -> list[tuple[Item, int, int]]:
    """Timed items with (lane, lanes in their overlap group), for side-by-side placement."""
    timed = [it for it in items if not it.all_day]
    out: list[tuple[Item, int, int]] = []
    group: list[tuple[Item, int]] = []
    group_end: datetime | None = None
    ends: list[datetime] = []

    def flush():
        width = max((lane for _, lane in group), default=-1) + 1
        out.extend((it, lane, width) for it, lane in group)

    for it in timed:
        if group_end is not None and it.start >= group_end:
            flush()
            group, ends, group_end = [], [], None
        for lane, lane_end in enumerate(ends):
            if lane_end <= it.start:
                ends[lane] = it.end
                break
        else:
            lane = len(ends)
            ends.append(it.end)
        group.append((it, lane))
        group_end = it.end if group_end is None else max(group_end, it.end)
    flush()
    return out


def when_text(ev: dict[str, Any]) -> str:
    """The popover's time line: 'Wednesday, July 17 · 10:00 – 10:30 AM' or 'Thursday, July 25 – Friday, July 26'."""
    start, end = from_iso(ev["start"]), from_iso(ev["end"])
    if ev["allDay"]:
        if end.date() > start.date():
            return f"{long_day(start.date())} – {long_day(end.date())}"
        return long_day(start.date())
    if end.date() != start.date():
        return f"{long_day(start.date())}, {clock_of(start)} – {long_day(end.date())}, {clock_of(end)}"
    return f"{long_day(start.date())} · {clock_of(start)} – {clock_of(end)}"


class FormError(ValueError):
    pass


def _parse_clock(text: str) -> tuple[int, int]:
    try:
        hh, mm = (int(part) for part in (text or "").strip().split(":")[:2])
    except ValueError:
        raise FormError("Please choose a time.") from None
    if not (0 <= hh < 24 and 0 <= mm < 60):
        raise FormError("Please choose a time.")
    return hh, mm


def event_fields(form: dict[str, str]) -> dict[str, Any]:
    """The stored fields of an event from the event form; FormError with the message the page shows."""
    start_day = parse_day(form.get("start_date", ""))
    end_day = parse_day(form.get("end_date", "")) or start_day
    if start_day is None:
        raise FormError("Please enter a valid start date.")
    all_day = form.get("all_day") in ("on", "true", "1")
    if all_day:
        if end_day < start_day:
            raise FormError("The end date can't be before the start date.")
        start, end = local(start_day), local(end_day)
    else:
        start = local(start_day, *_parse_clock(form.get("start_time", "")))
        end = local(end_day, *_parse_clock(form.get("end_time", "")))
        if end <= start:
            raise FormError("The end time must be after the start time.")
    recurrence = form.get("recurrence", "none")
    calendar = form.get("calendar", "Personal")
    return {
        "title": (form.get("title") or "").strip(),
        "start": to_iso(start),
        "end": to_iso(end),
        "allDay": all_day,
        "location": (form.get("location") or "").strip(),
        "description": (form.get("description") or "").strip(),
        "calendar": calendar if calendar in CALENDARS else "Personal",
        "recurrence": recurrence if recurrence in RECURRENCE_LABELS else "none",
    }


def task_fields(form: dict[str, str]) -> dict[str, Any]:
    day = parse_day(form.get("start_date", ""))
    if day is None:
        raise FormError("Please enter a valid date.")
    at = (form.get("start_time") or "").strip()
    due = local(day, *_parse_clock(at)) if at else local(day)
    return {
        "title": (form.get("title") or "").strip(),
        "start": to_iso(due),
        "allDay": not at,
        "description": (form.get("description") or "").strip(),
    }


def form_values(item: dict[str, Any] | None, *, day: date, at: str = "") -> dict[str, Any]:
    """What the event form shows: an existing event's values, or a new one's defaults on `day`."""
    if item is None:
        hh, mm = _parse_clock(at) if at else (9, 0)
        start = local(day, hh, mm)
        end = start + timedelta(hours=1)
        return {
            "title": "",
            "start_date": show_day(day),
            "start_time": f"{hh:02d}:{mm:02d}",
            "end_date": show_day(end.date()),
            "end_time": end.strftime("%H:%M"),
            "all_day": False,
            "location": "",
            "description": "",
            "calendar": "Personal",
            "recurrence": "none",
        }
    start, end = from_iso(item["start"]), from_iso(item.get("end") or item["start"])
    return {
        "title": item["title"],
        "start_date": show_day(start.date()),
        "start_time": "" if item["allDay"] and "end" not in item else start.strftime("%H:%M"),
        "end_date": show_day(end.date()),
        "end_time": end.strftime("%H:%M"),
        "all_day": item["allDay"],
        "location": item.get("location", ""),
        "description": item.get("description", ""),
        "calendar": item.get("calendar", "Personal"),
        "recurrence": item.get("recurrence", "none"),
    }


def next_id(prefix: str, *collections: dict[str, Any]) -> str:
    """`prefix-N` above every id ever used in `collections` (deleted ids are not reused)."""
    width = 3 if prefix == "evt" else 2
    numbers = [int(key.rsplit("-", 1)[1]) for coll in collections for key in coll if key.rsplit("-", 1)[-1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


def search(state: dict[str, Any], query: str) -> list[dict[str, Any]]:
    words = query.lower().split()
    hits = []
    for ev in state["calendar"]["events"].values():
        text = " ".join((ev["title"], ev["location"], ev["description"])).lower()
        if words and all(w in text for w in words):
            hits.append(ev)
    return sorted(hits, key=lambda ev: ev["start"])
