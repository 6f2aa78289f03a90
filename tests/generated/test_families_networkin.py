"""Networkin's task families (halo_lib/sites/networkin/families.py): distinct tasks that keep the clean split,
strict checkers (run as agisdk runs them) on finish states the real replica app makes, and, marked heavy, the
page-driven expert through Chromium graded by agisdk's evaluator.

    .venv/bin/python -m pytest tests/generated/test_families_networkin.py -q              # fast, no browser
    .venv/bin/python -m pytest tests/generated/test_families_networkin.py -q -m heavy     # the expert in Chromium
"""

from __future__ import annotations

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import PageExpert, families_for, family_by_key
from halo_lib.sites.networkin.families import CONTACTS, FOLLOWABLE, INVITED, POSTS
from halo_lib.sites.networkin.seed import PEOPLE
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, task_of, verdict

SITE = "networkin"
FAMILIES = families_for("networkin")


def test_networkin_families_are_of_at_least_four_kinds():
    assert len({f.kind for f in FAMILIES}) >= 4


# ---- finish states made by the replica (the forms its pages post) ---------------------------------------------
def message(client, user, text):
    client.post(f"/messaging/{user}/send", data={"message": text})


def stranger(not_this):
    return next(u for u in PEOPLE if u not in CONTACTS and u not in INVITED and u != not_this)


def do_connect(client, p, mistake=None):
    user = stranger(p["username"]) if mistake == "other_person" else p["username"]
    client.get(f"/in/{user}")
    client.post("/connect", data={"username": user, "back": f"/in/{user}"})
    if p["note"] and mistake != "no_note":
        message(client, user, p["note"])
    if mistake == "also_other":
        client.post("/connect", data={"username": stranger(p["username"]), "back": "/mynetwork"})


def do_message(client, p, mistake=None):
    user = next(u for u in PEOPLE if u != p["username"]) if mistake == "other_person" else p["username"]
    message(client, user, p["text"])
    if mistake == "twice":
        message(client, user, p["text"])
    if mistake == "and_connect":
        client.post("/connect", data={"username": user, "back": "/"})


def do_follow(client, p, mistake=None):
    chosen = list(p["companies"])
    if mistake == "half":
        chosen = chosen[:-1]
    if mistake == "extra":
        chosen.append(next(c["id"] for c in FOLLOWABLE if c["id"] not in chosen))
    for company in chosen:
        client.post(f"/company/{company}/follow", data={"back": "/companies"})
    if mistake == "unfollow_agiinc":
        client.post("/company/agiinc/follow", data={"back": "/companies"})


def do_post(client, p, mistake=None):
    text = p["text"] + " #hiring" if mistake == "other_text" else p["text"]
    client.post("/feed/post", data={"description": text})
    if mistake == "twice":
        client.post("/feed/post", data={"description": text})
    if mistake == "and_like":
        client.post("/feed/post/101/like", data={"back": "/"})


def do_share(client, p, mistake=None):
    to = (
        [next(c for c in CONTACTS if c not in (p["contact"], POSTS[p["post_id"]]["authorId"]))]
        if mistake == "other_contact"
        else [p["contact"]]
    )
    if mistake == "extra_contact":
        to.append(next(c for c in CONTACTS if c != p["contact"]))
    if mistake == "as_text":
        return message(client, p["contact"], POSTS[p["post_id"]]["description"])
    client.post(f"/feed/post/{p['post_id']}/send", data={"to": to, "note": ""})


CASES = {
    "connect_with_person": (do_connect, ["other_person", "no_note", "also_other"]),
    "message_person": (do_message, ["other_person", "twice", "and_connect"]),
    "follow_companies": (do_follow, ["half", "extra", "unfollow_agiinc"]),
    "create_post": (do_post, ["other_text", "twice", "and_like"]),
    "share_post": (do_share, ["other_contact", "extra_contact", "as_text"]),
}


def test_every_family_has_checker_cases():
    assert {f.name for f in FAMILIES} == set(CASES)


def pick(family):
    if family.name == "connect_with_person":
        return lambda p: p["note"]  # a task with a note, so leaving it out is a mistake
    if family.name == "message_person":
        return lambda p: p["username"] not in CONTACTS  # connecting is then a change of its own
    return lambda p: True


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_checker_passes_the_right_change_and_fails_mistakes(family, task_set, tasks, tmp_path):
    task = task_of(tasks, family, pick(family))
    do, mistakes = CASES[family.name]
    right = replica_client(SITE)
    do(right, task.params)
    assert verdict(task_set, task, finish(right), tmp_path) == "SUCCESS", grade(task.family, task.params, finish(right))
    for mistake in mistakes:
        wrong = replica_client(SITE)
        do(wrong, task.params, mistake)
        assert grade(task.family, task.params, finish(wrong)), f"{family.name}: the checker passed the mistake {mistake!r}"
    wrong = replica_client(SITE)
    do(wrong, task.params, mistakes[0])
    assert verdict(task_set, task, finish(wrong), tmp_path) == "FAILURE"


def test_browsing_and_searching_alone_are_not_changes_but_do_not_pass(tasks):
    """The checkers ignore the page location and search history, and still fail when nothing was done."""
    client = replica_client(SITE)
    client.get("/search?keywords=engineer")
    client.get("/companies")
    state = finish(client)
    for family in FAMILIES:
        task = task_of(tasks, family)
        problems = grade(task.family, task.params, state)
        assert problems and not any("unexpected change" in p for p in problems), problems


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
    """Share task: the learner first opens Events and then another post's Send page, ticking a wrong connection;
    the expert goes back to the feed, opens the right post's Send page and sends it to the right person only."""
    from halo_lib.sites.expert import Click, Target

    family = family_by_key("networkin.share_post")
    task = task_of(tasks, family)
    detour = [
        lambda view: Click(Target("link", "Events")).action(view),
        lambda view: Click(Target("link", "Home")).action(view),
        lambda view: Click(Target("link", "Send", nth=0)).action(view),
        lambda view: Click(next(b for b in view.find_all("checkbox") if b.name != task.params["contact_name"])).action(view),
    ]
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), Detour(detour, PageExpert(family, task.params)))
    assert result.error is None, result.error
    assert result.reward == 1.0, f"{result.verdict} in {result.steps} steps"
