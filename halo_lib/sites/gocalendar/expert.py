"""Scripted solutions for Gocalendar's 10 v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

The calendar opens on this week (Sun Jul 14 - Sat Jul 20, 2024; today is Tuesday Jul 16). Each event on the
grid is a link named "<title>, <Weekday>, <Month> <day>, <start> to <end>"; clicking it opens the details
popover with "Edit event" and "Delete event". "+ Create" opens the event form (an "Event" / "Task" switch,
dates, 15-minute time lists, All day, Repeat, Location, Description). Elements are found by role and name.

gocalendar-11's eval script is empty in agisdk 0.3.5, so it can never pass: the expert still creates the
reminder its goal asks for.

    .venv/bin/halo eval --mode expert --tasks gocalendar --out /tmp/gocalendar_run --sites-port 9140
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k gocalendar -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, ExpertError, Fill, Select, Target, View

CREATE = Target("link", "+ Create")
DELETE = Target("button", "Delete event")
SAVE = Target("button", "Save")
TITLE = Target("textbox", "Title")


def event_link(view: View, title: str, weekday: str = ""):
    """The grid link of `title` (on `weekday`, e.g. "Wednesday"), as a person spots it on the week."""
    for node in view.find_all("link", contains=f"{title}, "):
        if node.name.lower().startswith(title.lower() + ",") and (not weekday or f", {weekday}," in node.name):
            return node
    return Target("link", contains=f"{title}, {weekday}")  # not on the page: the episode records the miss


def open_until(link, shows: Target):
    """Click `link` and check that it opened what shows `shows` (a click that timed out before acting on a busy
    machine has already been stepped again by the runner: runner/episode.py); an ExpertError if not."""
    view = yield Click(link)
    if view.find(shows.role, shows.name) is None:
        what = link.describe() if isinstance(link, Target) else str(link)
        raise ExpertError(f"clicking {what} did not open {shows.describe()}")
    return view


def delete_event(title: str, weekday: str, answer: str):
    def solution(view):
        yield from open_until(event_link(view, title, weekday), DELETE)
        yield Click(DELETE)
        yield Answer(answer)

    solution.__name__ = f"delete_{title.lower().replace(' ', '_')}"
    return solution


def new_event(
    title: str,
    start_date: str,
    *,
    start: str = "",
    end: str = "",
    end_date: str = "",
    all_day: bool = False,
    repeat: str = "",
    location: str = "",
    description: str = "",
):
    """Create -> fill the event form -> Save (times by their labels, e.g. "7:45 PM")."""
    yield from open_until(CREATE, TITLE)
    yield Fill(TITLE, title)
    yield Fill(Target("textbox", "Start date"), start_date)
    if all_day:
        yield Click(Target("checkbox", "All day"))
    else:
        yield Select(Target("combobox", "Start time"), start)
        yield Select(Target("combobox", "End time"), end)
    if end_date:
        yield Fill(Target("textbox", "End date"), end_date)
    if repeat:
        yield Select(Target("combobox", "Repeat"), repeat)
    if location:
        yield Fill(Target("textbox", "Location"), location)
    if description:
        yield Fill(Target("textbox", "Description"), description)
    return (yield Click(SAVE))


def new_task(title: str, day: str, at: str):
    yield from open_until(CREATE, TITLE)
    yield from open_until(Target("link", "Task"), Target("combobox", "Time"))
    yield Fill(TITLE, title)
    yield Fill(Target("textbox", "Date"), day)
    yield Select(Target("combobox", "Time"), at)
    return (yield Click(SAVE))


# ---- solutions --------------------------------------------------------------------------------------------
gocalendar_10 = delete_event("Dinner with Friends", "Wednesday", "I deleted Wednesday's Dinner with Friends (July 17, 7 PM).")
gocalendar_16 = delete_event("Reading Time", "Wednesday", "I deleted Wednesday's Reading Time (July 17, 9:30 PM).")
gocalendar_23 = delete_event("Project Sync", "Wednesday", "I deleted the Project Sync on Wednesday, July 17.")


def gocalendar_18(view):
    """Two coffees this week: open each and delete the one whose details say it is with my sister."""
    names = [n.name for n in view.find_all("link", contains="Coffee with")]
    for name in names:
        view = yield from open_until(Target("link", name), DELETE)
        if view.find(contains="sister") is not None:
            yield Click(DELETE)
            yield Answer("I removed the coffee with your sister Emma (Thursday, July 18, 9 AM).")
            return
        view = yield Click(Target("link", "Close"))
    yield Answer("I could not find coffee plans with your sister.")


def gocalendar_12(view):
    yield from new_event(
        "Buy gym clothes", "2024-07-22", start="9:00 AM", end="10:00 AM", description="Reminder: I need to buy gym clothes."
    )
    yield Answer("I added 'Buy gym clothes' on Monday, July 22, 9-10 AM.")


def gocalendar_13(view):
    yield from new_event("Math Camp", "2024-07-21", end_date="2024-07-27", all_day=True, location="Sunnyvale")
    yield Answer("I added Math Camp, all day July 21-27, in Sunnyvale.")


def gocalendar_4(view):
    yield from new_event(
        "Work out at the gym", "2024-09-20", start="7:45 PM", end="8:45 PM", repeat="Every weekday (Monday to Friday)", location="Gym"
    )
    yield Answer("I added a weekday gym workout, 7:45-8:45 PM, starting Friday, September 20.")


def gocalendar_6(view):
    yield from new_event("Pick up my sister", "2024-07-17", start="11:00 AM", end="11:30 AM")
    yield Answer("I added 'Pick up my sister' on Wednesday, July 17 at 11 AM.")


def gocalendar_8(view):
    yield from new_task("Send an email to Ashley", "2024-07-22", "9:00 AM")
    yield Answer("I added the task 'Send an email to Ashley' for Monday, July 22 at 9 AM.")


def gocalendar_11(view):
    """Impossible by its script (empty in agisdk 0.3.5); the expert still does what the goal says."""
    yield from new_event("Basketball game", "2024-07-16", start="7:00 PM", end="9:00 PM", location="San Francisco")
    yield Answer("I added 'Basketball game' tonight (Tuesday, July 16) at 7 PM in San Francisco.")


UNSOLVABLE = {
    "gocalendar-11": "eval_gocalendar_11.py is empty in agisdk 0.3.5: it prints nothing, so nothing can pass",
}

SOLUTIONS = {
    "gocalendar-4": gocalendar_4,
    "gocalendar-6": gocalendar_6,
    "gocalendar-8": gocalendar_8,
    "gocalendar-10": gocalendar_10,
    "gocalendar-11": gocalendar_11,
    "gocalendar-12": gocalendar_12,
    "gocalendar-13": gocalendar_13,
    "gocalendar-16": gocalendar_16,
    "gocalendar-18": gocalendar_18,
    "gocalendar-23": gocalendar_23,
}


# ---- plausible wrong episodes (each must earn 0) ---------------------------------------------------------------
project_sync_on_monday = delete_event("Project Sync", "Monday", "I deleted the Project Sync.")


def coffee_with_the_mentor(view):
    yield from open_until(event_link(view, "Coffee with Alex"), DELETE)
    yield Click(DELETE)
    yield Answer("I removed the coffee plans.")


def camp_with_exclusive_end(view):
    """Math camp entered like a hotel stay: ends on the 28th."""
    yield from new_event("Math Camp", "2024-07-21", end_date="2024-07-28", all_day=True, location="Sunnyvale")
    yield Answer("I added Math Camp from July 21 to 28 in Sunnyvale.")


def camp_without_all_day(view):
    yield from new_event("Math Camp", "2024-07-21", start="9:00 AM", end="5:00 PM", end_date="2024-07-27", location="Sunnyvale")
    yield Answer("I added Math Camp July 21-27 in Sunnyvale.")


def gym_from_monday(view):
    """Starts the workouts on Monday the 23rd instead of Friday the 20th."""
    yield from new_event(
        "Work out at the gym", "2024-09-23", start="7:45 PM", end="8:45 PM", repeat="Every weekday (Monday to Friday)", location="Gym"
    )
    yield Answer("I added the weekday gym workout.")


def gym_in_the_morning(view):
    yield from new_event(
        "Work out at the gym", "2024-09-20", start="7:45 AM", end="8:45 AM", repeat="Every weekday (Monday to Friday)", location="Gym"
    )
    yield Answer("I added the weekday gym workout.")


def sister_on_thursday(view):
    yield from new_event("Pick up my sister", "2024-07-18", start="11:00 AM", end="11:30 AM")
    yield Answer("I added the pickup.")


def sister_at_night(view):
    yield from new_event("Pick up my sister", "2024-07-17", start="11:00 PM", end="11:30 PM")
    yield Answer("I added the pickup.")


def ashley_in_the_afternoon(view):
    yield from new_task("Send an email to Ashley", "2024-07-22", "2:00 PM")
    yield Answer("I added the task.")


def family_dinner_instead(view):
    yield from open_until(event_link(view, "Family Dinner"), DELETE)
    yield Click(DELETE)
    yield Answer("I cancelled the dinner.")


MISTAKES = {
    "gocalendar-4": [gym_from_monday, gym_in_the_morning],
    "gocalendar-6": [sister_on_thursday, sister_at_night],
    "gocalendar-8": [ashley_in_the_afternoon],
    "gocalendar-10": [family_dinner_instead],
    "gocalendar-13": [camp_with_exclusive_end, camp_without_all_day],
    "gocalendar-18": [coffee_with_the_mentor],
    "gocalendar-23": [project_sync_on_monday],
}
