"""Gomail's task families (halo_lib/sites/gomail/families.py): distinct tasks that keep the clean split, strict
checkers (run as agisdk runs them) on finish states the real replica app makes, and, marked heavy, the
page-driven expert through Chromium graded by agisdk's evaluator.

    .venv/bin/python -m pytest tests/generated/test_families_gomail.py -q              # fast, no browser
    .venv/bin/python -m pytest tests/generated/test_families_gomail.py -q -m heavy     # the expert in Chromium
"""

from __future__ import annotations

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import PageExpert, families_for, family_by_key
from halo_lib.sites.gomail.app import Gomail
from halo_lib.sites.gomail.families import BULK, keyword_hits
from halo_lib.sites.gomail.seed import CONTACTS, EMAILS
from tests.support.family_checks import Detour, expert_solves, finish, replica_client, task_of, verdict

SITE = "gomail"
FAMILIES = families_for("gomail")


def test_gomail_families_are_of_at_least_four_kinds():
    assert len({f.kind for f in FAMILIES}) >= 4


# ---- finish states made by the replica (the forms its pages post) ---------------------------------------------
def send(client, to, subject, body, intent="send", reply_to="", cc=""):
    client.post(
        "/send",
        data={"to": to, "cc": cc, "bcc": "", "subject": subject, "body": body, "intent": intent, "reply_to": reply_to, "return_to": "/"},
    )


def act(client, ids, **form):
    client.post("/action", data={"ids": ids, "return_to": "/", **form})


def other_contact(address):
    return next(c for c in CONTACTS if c["email"] != address)


def do_send(client, p, mistake=None):
    if mistake == "draft":
        return send(client, p["address"], p["subject"], p["body"], intent="draft")
    to = other_contact(p["address"])["email"] if mistake == "recipient" else p["address"]
    send(client, to, p["subject"], p["body"])


def do_reply(client, p, mistake=None):
    email_id = p["email_id"] if mistake != "other_email" else next(e for e in EMAILS if e != p["email_id"])
    client.get(f"/email/{email_id}")
    reply_to = "" if mistake == "new_email" else email_id
    send(client, p["address"], f"Re: {p['subject']}", p["reply"], reply_to=reply_to)
    if mistake == "also_archive":
        act(client, [p["email_id"]], action="archive")


def do_forward(client, p, mistake=None):
    client.get(f"/email/{p['email_id']}")
    body = Gomail._forward_prefill(EMAILS[p["email_id"]])["body"]
    to = other_contact(p["address"])["email"] if mistake == "recipient" else p["address"]
    cc = "jane.smith@example.com" if mistake == "cc" else ""
    body = "FYI" if mistake == "no_quote" else body
    send(client, to, f"Fwd: {p['subject']}", body, cc=cc)


def do_bulk(client, p, mistake=None):
    ids = [e["id"] for e in keyword_hits(p["keyword"])]
    action = p["action"]
    if mistake == "half":
        ids = ids[:-1]
    if mistake == "other_action":
        action = next(a for a in BULK if a != action and BULK[a][1][0] != BULK[action][1][0])
    if mistake == "extra":
        ids = ids + [next(e for e in EMAILS if e not in ids)]
    act(client, ids, action=action)


def do_label(client, p, mistake=None):
    label = ("Personal" if p["label"] == "Work" else "Work") if mistake == "other_label" else p["label"]
    other = next(e for e in EMAILS if e != p["email_id"] and label not in EMAILS[e]["labels"])
    ids = [p["email_id"]] + ([other] if mistake == "extra" else [])
    act(client, ids, label_as=label)


def do_star(client, p, mistake=None):
    email_id = (
        next(e for e in EMAILS if e != p["email_id"] and EMAILS[e]["starred"] != p["star"]) if mistake == "other_email" else p["email_id"]
    )
    client.post("/star", data={"star": email_id, "return_to": "/"})
    if mistake == "also_trash":
        act(client, [p["email_id"]], action="trash")


CASES = {
    "send_new_email": (do_send, ["draft", "recipient"]),
    "reply_to_email": (do_reply, ["new_email", "other_email", "also_archive"]),
    "forward_email": (do_forward, ["recipient", "cc", "no_quote"]),
    "bulk_by_keyword": (do_bulk, ["half", "other_action", "extra"]),
    "label_email": (do_label, ["other_label", "extra"]),
    "star_email": (do_star, ["other_email", "also_trash"]),
}


def test_every_family_has_checker_cases():
    assert {f.name for f in FAMILIES} == set(CASES)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_checker_passes_the_right_change_and_fails_mistakes(family, task_set, tasks, tmp_path):
    task = task_of(tasks, family)
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


@pytest.mark.parametrize("action", sorted(BULK))
def test_bulk_checker_covers_every_action(action):
    family = family_by_key("gomail.bulk_by_keyword")
    params = next(p for p in (dict(keyword=k, action=action) for k in ("invoice", "budget", "Q3", "July", "team")) if family.expected(p))
    client = replica_client(SITE)
    do_bulk(client, params)
    assert grade(family.key, params, finish(client)) == []


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
    """Reply task: the learner first opens Spam, then types a wrong query; the expert still finds and answers."""
    from halo_lib.sites.expert import Click, Fill, Target

    family = family_by_key("gomail.reply_to_email")
    task = task_of(tasks, family)
    detour = [
        lambda view: Click(Target("link", "Spam")).action(view),
        lambda view: Fill(Target("searchbox", "Search mail"), "something else").action(view),
    ]
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), Detour(detour, PageExpert(family, task.params)))
    assert result.error is None, result.error
    assert result.reward == 1.0, f"{result.verdict} in {result.steps} steps"
