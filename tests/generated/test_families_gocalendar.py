"""Gocalendar's task families (halo_lib/sites/gocalendar/families.py): distinct tasks that keep the clean split,
strict checkers (run as agisdk runs them) on finish states the real replica app makes, and, marked heavy, the
page-driven expert through Chromium graded by agisdk's evaluator.

    .venv/bin/python -m pytest tests/generated/test_families_gocalendar.py -q              # fast, no browser
    .venv/bin/python -m pytest tests/generated/test_families_gocalendar.py -q -m heavy     # the expert in Chromium
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import PageExpert, families_for, family_by_key
from halo_lib.sites.gocalendar import agenda as ag
from halo_lib.sites.gocalendar.families import OCCURRENCES, at
from halo_lib.sites.gocalendar.seed import EVENTS, from_iso
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, task_of, verdict

SITE = "gocalendar"
FAMILIES = families_for("gocalendar")


def test_gocalendar_families_are_of_at_least_four_kinds():
    assert len({f.kind for f in FAMILIES}) >= 4


# ---- finish states made by the replica (the forms its pages post) ---------------------------------------------
def hm(text: str, minutes: int = 0) -> str:
    hh, mm = (int(x) for x in text.split(":"))
    total = hh * 60 + mm + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def post_event(client, day: str, start: str, end: str, title: str, location: str = "", kind: str = "event", event_id: str = "", **extra):
    form = {
        "kind": kind,
        "title": title,
        "start_date": day,
        "start_time": start,
        "end_date": day,
        "end_time": end,
        "location": location,
        "description": "",
        "calendar": "Personal",
        "recurrence": "none",
        "back": "/",
        **extra,
    }
    client.post(f"/event/{event_id}/edit" if event_id else "/event/new", data=form)


def edit_form(event_id: str) -> dict:
    ev = EVENTS[event_id]
    values = ag.form_values(ev, day=from_iso(ev["start"]).date())
    return {k: v for k, v in values.items() if k != "all_day"} | {"kind": "event", "back": "/"}


def do_create_event(client, p, mistake=None):
    day = (date.fromisoformat(p["day"]) + timedelta(days=1)).isoformat() if mistake == "day" else p["day"]
    end = hm(p["end"], 15) if mistake == "end" else p["end"]
    post_event(client, day, p["start"], end, p["title"], p["location"])
    if mistake == "twice":
        post_event(client, day, p["start"], end, p["title"], p["location"])


def do_create_task(client, p, mistake=None):
    if mistake == "event":
        start = p["time"] or "09:00"
        return post_event(client, p["day"], start, hm(start, 60), p["title"])
    time = {"time": hm(p["time"] or "09:00", 60), "all_day": ""}.get(mistake, p["time"])
    client.post(
        "/event/new", data={"kind": "task", "title": p["title"], "start_date": p["day"], "start_time": time, "description": "", "back": "/"}
    )


def do_delete(client, p, mistake=None):
    other = (
        next(e["id"] for e in OCCURRENCES if e["title"] == p["title"] and e["id"] != p["event_id"])
        if mistake in ("other_day", "also_other")
        else None
    )
    if mistake != "other_day":
        client.post(f"/event/{p['event_id']}/delete", data={"return_to": "/"})
    if other:
        client.post(f"/event/{other}/delete", data={"return_to": "/"})


def do_reschedule(client, p, mistake=None):
    if mistake == "new_event":
        return post_event(client, p["new_day"], p["new_start"], p["new_end"], p["title"])
    form = edit_form(p["event_id"])
    form.update(start_date=p["new_day"], end_date=p["new_day"], start_time=p["new_start"], end_time=p["new_end"])
    if mistake == "old_end_time":
        form["end_time"] = hm(p["new_end"], 30)
    if mistake == "also_location":
        form["location"] = "Somewhere else"
    client.post(f"/event/{p['event_id']}/edit", data=form)


def do_edit(client, p, mistake=None):
    form = edit_form(p["event_id"])
    field = p["field"] if mistake != "other_field" else next(f for f in ("title", "location", "description") if f != p["field"])
    form[field] = p["value"]
    target = p["event_id"]
    if mistake == "other_event":
        target = next(e["id"] for e in OCCURRENCES if e["title"] == p["title"] and e["id"] != p["event_id"])
        form = edit_form(target) | {field: p["value"]}
    client.post(f"/event/{target}/edit", data=form)


CASES = {
    "create_event": (do_create_event, ["day", "end", "twice"]),
    "create_task": (do_create_task, ["event", "time", "all_day"]),
    "delete_event": (do_delete, ["other_day", "also_other"]),
    "reschedule_event": (do_reschedule, ["new_event", "old_end_time", "also_location"]),
    "edit_event_details": (do_edit, ["other_field", "other_event"]),
}


def test_every_family_has_checker_cases():
    assert {f.name for f in FAMILIES} == set(CASES)


def pick(family):
    if family.name == "create_task":
        return lambda p: p["time"]  # a timed task, so "all day" is a mistake
    if family.name in ("delete_event", "edit_event_details"):  # a title that repeats on another day
        return lambda p: sum(e["title"] == p["title"] for e in OCCURRENCES) > 1
    return lambda p: True


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_checker_passes_the_right_change_and_fails_mistakes(family, task_set, tasks, tmp_path):
    task = task_of(tasks, family, pick(family))
    do, mistakes = CASES[family.name]
    right = replica_client(SITE)
    do(right, task.params)
    assert verdict(task_set, task, finish(right), tmp_path) == "SUCCESS", grade(task.family, task.params, finish(right))
    assert grade(task.family, task.params, finish(replica_client(SITE)))  # nothing done
    for mistake in mistakes:
        wrong = replica_client(SITE)
        do(wrong, task.params, mistake)
        assert grade(task.family, task.params, finish(wrong)), f"{family.name}: the checker passed the mistake {mistake!r}"
    wrong = replica_client(SITE)
    do(wrong, task.params, mistakes[0])
    assert verdict(task_set, task, finish(wrong), tmp_path) == "FAILURE"


def test_reschedule_keeps_the_length():
    family = family_by_key("gocalendar.reschedule_event")
    import random

    for seed in range(30):
        p = family.sample(random.Random(seed))
        assert at(p["new_day"], p["new_end"]) - at(p["new_day"], p["new_start"]) == at(p["day"], p["end"]) - at(p["day"], p["start"])


# ---- the expert through the real browser (heavy) ----------------------------------------------------------
@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_expert_solves_two_tasks_in_the_browser(family, task_set, tasks, run_policy):
    for task in [t for t in tasks if t.family == family.key][:2]:
        expert_solves(run_policy, task_set, task)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_learners_detour(task_set, tasks, run_policy):
    """Reschedule task: the learner first opens the Tasks page and then a new event form with a wrong title; the
    expert leaves the form, finds the event and moves it."""
    from halo_lib.sites.expert import Click, Fill, Target

    family = family_by_key("gocalendar.reschedule_event")
    task = task_of(tasks, family)
    detour = [
        lambda view: Click(Target("link", "Tasks")).action(view),
        lambda view: Click(Target("link", "+ Create")).action(view),
        lambda view: Fill(Target("textbox", "Title"), "Wrong title").action(view),
    ]
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), Detour(detour, PageExpert(family, task.params)))
    assert result.error is None, result.error
    assert result.reward == 1.0, f"{result.verdict} in {result.steps} steps"
