"""Gocalendar's seed: Jordan Lee's calendar from late June to mid August 2024, and a short task list.

The site's clock is frozen at Tuesday, July 16, 2024, 9:00 AM in America/Los_Angeles (PDT, UTC-7); every
timestamp is stored as ISO UTC with milliseconds ("2024-07-17T17:00:00.000Z" is Wed Jul 17, 10:00 AM PDT).
All-day events store local midnight of their first and of their last day (an inclusive end date).

What REAL's v2 scripts need (the current week is Sun Jul 14 - Sat Jul 20):
    gocalendar-23  "Project Sync" every Monday and Wednesday 10:00-10:30 AM (17:00Z: still Wednesday in UTC)
    gocalendar-16  "Reading Time" Mon, Wed and Thu nights 9:30-10:30 PM (one Wednesday one per week)
    gocalendar-10  "Dinner with Friends" Wed Jul 17, 7:00 PM (the only title with "dinner" and "friend";
                   a "Family Dinner" every Sunday is its distractor)
    gocalendar-18  "Coffee with Emma" Thu Jul 18, whose description says Emma is my sister; "Coffee with Alex"
                   (a mentor) on Tue Jul 16 is the other coffee
    the others create events or tasks; no seed title has "gym"+"clothes", "math"+"camp", "sister"+"pick",
    or "email"+"ashley".

Run `python -m halo_lib.sites.gocalendar.seed` to print the seed by week.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("America/Los_Angeles")
NOW = datetime(2024, 7, 16, 9, 0, tzinfo=TZ)  # the frozen clock: Tuesday, July 16, 2024, 9:00 AM PDT
TODAY = NOW.date()
ME_NAME = "Jordan Lee"
ME = "jordan.lee@example.com"
FIRST_DAY, LAST_DAY = date(2024, 6, 30), date(2024, 8, 17)  # the weeks the recurring seed covers


def to_iso(moment: datetime) -> str:
    """A local (or aware) datetime as the site stores it: ISO UTC with milliseconds and 'Z'."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def from_iso(text: str) -> datetime:
    """A stored timestamp as an aware local datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(TZ)


def local(day: date, hh: int = 0, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)


def meeting_id(key: str) -> str:
    """A Go Meet code like 'abc-defg-hij', fixed per event id."""
    digest = hashlib.sha256(f"gocalendar:{key}".encode()).digest()
    letters = "".join("abcdefghijkmnopqrstuvwxyz"[b % 25] for b in digest[:10])
    return f"{letters[:3]}-{letters[3:7]}-{letters[7:10]}"


def event(
    eid: str,
    title: str,
    start: datetime,
    end: datetime,
    *,
    all_day: bool = False,
    location: str = "",
    description: str = "",
    calendar: str = "Personal",
    recurrence: str = "none",
    meet: bool = False,
) -> dict[str, Any]:
    return {
        "id": eid,
        "title": title,
        "start": to_iso(start),
        "end": to_iso(end),
        "allDay": all_day,
        "location": location,
        "description": description,
        "calendar": calendar,
        "recurrence": recurrence,
        "meetingId": meeting_id(eid) if meet else "",
        "organizer": ME,
    }


def task(tid: str, title: str, due: datetime, *, all_day: bool = True, description: str = "", completed: bool = False) -> dict[str, Any]:
    return {
        "id": tid,
        "title": title,
        "start": to_iso(due),
        "allDay": all_day,
        "description": description,
        "completed": completed,
        "list": "My Tasks",
    }


# ---- weekly routine (weekday: Monday=0 ... Sunday=6) -------------------------------------------------------
# (weekday, title, (h, m) start, (h, m) end, location, description, calendar, has a Meet link)
WEEKLY: list[tuple[int, str, tuple[int, int], tuple[int, int], str, str, str, bool]] = [
    (
        0,
        "Project Sync",
        (10, 0),
        (10, 30),
        "Conference Room A",
        "Weekly sync with the platform team: status, blockers and next steps.",
        "Work",
        True,
    ),
    (
        2,
        "Project Sync",
        (10, 0),
        (10, 30),
        "Conference Room A",
        "Weekly sync with the platform team: status, blockers and next steps.",
        "Work",
        True,
    ),
    (1, "1:1 with Maya", (14, 0), (14, 30), "", "Career check-in with my manager, Maya Robinson.", "Work", True),
    (4, "Weekly Review", (16, 0), (16, 45), "", "Close the week: inbox zero, plan next week.", "Work", False),
    (5, "Yoga Class", (9, 0), (10, 0), "CorePower Yoga, Valencia St", "", "Personal", False),
    (6, "Family Dinner", (18, 0), (20, 0), "Mom and Dad's place", "Sunday dinner with the family.", "Family", False),
    (0, "Reading Time", (21, 30), (22, 30), "", "Read before bed: currently 'The Overstory'.", "Personal", False),
    (2, "Reading Time", (21, 30), (22, 30), "", "Read before bed: currently 'The Overstory'.", "Personal", False),
    (3, "Reading Time", (21, 30), (22, 30), "", "Read before bed: currently 'The Overstory'.", "Personal", False),
]

# One-off events: (date, title, start, end, location, description, calendar, Meet) ; start None = all day
ONE_OFF: list[tuple[date, str, tuple[int, int] | None, tuple[int, int] | date | None, str, str, str, bool]] = [
    (date(2024, 7, 1), "Q3 Kickoff", (13, 0), (15, 0), "Main Auditorium", "Quarter kickoff with the whole org.", "Work", True),
    (date(2024, 7, 2), "Dentist Cleaning", (8, 0), (9, 0), "Bright Smile Dental, 450 Sutter St", "", "Personal", False),
    (date(2024, 7, 3), "Team Lunch", (12, 0), (13, 0), "Tartine Manufactory", "Celebrating the Q2 launch.", "Work", False),
    (date(2024, 7, 4), "Independence Day", None, None, "", "Office closed.", "Holidays", False),
    (date(2024, 7, 4), "Fireworks with Neighbors", (20, 30), (22, 30), "Dolores Park", "Bring a blanket.", "Personal", False),
    (
        date(2024, 7, 9),
        "Design Review: Onboarding",
        (11, 0),
        (12, 0),
        "Conference Room B",
        "Review the new onboarding mocks with Sarah and Laura.",
        "Work",
        True,
    ),
    (date(2024, 7, 10), "Car Service", (8, 30), (9, 30), "Mission Auto Care", "60k mile service.", "Personal", False),
    (
        date(2024, 7, 11),
        "Book Club",
        (19, 0),
        (21, 0),
        "Green Apple Books",
        "Discussing 'Tomorrow, and Tomorrow, and Tomorrow'.",
        "Personal",
        False,
    ),
    (date(2024, 7, 12), "Happy Hour with the Team", (17, 30), (19, 0), "The Interval", "", "Work", False),
    (
        date(2024, 7, 16),
        "Coffee with Alex",
        (8, 0),
        (8, 45),
        "Blue Bottle Coffee, Mint Plaza",
        "Monthly mentoring chat with Alex Kim.",
        "Personal",
        False,
    ),
    (date(2024, 7, 16), "Budget Planning", (15, 30), (16, 30), "Conference Room C", "Draft the Q4 budget with finance.", "Work", True),
    (
        date(2024, 7, 17),
        "Dinner with Friends",
        (19, 0),
        (21, 0),
        "Nopa, 560 Divisadero St",
        "Catching up with Sam, Priya and Leo.",
        "Personal",
        False,
    ),
    (
        date(2024, 7, 18),
        "Coffee with Emma",
        (9, 0),
        (10, 0),
        "Philz Coffee, 24th St",
        "Emma (my sister) is in town this week; catch up before she flies home.",
        "Family",
        False,
    ),
    (date(2024, 7, 18), "Customer Call: Northwind", (13, 0), (13, 45), "", "Renewal discussion.", "Work", True),
    (date(2024, 7, 19), "Haircut", (12, 15), (13, 0), "Sf Barber Co.", "", "Personal", False),
    (date(2024, 7, 20), "Farmers Market", (10, 30), (12, 0), "Ferry Building", "", "Personal", False),
    (date(2024, 7, 23), "Sprint Planning", (10, 0), (11, 30), "Conference Room A", "Plan sprint 31.", "Work", True),
    (date(2024, 7, 24), "Lunch with Priya", (12, 30), (13, 30), "Souvla, Hayes Valley", "", "Personal", False),
    (date(2024, 7, 25), "Team Offsite", None, date(2024, 7, 26), "Lake Tahoe", "Strategy day and team activities.", "Work", False),
    (date(2024, 7, 27), "Leo's Birthday Party", (18, 0), (22, 0), "Leo's apartment, 1200 Fell St", "Bring a gift!", "Personal", False),
    (date(2024, 7, 30), "Quarterly Business Review", (9, 0), (11, 0), "Main Auditorium", "", "Work", True),
    (date(2024, 7, 31), "Piano Lesson", (18, 0), (19, 0), "Ms. Alvarez's studio", "", "Personal", False),
    (date(2024, 8, 2), "Flight to Denver", (7, 15), (10, 45), "SFO Terminal 2", "United UA 1452, seat 14C.", "Personal", False),
    (date(2024, 8, 5), "Annual Physical", (8, 0), (9, 0), "One Medical, Market St", "", "Personal", False),
    (date(2024, 8, 8), "Hackathon", None, date(2024, 8, 9), "Office", "Two-day internal hackathon.", "Work", False),
]

TASKS: list[tuple[str, date, tuple[int, int] | None, str]] = [
    ("Submit expense report", date(2024, 7, 17), None, "Receipts from the Q2 launch dinner."),
    ("Renew passport", date(2024, 7, 19), None, "Form DS-82 and a new photo."),
    ("Call the plumber about the kitchen sink", date(2024, 7, 22), (17, 0), ""),
    ("Pay rent", date(2024, 8, 1), None, ""),
    ("Order birthday gift for Leo", date(2024, 7, 24), None, "He mentioned a pour-over kettle."),
]


def _build_events() -> dict[str, dict[str, Any]]:
    rows: list[tuple[datetime, dict[str, Any]]] = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        for weekday, title, (sh, sm), (eh, em), where, what, cal, meet in WEEKLY:
            if day.weekday() == weekday:
                rows.append(
                    (
                        local(day, sh, sm),
                        {
                            "title": title,
                            "start": local(day, sh, sm),
                            "end": local(day, eh, em),
                            "location": where,
                            "description": what,
                            "calendar": cal,
                            "meet": meet,
                        },
                    )
                )
        day += timedelta(days=1)
    for day, title, start, end, where, what, cal, meet in ONE_OFF:
        if start is None:
            last = end if isinstance(end, date) else day
            rows.append(
                (
                    local(day),
                    {
                        "title": title,
                        "start": local(day),
                        "end": local(last),
                        "all_day": True,
                        "location": where,
                        "description": what,
                        "calendar": cal,
                        "meet": meet,
                    },
                )
            )
        else:
            rows.append(
                (
                    local(day, *start),
                    {
                        "title": title,
                        "start": local(day, *start),
                        "end": local(day, *end),
                        "location": where,
                        "description": what,
                        "calendar": cal,
                        "meet": meet,
                    },
                )
            )
    rows.sort(key=lambda row: (row[0], row[1]["title"]))
    events = {}
    for number, (_, fields) in enumerate(rows, start=1):
        eid = f"evt-{number:03d}"
        events[eid] = event(eid, **fields)
    return events


def _build_tasks() -> dict[str, dict[str, Any]]:
    tasks = {}
    for number, (title, day, at, what) in enumerate(TASKS, start=1):
        tid = f"task-{number:02d}"
        due = local(day, *at) if at else local(day)
        tasks[tid] = task(tid, title, due, all_day=at is None, description=what)
    return tasks


EVENTS = _build_events()
MY_TASKS = _build_tasks()


def seed_state() -> dict[str, Any]:
    """A fresh copy of the whole site state."""
    return {"calendar": {"events": copy.deepcopy(EVENTS), "myTasks": copy.deepcopy(MY_TASKS)}}


if __name__ == "__main__":
    for e in EVENTS.values():
        s = from_iso(e["start"])
        print(e["id"], s.strftime("%a %b %d %I:%M %p"), "(all day)" if e["allDay"] else "", e["title"])
    for t in MY_TASKS.values():
        print(t["id"], from_iso(t["start"]).strftime("%a %b %d"), t["title"])
