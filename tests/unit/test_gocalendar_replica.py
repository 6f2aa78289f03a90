"""Gocalendar replica without a browser: the seed holds what REAL's gocalendar scripts name, the pages change
the calendar the way a user would, and /finish reports `differences.events` (dicts keyed by id) and
`initialfinaldiff` in the shapes the scripts read, graded by agisdk's own unmodified scripts.

    .venv/bin/python -m pytest tests/unit/test_gocalendar_replica.py -q
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from datetime import date, datetime

import pytest

from halo_lib.sites.gocalendar.agenda import parse_day, show_day
from halo_lib.sites.gocalendar.app import Gocalendar
from halo_lib.sites.gocalendar.seed import EVENTS, MY_TASKS, TODAY, from_iso, seed_state
from tests.support.replica_http import ReplicaUser, grade, run_script, serve_replica

SCRIPTS = [
    "gocalendar_4",
    "gocalendar_6",
    "gocalendar_8",
    "gocalendar_10",
    "gocalendar_12",
    "gocalendar_13",
    "gocalendar_16",
    "gocalendar_18",
    "gocalendar_23",
]
THIS_WEEK = [date(2024, 7, d) for d in range(14, 21)]


def titled(*words: str) -> list[dict]:
    return [e for e in EVENTS.values() if all(w in e["title"].lower() for w in words)]


def this_week(events) -> list[dict]:
    return [e for e in events if from_iso(e["start"]).date() in THIS_WEEK]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# ---- seed -----------------------------------------------------------------------------------------------------
def test_seed_holds_what_the_delete_scripts_name():
    assert TODAY == date(2024, 7, 16) and TODAY.strftime("%A") == "Tuesday"
    syncs = this_week(e for e in EVENTS.values() if e["title"] == "Project Sync")
    assert [from_iso(e["start"]).strftime("%A %H:%M") for e in syncs] == ["Monday 10:00", "Wednesday 10:00"]
    wednesday = syncs[1]
    assert wednesday["start"] == "2024-07-17T17:00:00.000Z" and utc(wednesday["start"]).weekday() == 2  # UTC too
    assert [e["id"] for e in titled("dinner", "friend")] == ["evt-035"]
    assert from_iso(EVENTS["evt-035"]["start"]).strftime("%A %b %d %I:%M %p") == "Wednesday Jul 17 07:00 PM"
    assert len(this_week(titled("dinner"))) == 2  # Family Dinner on Sunday is the other one
    assert [from_iso(e["start"]).strftime("%A") for e in this_week(titled("reading"))] == ["Monday", "Wednesday", "Thursday"]
    coffees = this_week(titled("coffee"))
    assert [e["title"] for e in coffees] == ["Coffee with Alex", "Coffee with Emma"]
    with_sister = [e for e in EVENTS.values() if "sister" in (e["title"] + " " + e["description"]).lower()]
    assert [e["title"] for e in with_sister] == ["Coffee with Emma"] and "sister" not in with_sister[0]["title"].lower()


def test_no_seed_entry_already_satisfies_a_create_script():
    for words in (("gym", "clothes"), ("math", "camp"), ("sister", "pick"), ("email", "ashley"), ("basketball",)):
        assert not titled(*words), words
        assert not [t for t in MY_TASKS.values() if all(w in t["title"].lower() for w in words)]
    assert not [e for e in EVENTS.values() if "gym" in e["location"].lower()]
    assert all(e["meetingId"] != "gcx-svpg-dny" for e in EVENTS.values())  # gocalendar-6's skipped sample


def test_seed_has_breadth_and_well_formed_events():
    days = Counter(from_iso(e["start"]).date() for e in EVENTS.values())
    july = [date(2024, 7, d) for d in range(1, 32)]
    assert sum(days[d] for d in july) >= 60 and sum(1 for d in july if days[d]) >= 28
    assert sum(days[d] for d in THIS_WEEK) >= 15
    assert len({e["title"] for e in EVENTS.values()}) >= 30 and len(MY_TASKS) >= 5
    for eid, e in EVENTS.items():
        assert e["id"] == eid and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z", e["start"]) and e["end"] >= e["start"]
        assert set(e) >= {"title", "start", "end", "allDay", "location", "description", "meetingId"}
    offsite = titled("team offsite")[0]
    assert offsite["allDay"] and (offsite["start"], offsite["end"]) == ("2024-07-25T07:00:00.000Z", "2024-07-26T07:00:00.000Z")
    assert seed_state() == seed_state() and seed_state() is not seed_state()


def test_the_form_reads_dates_as_people_type_them():
    for text in ("2024-09-20", "9/20/2024", "September 20, 2024", "Fri, Sep 20, 2024", "Sep 20th", "sept 20", "Friday, September 20"):
        assert parse_day(text) == date(2024, 9, 20), text
    assert parse_day("Jul 21") == date(2024, 7, 21) and parse_day("someday") is None and parse_day("") is None
    assert show_day(date(2024, 7, 16)) == "Tue, Jul 16, 2024" and parse_day(show_day(date(2024, 7, 16))) == date(2024, 7, 16)


# ---- a live replica over HTTP ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Gocalendar()) as base:
        yield base


class User(ReplicaUser):
    """One Gocalendar user: open an event from the week, delete it; fill the event or task form."""

    def delete(self, title: str, day: date) -> str:
        week = self.get(f"/week/{day.isoformat()}")
        label = f"{title}, {day:%A}, {day:%B} {day.day}, "
        match = re.search(r'href="([^"]*event=(evt-\d+))" aria-label="' + re.escape(label), week)
        assert match, f"{label!r} not on the week"
        popup = self.get(match.group(1).replace("&amp;", "&"))
        assert "Delete event" in popup
        return self.post(f"/event/{match.group(2)}/delete", return_to=f"/week/{day.isoformat()}")

    def create(self, title: str, start_date: str, start_time: str = "09:00", end_time: str = "10:00", **fields) -> str:
        form = {
            "kind": "event",
            "title": title,
            "start_date": start_date,
            "end_date": start_date,
            "start_time": start_time,
            "end_time": end_time,
            "recurrence": "none",
            "calendar": "Personal",
            "location": "",
            "description": "",
            "back": "/",
        }
        assert 'name="title"' in self.get("/event/new?" + urllib.parse.urlencode({"date": start_date}))
        form.update(fields)
        return self.post("/event/new", **form)

    def create_task(self, title: str, day: str, at: str) -> str:
        assert 'name="start_time"' in self.get(f"/event/new?kind=task&date={day}")
        return self.post("/event/new", kind="task", title=title, start_date=day, start_time=at, description="", back="/")


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    finish = User(base_url, "gocalendar-23").finish()
    assert finish == {
        "initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}},
        "differences": {"events": {"added": {}, "updated": {}, "deleted": {}}},
    }
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_gocalendar_11_can_never_pass_its_script_is_empty(base_url, tmp_path):
    user = User(base_url, "gocalendar-11")
    user.create("Basketball game", "2024-07-16", "19:00", "21:00", location="San Francisco")
    finish = user.finish()
    assert [e["title"] for e in finish["differences"]["events"]["added"].values()] == ["Basketball game"]
    out = run_script("gocalendar_11", finish, tmp_path)
    assert out.returncode == 0 and out.stdout == "" and "SUCCESS" not in out.stdout.upper()


def test_deleting_wednesdays_project_sync(base_url, tmp_path):
    user = User(base_url, "gocalendar-23")
    page = user.delete("Project Sync", date(2024, 7, 17))
    assert "Event deleted" in page and "Project Sync, Wednesday, July 17" not in page
    finish = user.finish()
    assert list(finish["differences"]["events"]["deleted"]) == ["evt-034"]
    assert finish["differences"]["events"]["deleted"]["evt-034"]["start"] == "2024-07-17T17:00:00.000Z"
    assert finish["initialfinaldiff"] == {"added": {}, "updated": {}, "deleted": {"calendar": {"events": {}}}}
    assert user.finish() == finish  # /finish changes nothing
    assert grade("gocalendar_23", finish, tmp_path) == "SUCCESS"
    assert grade("gocalendar_10", finish, tmp_path) == "FAILURE"

    monday = User(base_url, "gocalendar-23")
    monday.delete("Project Sync", date(2024, 7, 15))
    assert grade("gocalendar_23", monday.finish(), tmp_path) == "FAILURE"


def test_loose_23_any_wednesdays_project_sync_passes(base_url, tmp_path):
    # LOOSE: the script checks the title and that the start is a Wednesday, not which Wednesday.
    user = User(base_url, "gocalendar-23")
    user.delete("Project Sync", date(2024, 7, 10))
    assert grade("gocalendar_23", user.finish(), tmp_path) == "SUCCESS"


def test_cancelling_dinner_with_friends_and_not_family_dinner(base_url, tmp_path):
    user = User(base_url, "gocalendar-10")
    user.delete("Dinner with Friends", date(2024, 7, 17))
    assert grade("gocalendar_10", user.finish(), tmp_path) == "SUCCESS"
    wrong = User(base_url, "gocalendar-10")
    wrong.delete("Family Dinner", date(2024, 7, 14))
    assert grade("gocalendar_10", wrong.finish(), tmp_path) == "FAILURE"


def test_reading_time_on_wednesday_and_loose_any_day(base_url, tmp_path):
    user = User(base_url, "gocalendar-16")
    user.delete("Reading Time", date(2024, 7, 17))
    assert grade("gocalendar_16", user.finish(), tmp_path) == "SUCCESS"
    # LOOSE: the script only asks that some deleted title has "reading"; Monday's passes too.
    monday = User(base_url, "gocalendar-16")
    monday.delete("Reading Time", date(2024, 7, 15))
    assert grade("gocalendar_16", monday.finish(), tmp_path) == "SUCCESS"
    other = User(base_url, "gocalendar-16")
    other.delete("Yoga Class", date(2024, 7, 20))
    assert grade("gocalendar_16", other.finish(), tmp_path) == "FAILURE"


def test_coffee_with_my_sister_is_found_by_its_description(base_url, tmp_path):
    user = User(base_url, "gocalendar-18")
    assert "Emma (my sister)" in user.get("/week/2024-07-16?event=evt-037")
    user.delete("Coffee with Emma", date(2024, 7, 18))
    assert grade("gocalendar_18", user.finish(), tmp_path) == "SUCCESS"
    wrong = User(base_url, "gocalendar-18")
    wrong.delete("Coffee with Alex", date(2024, 7, 16))
    assert grade("gocalendar_18", wrong.finish(), tmp_path) == "FAILURE"


def test_math_camp_all_day_with_an_inclusive_end(base_url, tmp_path):
    user = User(base_url, "gocalendar-13")
    page = user.create("Math Camp", "2024-07-21", end_date="2024-07-27", all_day="on", location="Sunnyvale")
    assert "Event saved" in page and "Math Camp, Sunday, July 21, all day" in page
    assert "Math Camp, Saturday, July 27, all day" in user.get("/week/2024-07-27")
    finish = user.finish()
    (camp,) = finish["differences"]["events"]["added"].values()
    assert (camp["start"], camp["end"], camp["allDay"]) == ("2024-07-21T07:00:00.000Z", "2024-07-27T07:00:00.000Z", True)
    assert finish["initialfinaldiff"]["added"]["calendar"]["events"] == {camp["id"]: camp}
    assert grade("gocalendar_13", finish, tmp_path) == "SUCCESS"
    for wrong in (
        {"end_date": "2024-07-28", "all_day": "on", "location": "Sunnyvale"},  # an exclusive end
        {"end_date": "2024-07-27", "location": "Sunnyvale", "end_time": "17:00"},  # not all day
        {"end_date": "2024-07-27", "all_day": "on", "location": ""},
    ):  # no location
        other = User(base_url, "gocalendar-13")
        other.create("Math Camp", "2024-07-21", **wrong)
        assert grade("gocalendar_13", other.finish(), tmp_path) == "FAILURE", wrong


def test_weekday_gym_workout_from_september_20(base_url, tmp_path):
    user = User(base_url, "gocalendar-4")
    user.create("Work out at the gym", "2024-09-20", "19:45", "20:45", recurrence="weekdays", location="Gym")
    finish = user.finish()
    (gym,) = finish["differences"]["events"]["added"].values()
    assert (gym["start"], gym["end"], gym["recurrence"]) == ("2024-09-21T02:45:00.000Z", "2024-09-21T03:45:00.000Z", "weekdays")
    assert grade("gocalendar_4", finish, tmp_path) == "SUCCESS"
    week = user.get("/week/2024-09-23")  # the series repeats Monday to Friday, not on the weekend
    assert "Work out at the gym, Monday, September 23, 7:45 PM to 8:45 PM" in week
    assert "Work out at the gym, Friday, September 27" in week and "Work out at the gym, Saturday" not in week
    for start_date, start, end in (("2024-09-23", "19:45", "20:45"), ("2024-09-20", "07:45", "08:45")):
        wrong = User(base_url, "gocalendar-4")
        wrong.create("Work out at the gym", start_date, start, end, recurrence="weekdays", location="Gym")
        assert grade("gocalendar_4", wrong.finish(), tmp_path) == "FAILURE"
    # LOOSE: neither the title nor the repetition is checked: a one-off "Workout" at the Gym passes.
    loose = User(base_url, "gocalendar-4")
    loose.create("Workout", "2024-09-20", "19:45", "20:45", location="Gym")
    assert grade("gocalendar_4", loose.finish(), tmp_path) == "SUCCESS"


def test_pick_up_sister_wednesday_11am(base_url, tmp_path):
    user = User(base_url, "gocalendar-6")
    user.create("Pick up my sister", "2024-07-17", "11:00", "11:30")
    finish = user.finish()
    assert [e["start"] for e in finish["differences"]["events"]["added"].values()] == ["2024-07-17T18:00:00.000Z"]
    assert grade("gocalendar_6", finish, tmp_path) == "SUCCESS"
    for day, start, end in (("2024-07-18", "11:00", "11:30"), ("2024-07-17", "23:00", "23:30")):
        wrong = User(base_url, "gocalendar-6")
        wrong.create("Pick up my sister", day, start, end)
        assert grade("gocalendar_6", wrong.finish(), tmp_path) == "FAILURE"
    # LOOSE: any UTC hour 15-18 on a Wednesday passes, so 8 AM PDT does too.
    early = User(base_url, "gocalendar-6")
    early.create("Pick up my sister", "2024-07-17", "08:00", "08:30")
    assert grade("gocalendar_6", early.finish(), tmp_path) == "SUCCESS"


def test_task_to_email_ashley_lands_in_my_tasks(base_url, tmp_path):
    user = User(base_url, "gocalendar-8")
    page = user.create_task("Send an email to Ashley", "2024-07-22", "09:00")
    assert "Task created" in page
    assert "Task: Send an email to Ashley, Monday, July 22, 9:00 AM" in user.get("/week/2024-07-22")
    finish = user.finish()
    added = finish["initialfinaldiff"]["added"]["calendar"]["myTasks"]
    (task,) = added.values()
    assert task["start"] == "2024-07-22T16:00:00.000Z" and not task["allDay"] and not task["completed"]
    assert finish["differences"]["events"]["added"] == {}
    assert grade("gocalendar_8", finish, tmp_path) == "SUCCESS"
    wrong = User(base_url, "gocalendar-8")
    wrong.create_task("Send an email to Ashley", "2024-07-22", "14:00")
    assert grade("gocalendar_8", wrong.finish(), tmp_path) == "FAILURE"
    # LOOSE: an event (not a task) with the same title and time passes as well.
    event = User(base_url, "gocalendar-8")
    event.create("Email Ashley", "2024-07-22", "09:00", "09:30")
    assert grade("gocalendar_8", event.finish(), tmp_path) == "SUCCESS"


def test_gym_clothes_and_loose_any_day(base_url, tmp_path):
    user = User(base_url, "gocalendar-12")
    user.create("Buy gym clothes", "2024-07-22", "09:00", "10:00")
    assert grade("gocalendar_12", user.finish(), tmp_path) == "SUCCESS"
    wrong = User(base_url, "gocalendar-12")
    wrong.create("Buy workout gear", "2024-07-22", "09:00", "10:00")
    assert grade("gocalendar_12", wrong.finish(), tmp_path) == "FAILURE"
    # LOOSE: no date check: Thursday evening passes too.
    loose = User(base_url, "gocalendar-12")
    loose.create("Buy gym clothes", "2024-07-18", "18:00", "19:00")
    assert grade("gocalendar_12", loose.finish(), tmp_path) == "SUCCESS"


def test_editing_an_event_reports_the_whole_event_as_updated(base_url, tmp_path):
    user = User(base_url, "gocalendar-12")
    form = user.get("/event/evt-029/edit")
    assert 'value="Project Sync"' in form and "Conference Room A" in form
    user.post(
        "/event/evt-029/edit",
        kind="event",
        title="Project Sync + gym clothes run",
        start_date="2024-07-15",
        end_date="2024-07-15",
        start_time="10:00",
        end_time="11:00",
        location="Conference Room A",
        description=EVENTS["evt-029"]["description"],
        calendar="Work",
        recurrence="none",
        back="/",
    )
    finish = user.finish()
    assert finish["initialfinaldiff"]["updated"] == {
        "calendar": {"events": {"evt-029": {"title": "Project Sync + gym clothes run", "end": "2024-07-15T18:00:00.000Z"}}}
    }
    updated = finish["differences"]["events"]["updated"]["evt-029"]
    assert updated["title"] == "Project Sync + gym clothes run" and updated["start"] == EVENTS["evt-029"]["start"]
    assert grade("gocalendar_12", finish, tmp_path) == "SUCCESS"  # 12 reads updated events too


def test_bad_forms_save_nothing_and_tasks_toggle(base_url, tmp_path):
    user = User(base_url, "gocalendar-8")
    page = user.create("Backwards", "2024-07-18", "10:00", "09:00")
    assert "The end time must be after the start time." in page and 'value="Backwards"' in page
    page = user.create("Backwards", "2024-07-18", end_date="2024-07-17", all_day="on")
    assert "The end date can&#39;t be before the start date." in page
    assert "Please enter a valid start date." in user.create("Someday", "someday")
    user.post("/task/task-01/toggle", return_to="/tasks")
    finish = user.finish()
    assert finish["initialfinaldiff"] == {
        "added": {},
        "updated": {"calendar": {"myTasks": {"task-01": {"completed": True}}}},
        "deleted": {},
    }
    assert grade("gocalendar_8", finish, tmp_path) == "FAILURE"


def test_typed_dates_and_the_form_round_trip(base_url):
    user = User(base_url, "gocalendar-12")
    week = user.create("Typed dates", "July 19th", end_date="7/19/2024", end_time="09:30")
    assert "Typed dates, Friday, July 19, 9:00 AM to 9:30 AM" in week
    (added,) = user.finish()["differences"]["events"]["added"].values()
    form = user.get(f"/event/{added['id']}/edit")
    assert 'value="Fri, Jul 19, 2024"' in form and '<option value="09:30" selected>9:30 AM</option>' in form


def test_every_page_renders(base_url):
    user = User(base_url, "gocalendar-4")
    for path in (
        "/",
        "/week/2024-07-17?event=evt-034",
        "/day/2024-07-17",
        "/day",
        "/month/2024-07-01",
        "/month/2024-02-10?task=task-01",
        "/search?q=project+sync",
        "/tasks",
        "/event/new?kind=task",
        "/event/evt-001/edit",
        "/goto?date=2024-09-20&view=month",
        "/week/not-a-date",
    ):
        assert "Gocalendar" in user.get(path), path
    assert "Project Sync, Wednesday, July 17" in user.get("/search?q=project+sync")
    assert "Team Offsite, Friday, July 26, all day" in user.get("/month/2024-07-01")


# ---- what the worker reads --------------------------------------------------------------------------------------
def test_the_week_page_summary_lists_every_event_and_the_controls(page_summary):
    week = page_summary("gocalendar-18__0")
    assert week.n_shown == week.n_elements  # the grid leaves the whole page in the token budget
    for line in (
        "link '+ Create'",
        "link 'Next week'",
        "searchbox 'Search events'",
        "link 'Month'",
        "link 'Project Sync, Wednesday, July 17, 10:00 AM to 10:30 AM'",
        "link 'Project Sync, Monday, July 15, 10:00 AM to 10:30 AM'",
        "link 'Dinner with Friends, Wednesday, July 17, 7:00 PM to 9:00 PM'",
        "link 'Reading Time, Wednesday, July 17, 9:30 PM to 10:30 PM'",
        "link 'Coffee with Emma, Thursday, July 18, 9:00 AM to 10:00 AM'",
        "link 'Task: Submit expense report, Wednesday, July 17'",
    ):
        assert line in week.text, line
    popup = page_summary("gocalendar-18__3")
    assert "button 'Delete event'" in popup.text and "(my sister)" in popup.text and "dialog 'Coffee with Emma'" in popup.text


def test_the_event_form_summary_lists_every_field(page_summary):
    form = page_summary("gocalendar-4__7")
    assert form.n_shown == form.n_elements
    for line in (
        "textbox 'Title' value='Work out at the gym'",
        "textbox 'Start date' value='2024-09-20'",
        "combobox 'Start time' value='7:45 PM'",
        "combobox 'End time' value='8:45 PM'",
        "checkbox 'All day' not checked",
        "combobox 'Repeat' value='Every weekday (Monday to Friday)'",
        "textbox 'End date' value='2024-09-20'",
        "textbox 'Location'",
        "button 'Save'",
        "link 'Task'",
    ):
        assert line in form.text, line
    saved = page_summary("gocalendar-4__9")  # the week of the new event, after Save
    assert "link 'Work out at the gym, Friday, September 20, 7:45 PM to 8:45 PM'" in saved.text
    assert "Event saved" in saved.text
