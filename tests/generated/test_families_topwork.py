"""Topwork's task families: distinct tasks, a clean split from REAL, strict checkers graded as agisdk grades them
(the generated checker script in a subprocess over a finish state the real replica app made), and, under
`heavy`, the page-driven expert through the real browser (also from a wrong start).

    .venv/bin/python -m pytest tests/generated/test_families_topwork.py -q            # fast: no browser
    .venv/bin/python -m pytest tests/generated/test_families_topwork.py -q -m heavy   # expert episodes
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import Family, PageExpert, family_by_key, families_for
from halo_lib.generated.generate import load_manifest
from halo_lib.sites.expert import Click, Fill, Goto, Target, View
from halo_lib.sites.topwork import seed as sd
from halo_lib.sites.topwork.app import DEFAULT_INVITE

from tests.support.family_checks import Detour, expert_solves, finish, player, replica_client, verdict

SITE = "topwork"
FAMILIES = families_for(SITE)


def tasks_of(task_set: Path, family: Family):
    return [t for t in load_manifest(task_set / "manifest.jsonl") if t.family == family.key]


def first_task(task_set: Path, key: str, where=lambda params: True):
    return next(t for t in load_manifest(task_set / "manifest.jsonl") if t.family == key and where(t.params))


# ---- the replica, as the UI posts to it ------------------------------------------------------------------
def client() -> TestClient:
    return replica_client(SITE, "topwork-2", home=True)


def invite(c, who: str, job: str, message: str = DEFAULT_INVITE):
    c.post(f"/freelancers/{who}/invite", data={"job_id": job, "message": message})


def say(c, who: str, text: str):
    c.get(f"/messages/{who}")
    c.post(f"/messages/{who}/send", data={"message": text})


def offer(c, who: str, title: str, rate, hours, agree: bool = True):
    form = {"job_id": "", "contract_title": title, "rate": str(rate), "weekly_limit": str(hours), "start_date": "2024-08-01"}
    if agree:
        form["agree"] = "yes"
    c.post(f"/freelancers/{who}/offer", data=form)


def toggle_save(c, who: str):
    c.post("/saved/toggle", data={"freelancer_id": who, "return_to": "/saved"})


def remove(c, job: str, reason: str = "No longer needed"):
    c.post(f"/jobs/{job}/remove", data={"reason": reason})


def other_freelancer(*ids: str) -> str:
    return next(f["id"] for f in sd.FREELANCERS if f["id"] not in ids)


# ---- families: distinct tasks, every template, a clean split ---------------------------------------------
def test_every_family_has_a_real_counterpart():
    assert all(family.real_params() for family in FAMILIES)


# ---- each checker: the right actions pass, plausible mistakes fail ---------------------------------------
def test_invite_to_job(task_set, tmp_path):
    task = first_task(task_set, "topwork.invite_to_job", lambda p: p["note"])
    p = task.params
    message = f"Hi! Please have a look at my post. {p['note']}"

    def run(*steps) -> str:
        c = client()
        c.get(f"/freelancers/{p['freelancer']}")  # browsing (and opening chats) changes nothing graded
        c.get("/messages/emilychen")
        for step in steps:
            step(c)
        return verdict(task_set, task, finish(c), tmp_path)

    assert run(lambda c: invite(c, p["freelancer"], p["job"], message)) == "SUCCESS"
    other_job = next(j["id"] for j in sd.JOBS if j["id"] != p["job"] and j["status"] == "published")
    assert run(lambda c: invite(c, p["freelancer"], other_job, message)) == "FAILURE"  # the wrong post
    assert run(lambda c: invite(c, other_freelancer(p["freelancer"]), p["job"], message)) == "FAILURE"  # the wrong person
    assert run(lambda c: invite(c, p["freelancer"], p["job"])) == "FAILURE"  # the default text, without the note
    assert run(lambda c: say(c, p["freelancer"], message)) == "FAILURE"  # a chat message is not an invitation
    assert run(lambda c: invite(c, p["freelancer"], p["job"], message), lambda c: toggle_save(c, p["freelancer"])) == "FAILURE"


def test_send_chat_message(task_set, tmp_path):
    task = first_task(task_set, "topwork.send_chat_message")
    p = task.params

    run = player(client, task_set, task, tmp_path)

    assert run(lambda c: say(c, p["freelancer"], p["text"])) == "SUCCESS"
    assert run(lambda c: say(c, other_freelancer(p["freelancer"]), p["text"])) == "FAILURE"  # the wrong chat
    assert run(lambda c: say(c, p["freelancer"], "Hello there!")) == "FAILURE"  # not what was asked
    assert run(lambda c: say(c, p["freelancer"], p["text"]), lambda c: say(c, p["freelancer"], p["text"])) == "FAILURE"  # twice
    assert run(lambda c: invite(c, p["freelancer"], "job-1", p["text"])) == "FAILURE"  # an invitation, not a chat message


def test_send_offer(task_set, tmp_path):
    task = first_task(task_set, "topwork.send_offer")
    p = task.params

    run = player(client, task_set, task, tmp_path)

    assert run(lambda c: offer(c, p["freelancer"], p["title"], p["rate"], p["hours"])) == "SUCCESS"
    assert run(lambda c: offer(c, p["freelancer"], p["title"], p["rate"] + 5, p["hours"])) == "FAILURE"  # the wrong rate
    assert run(lambda c: offer(c, p["freelancer"], p["title"], p["rate"], p["hours"] + 5)) == "FAILURE"  # the wrong limit
    assert run(lambda c: offer(c, p["freelancer"], p["title"], p["rate"], p["hours"], agree=False)) == "FAILURE"  # not sent
    assert run(lambda c: offer(c, other_freelancer(p["freelancer"]), p["title"], p["rate"], p["hours"])) == "FAILURE"
    assert run(lambda c: say(c, p["freelancer"], f"Offer: {p['title']} at ${p['rate']}/hr")) == "FAILURE"  # a chat note
    twice = lambda c: offer(c, p["freelancer"], p["title"], p["rate"], p["hours"])  # noqa: E731
    assert run(twice, twice) == "FAILURE"


def test_save_freelancers(task_set, tmp_path):
    task = first_task(task_set, "topwork.save_freelancers", lambda p: len(p["freelancers"]) >= 2)
    people = task.params["freelancers"]

    def run(*ids: str) -> str:
        c = client()
        for who in ids:
            toggle_save(c, who)
        return verdict(task_set, task, finish(c), tmp_path)

    assert run(*people) == "SUCCESS"
    assert run(*reversed(people)) == "SUCCESS"  # any order
    assert run(*people[:-1]) == "FAILURE"  # one missing
    assert run(*people, other_freelancer(*people, "sophiagarcia")) == "FAILURE"  # one too many
    assert run(*people, "sophiagarcia") == "FAILURE"  # unsaved the one already saved
    assert run(*people, people[0]) == "FAILURE"  # saved, then unsaved again


def test_remove_job_posts(task_set, tmp_path):
    task = first_task(task_set, "topwork.remove_job_posts", lambda p: len(p["jobs"]) == 2 and p["reason"])
    p = task.params
    other = next(j["id"] for j in sd.JOBS if j["id"] not in p["jobs"])
    other_reason = next(r for r in sd.REMOVE_REASONS if r != p["reason"])

    def run(*removals, post=False) -> str:
        c = client()
        for job, reason in removals:
            remove(c, job, reason)
        if post:
            c.post(
                "/jobs/new",
                data=dict(
                    title="Extra",
                    description="An extra post.",
                    category=sd.CATEGORIES[0],
                    rate_from="20",
                    rate_to="30",
                    size="small",
                    duration=sd.DURATIONS[0],
                    level="entry",
                    hire="no",
                    action="publish",
                ),
            )
        return verdict(task_set, task, finish(c), tmp_path)

    first, second = p["jobs"]
    assert run((first, p["reason"]), (second, p["reason"])) == "SUCCESS"
    assert run((second, p["reason"]), (first, p["reason"])) == "SUCCESS"  # either order
    assert run((first, p["reason"])) == "FAILURE"  # half done
    assert run((first, p["reason"]), (second, p["reason"]), (other, p["reason"])) == "FAILURE"  # one too many
    assert run((first, p["reason"]), (second, other_reason)) == "FAILURE"  # the wrong reason
    assert run((first, p["reason"]), (second, p["reason"]), post=True) == "FAILURE"  # and a new post besides


def post(c, p: dict, **overrides):
    form = dict(
        title=p["title"],
        description=p["description"],
        category=p["category"],
        skills=", ".join(p["skills"]),
        rate_from=str(p["rate_from"]),
        rate_to=str(p["rate_to"]),
        size=p["size"],
        duration=p["duration"],
        level=p["level"],
        hire=p["hire"],
        action="publish",
    )
    form.update(overrides)
    c.post("/jobs/new", data=form)


def test_post_job(task_set, tmp_path):
    task = first_task(task_set, "topwork.post_job")
    p = task.params

    run = player(client, task_set, task, tmp_path)

    assert run(lambda c: post(c, p)) == "SUCCESS"
    assert run(lambda c: post(c, p, skills=", ".join(reversed(p["skills"])).lower())) == "SUCCESS"  # any order and case
    assert run(lambda c: post(c, p, action="draft")) == "FAILURE"  # saved as a draft, never posted
    assert run(lambda c: post(c, p, action="draft"), lambda c: c.post("/jobs/job-13/publish")) == "SUCCESS"  # then published
    assert run(lambda c: post(c, p, rate_to=str(p["rate_to"] + 10))) == "FAILURE"  # above the ceiling
    other_duration = next(d for d in sd.DURATIONS if d != p["duration"])
    assert run(lambda c: post(c, p, duration=other_duration)) == "FAILURE"
    other_hire = "no" if p["hire"] == "yes" else "yes"
    assert run(lambda c: post(c, p, hire=other_hire)) == "FAILURE"
    assert run(lambda c: post(c, p), lambda c: post(c, p)) == "FAILURE"  # posted twice
    assert run(lambda c: post(c, p), lambda c: c.post("/jobs/job-12/publish")) == "FAILURE"  # and published the old draft


# ---- the expert in the real browser (heavy) ----------------------------------------------------------------
def two_per_family():
    return [pytest.param(f.key, i, marks=pytest.mark.heavy, id=f"{f.name}-{i}") for f in FAMILIES for i in range(2)]


@pytest.mark.browser
@pytest.mark.parametrize("key,index", two_per_family())
def test_expert_earns_reward_1(key, index, task_set, run_policy):
    expert_solves(run_policy, task_set, tasks_of(task_set, family_by_key(key))[index])


class GotoPath:
    """Go to `path` on whatever replica host the episode runs on (a learner typing a URL)."""

    def __init__(self, path: str):
        self.path = path

    def action(self, view: View) -> str:
        base = urlparse(view.url)
        return Goto(f"{base.scheme}://{base.netloc}{self.path}").action(view)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(task_set, run_policy):
    """The learner opened the wrong person's chat and typed half a message there; the expert still sends the right
    message to the right person (and nothing to the wrong one)."""
    task = first_task(task_set, "topwork.send_chat_message")
    wrong = sd.freelancer(other_freelancer(task.params["freelancer"]))
    detour = [
        GotoPath(f"/freelancers/{wrong['id']}"),
        Click(Target("link", "Message")),
        Fill(Target("textbox", f"Message {wrong['name']}"), "Hi, are yo"),
    ]
    policy = Detour(detour, PageExpert(family_by_key(task.family), task.params))
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), policy)
    assert result.error is None, result.error
    assert result.reward == 1.0 and result.verdict == "SUCCESS", f"{result.verdict} in {result.steps} steps"
