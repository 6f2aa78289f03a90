"""Topwork replica: the seed holds what REAL's topwork scripts name, and each state change (job posts, removed
posts, invitations, chat replies, offers, saved talent) comes out of /finish in the shape the scripts read:
graded by agisdk's unmodified eval scripts over HTTP (no browser). `grade` raises if a script crashed.

    .venv/bin/python -m pytest tests/unit/test_topwork_replica.py -q
"""

from __future__ import annotations

import importlib.util
import re

import pytest

from halo_lib.obs.summary import summarize
from halo_lib.sites.topwork import seed as sd
from halo_lib.sites.topwork.app import DEFAULT_INVITE, Topwork
from halo_lib.sites.topwork.expert import MISTAKES, SOLUTIONS
from tests.support.replica_http import SCRIPTS, ReplicaUser, grade, serve_replica

TASKS = sorted(SOLUTIONS, key=lambda t: int(t.split("-")[1]))
# Scripts that pass on an untouched session: none (each needs a change the task asks for).
LOOSE_ON_EMPTY: set[str] = set()


@pytest.fixture(scope="module")
def base():
    with serve_replica(Topwork()) as url:
        yield url


def user(base: str, task: str) -> ReplicaUser:
    return ReplicaUser(base, task)


def script(task: str) -> str:
    return task.replace("-", "_")


def post_job(u: ReplicaUser, **overrides) -> str:
    fields = dict(
        title="Data Annotator",
        description="Verita AI needs a data annotator.",
        category="Data Science & Analytics",
        skills="Data Labeling",
        rate_from="20",
        rate_to="25",
        size="small",
        duration="1 to 3 months",
        level="entry",
        hire="no",
        action="publish",
    )
    fields.update(overrides)
    return u.post("/jobs/new", **fields)


def invite(u: ReplicaUser, freelancer: str, job: str = "job-1", message: str = DEFAULT_INVITE) -> str:
    return u.post(f"/freelancers/{freelancer}/invite", job_id=job, message=message)


def offer(u: ReplicaUser, freelancer: str, title: str, job: str = "", agree: str = "yes", description: str = "Terms.") -> str:
    fields = dict(job_id=job, contract_title=title, rate="60", weekly_limit="40", start_date="2024-08-01", description=description)
    if agree:
        fields["agree"] = agree
    return u.post(f"/freelancers/{freelancer}/offer", **fields)


def say(u: ReplicaUser, freelancer: str, text: str) -> str:
    u.get(f"/messages/{freelancer}")
    return u.post(f"/messages/{freelancer}/send", message=text)


# ---- seed -----------------------------------------------------------------------------------------------
def test_every_task_has_a_script_a_solution_and_mistakes():
    for task in TASKS:
        assert (SCRIPTS / f"eval_{script(task)}.py").is_file()
        assert MISTAKES.get(task), f"{task} has no plausible wrong episode"
    assert len(TASKS) == 12


def test_seed_has_the_named_people_and_breadth():
    ids = {f["id"] for f in sd.FREELANCERS}
    assert len(sd.FREELANCERS) >= 30 and len(ids) == len(sd.FREELANCERS)
    assert {"alexrodriguez", "ashleycampbell", "brandonmartinez"} <= ids
    for f in sd.FREELANCERS:
        assert f["id"] == f["name"].lower().replace(" ", "")
    assert [f["name"] for f in sd.FREELANCERS if f["name"].startswith("Ashley")] == ["Ashley Campbell"]
    assert [f["name"] for f in sd.FREELANCERS if f["name"].startswith("Brandon")] == ["Brandon Martinez"]
    state = sd.seed_state()
    assert len(state["jobs"]["jobs"]) == 12
    assert "removedJobPosts" not in state["jobs"] and "selectedChatId" not in state["messages"]
    assert state["offers"]["offers"] == []
    alex = next(c for c in state["messages"]["contactList"] if c["id"] == "alexrodriguez")
    assert alex["name"] == "Alex Rodriguez" and "get set up" in alex["lastMessage"]
    assert sum(1 for c in state["messages"]["contactList"] if c["unreadCount"]) == 4
    assert {h["freelancerId"] for h in sd.PAST_HIRES} <= ids


def _is_data_related():
    spec = importlib.util.spec_from_file_location("eval_topwork_8", SCRIPTS / "eval_topwork_8.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_data_related


def test_exactly_the_data_posts_are_data_related_and_no_post_is_a_financial_analyst():
    is_data_related = _is_data_related()
    jobs = sd.seed_state()["jobs"]["jobs"]
    assert [j["id"] for j in jobs if is_data_related(j)] == sd.DATA_JOB_IDS
    assert not any("financial analyst" in j["title"].lower() for j in jobs)


def test_search_finds_people_by_name_title_and_skill():
    names = lambda q: [f["name"] for f in sd.search_freelancers(q)]  # noqa: E731
    assert names("Brandon") == ["Brandon Martinez"]
    assert names("Ashley") == ["Ashley Campbell"]
    assert {"Brandon Martinez", "Marcus Lee"} <= set(names("full stack"))
    assert "Daniel Kim" in names("python") and len(names("python")) >= 4


# ---- every page renders ---------------------------------------------------------------------------------
def test_pages_render(base, tmp_path):
    u = user(base, "topwork-2")
    for path in [
        "/",
        "/jobs/new",
        "/jobs/job-1",
        "/jobs/job-12",
        "/jobs/job-2/remove",
        "/freelancers",
        "/freelancers?page=2",
        "/freelancers?q=python&category=Data+Science+%26+Analytics",
        "/freelancers/marcuslee",
        "/freelancers/marcuslee/invite",
        "/freelancers/gracenelson/offer?job=job-1",
        "/messages",
        "/messages/alexrodriguez",
        "/messages/priyapatel",
        "/saved",
        "/hires",
        "/nope",
    ]:
        page = u.get(path)
        assert "<main>" in page, path
    # looking around changes nothing graded but the open conversation (a new chat has no conversation yet)
    assert u.finish()["initialfinaldiff"]["added"] == {"messages": {"selectedChatId": "alexrodriguez"}}


# ---- untouched sessions ---------------------------------------------------------------------------------
@pytest.mark.parametrize("task", TASKS)
def test_untouched_session_fails(base, task, tmp_path):
    u = user(base, task)
    finish = u.finish()
    assert finish == {"initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}}}
    expected = "SUCCESS" if task in LOOSE_ON_EMPTY else "FAILURE"
    assert grade(script(task), finish, tmp_path) == expected


# ---- job posts (9, 13) ----------------------------------------------------------------------------------
def test_13_published_data_annotator(base, tmp_path):
    u = user(base, "topwork-13")
    page = post_job(u, description="Verita AI is hiring a data annotator to label images.")
    assert "Your job post is live." in page
    finish = u.finish()
    job = finish["initialfinaldiff"]["added"]["jobs"]["jobs"]["12"]
    assert job["status"] == "published" and job["hourlyRateFrom"] == 20 and job["skills"] == ["Data Labeling"]
    assert grade("topwork_13", finish, tmp_path) == "SUCCESS"


@pytest.mark.parametrize(
    "change",
    [
        dict(action="draft"),
        dict(duration="Less than 1 month"),
        dict(level="intermediate"),
        dict(rate_from="200", rate_to="250"),
        dict(hire="yes"),
        dict(size="medium"),
        dict(description="A data annotator for my company."),
    ],
)
def test_13_wrong_posts_fail(base, tmp_path, change):
    u = user(base, "topwork-13")
    post_job(u, **change)
    assert grade("topwork_13", u.finish(), tmp_path) == "FAILURE"


def test_job_form_rejects_incomplete_posts(base):
    u = user(base, "topwork-9")
    page = post_job(u, title="", rate_from="70", rate_to="60", size="")
    assert 'role="alert"' in page and "Enter a title" in page and "must not exceed" in page
    assert u.finish()["initialfinaldiff"]["added"] == {}


def test_9_financial_analyst(base, tmp_path):
    u = user(base, "topwork-9")
    post_job(
        u,
        title="Financial Analyst",
        description="Forecasts.",
        category="Accounting & Consulting",
        rate_from="45",
        rate_to="65",
        size="medium",
    )
    assert grade("topwork_9", u.finish(), tmp_path) == "SUCCESS"


@pytest.mark.parametrize("change", [dict(action="draft"), dict(rate_to="75"), dict(rate_from="40"), dict(title="Accountant")])
def test_9_wrong_posts_fail(base, tmp_path, change):
    u = user(base, "topwork-9")
    post_job(
        u,
        **{
            **dict(title="Financial Analyst", description="Forecasts.", category="Accounting & Consulting", rate_from="45", rate_to="65"),
            **change,
        },
    )
    assert grade("topwork_9", u.finish(), tmp_path) == "FAILURE"


def test_9_a_published_draft_passes(base, tmp_path):
    u = user(base, "topwork-9")
    post_job(
        u,
        title="Financial Analyst",
        description="Forecasts.",
        category="Accounting & Consulting",
        rate_from="45",
        rate_to="65",
        action="draft",
    )
    u.post("/jobs/job-13/publish")
    assert grade("topwork_9", u.finish(), tmp_path) == "SUCCESS"


# ---- removing posts (8) ---------------------------------------------------------------------------------
def test_8_removed_posts_stay_a_list(base, tmp_path):
    u = user(base, "topwork-8")
    for job in sd.DATA_JOB_IDS:
        u.post(f"/jobs/{job}/remove", reason="No longer needed")
    finish = u.finish()
    removed = finish["initialfinaldiff"]["added"]["jobs"]["removedJobPosts"]
    assert isinstance(removed, list) and [j["id"] for j in removed] == sd.DATA_JOB_IDS
    assert removed[0]["removeReason"] == "No longer needed"
    assert grade("topwork_8", finish, tmp_path) == "SUCCESS"
    home = u.get("/")
    assert "Data Analyst for Sales Dashboard" not in home and "Your job posts (9)" in home


def test_8_removing_other_posts_fails(base, tmp_path):
    u = user(base, "topwork-8")
    u.post("/jobs/job-3/remove", reason="Other")
    u.post("/jobs/job-11/remove", reason="Other")
    assert grade("topwork_8", u.finish(), tmp_path) == "FAILURE"


# ---- invitations (2, 3, 4) ------------------------------------------------------------------------------
def test_invite_adds_a_whole_conversation_authored_client(base, tmp_path):
    u = user(base, "topwork-4")
    page = invite(u, "marcuslee")
    assert "Invitation sent to Marcus Lee." in page
    finish = u.finish()
    contact = finish["initialfinaldiff"]["added"]["messages"]["contactList"]["7"]
    assert contact["id"] == "marcuslee" and contact["job"] == "Full-Stack Engineer"
    assert contact["messages"][0]["author"] == "Client" and contact["messages"][0]["type"] == "invite"
    assert contact["lastMessageAuthor"] == "Client"
    assert "updated" not in finish["initialfinaldiff"] or not finish["initialfinaldiff"]["updated"]
    assert grade("topwork_4", finish, tmp_path) == "SUCCESS"


@pytest.mark.parametrize("people", [["brendanlee"], ["marcuslee", "brendanlee"], ["marcuslee", "brandonmartinez"]])
def test_4_wrong_invites_fail(base, tmp_path, people):
    u = user(base, "topwork-4")
    for person in people:
        invite(u, person)
    assert grade("topwork_4", u.finish(), tmp_path) == "FAILURE"


def test_invite_needs_an_open_post(base):
    u = user(base, "topwork-4")
    page = invite(u, "marcuslee", job="job-12")  # a draft
    assert "Choose one of your open job posts." in page
    assert u.finish()["initialfinaldiff"]["added"] == {}


def test_3_python_invite(base, tmp_path):
    u = user(base, "topwork-3")
    invite(u, "danielkim", job="job-7")
    assert grade("topwork_3", u.finish(), tmp_path) == "SUCCESS"


@pytest.mark.parametrize("person", ["ashleycampbell", "sofiarossi"])
def test_3_invite_without_python_fails(base, tmp_path, person):
    u = user(base, "topwork-3")
    invite(u, person, job="job-7")
    assert grade("topwork_3", u.finish(), tmp_path) == "FAILURE"


def test_2_fitness_invite(base, tmp_path):
    u = user(base, "topwork-2")
    invite(u, "marcuslee", message="Hi Marcus, I'd like to invite you. Are you interested in building a fitness app with me?")
    assert grade("topwork_2", u.finish(), tmp_path) == "SUCCESS"


@pytest.mark.parametrize(
    "person,message", [("sofiarossi", "Are you interested in building a fitness app with me?"), ("marcuslee", DEFAULT_INVITE)]
)
def test_2_wrong_invites_fail(base, tmp_path, person, message):
    u = user(base, "topwork-2")
    invite(u, person, message=message)
    assert grade("topwork_2", u.finish(), tmp_path) == "FAILURE"


# ---- chat (10, 12, 21) ----------------------------------------------------------------------------------
def test_10_reply_to_alex(base, tmp_path):
    u = user(base, "topwork-10")
    say(u, "alexrodriguez", "Hi Alex, I'm open to help you get set up!")
    finish = u.finish()
    added = finish["initialfinaldiff"]["added"]["messages"]
    assert added["selectedChatId"] == "alexrodriguez"
    assert added["contactList"]["0"]["messages"]["2"]["author"] == "Sarah Johnson"
    assert finish["initialfinaldiff"]["updated"]["messages"]["contactList"]["0"]["lastMessageAuthor"] == "Sarah Johnson"
    assert grade("topwork_10", finish, tmp_path) == "SUCCESS"


def test_10_reply_elsewhere_fails(base, tmp_path):
    u = user(base, "topwork-10")
    say(u, "emilychen", "I'm open to help you get set up!")
    assert grade("topwork_10", u.finish(), tmp_path) == "FAILURE"
    u = user(base, "topwork-10")
    say(u, "alexrodriguez", "Hi Alex, I will send you the files.")
    assert grade("topwork_10", u.finish(), tmp_path) == "FAILURE"


def test_opening_a_chat_marks_it_read(base):
    u = user(base, "topwork-12")
    assert "4 unread" in u.get("/messages")
    page = u.get("/messages/emilychen")
    assert "3 unread" in page and "When do you need the first round of mockups?" in page
    assert u.finish()["initialfinaldiff"]["updated"]["messages"]["contactList"] == {"1": {"unreadCount": 0}}


def test_12_replies_with_tomorrow(base, tmp_path):
    u = user(base, "topwork-12")
    say(u, "emilychen", "I'd like the first round of mockups by tomorrow.")
    say(u, "michaelbrown", "The first draft is due tomorrow.")
    say(u, "jessicataylor", "Thanks, I'll review them.")
    assert grade("topwork_12", u.finish(), tmp_path) == "SUCCESS"


def test_12_replies_without_tomorrow_fail(base, tmp_path):
    u = user(base, "topwork-12")
    say(u, "jessicataylor", "Thanks, I'll review them.")
    say(u, "emilychen", "Next week works.")
    assert grade("topwork_12", u.finish(), tmp_path) == "FAILURE"


def test_21_first_message_to_an_applicant(base, tmp_path):
    u = user(base, "topwork-21")
    assert "Start a conversation with Priya Patel" in u.get("/messages/priyapatel")
    u.post("/messages/priyapatel/send", message="Hi Priya, are you free for a call tomorrow?")
    finish = u.finish()
    contact = finish["initialfinaldiff"]["added"]["messages"]["contactList"]["7"]
    assert contact["id"] == "priyapatel" and isinstance(contact["messages"], list)
    assert contact["messages"][0]["author"] == "Sarah Johnson"
    assert grade("topwork_21", finish, tmp_path) == "SUCCESS"


def test_21_message_without_asking_fails(base, tmp_path):
    u = user(base, "topwork-21")
    say(u, "priyapatel", "Thanks for your proposal, Priya.")
    assert grade("topwork_21", u.finish(), tmp_path) == "FAILURE"


# ---- offers (7, 11) -------------------------------------------------------------------------------------
def test_7_offer_and_its_message(base, tmp_path):
    u = user(base, "topwork-7")
    page = offer(u, "brandonmartinez", "Full Stack Developer for Fitness App MVP", job="job-1")
    assert "Offer: Full Stack Developer for Fitness App MVP" in page  # the chat shows the offer
    finish = u.finish()
    added = finish["initialfinaldiff"]["added"]
    sent = added["offers"]["offers"]["0"]
    assert sent["status"] == "Pending" and sent["freelancerId"] == "brandonmartinez" and sent["id"] == "offer-1"
    message = added["messages"]["contactList"]["4"]["messages"]["2"]  # appended to his conversation
    assert message["type"] == "offer" and message["offer"]["id"] == sent["id"] and message["author"] == "Client"
    assert grade("topwork_7", finish, tmp_path) == "SUCCESS"


def test_7_offer_opening_a_new_conversation_is_missed_by_the_script(base, tmp_path):
    # eval_topwork_7 walks lists without yielding their elements, so the offer message of a conversation that
    # is new (a whole contact whose `messages` is a list, as deep-object-diff reports it) is never seen: an
    # offer to a freelancer you never talked to fails, on the real site as here. The expert hires a candidate
    # who already has a conversation.
    u = user(base, "topwork-7")
    offer(u, "priyapatel", "Backend for Fitness App", job="job-1")
    finish = u.finish()
    assert isinstance(finish["initialfinaldiff"]["added"]["messages"]["contactList"]["7"]["messages"], list)
    assert grade("topwork_7", finish, tmp_path) == "FAILURE"


def test_7_without_an_offer_fails(base, tmp_path):
    u = user(base, "topwork-7")
    say(u, "brandonmartinez", "You're hired!")
    page = offer(u, "brandonmartinez", "Fitness App", agree="")
    assert "Agree to the Topwork Terms of Service" in page
    assert grade("topwork_7", u.finish(), tmp_path) == "FAILURE"


def test_11_rehire_as_project_lead(base, tmp_path):
    u = user(base, "topwork-11")
    assert "Rehire Grace Nelson" in u.get("/hires")
    offer(u, "gracenelson", "Project Lead")
    assert grade("topwork_11", u.finish(), tmp_path) == "SUCCESS"


def test_11_rehire_to_an_existing_conversation(base, tmp_path):
    u = user(base, "topwork-11")
    offer(u, "davidnguyen", "Project Lead")  # David already has a conversation: the offer is appended to it
    finish = u.finish()
    assert finish["initialfinaldiff"]["added"]["messages"]["contactList"]["5"]["messages"]["2"]["type"] == "offer"
    assert grade("topwork_11", finish, tmp_path) == "SUCCESS"


@pytest.mark.parametrize(
    "offers", [[("gracenelson", "Project Manager")], [("gracenelson", "Project Lead"), ("davidnguyen", "Project Lead")]]
)
def test_11_wrong_offers_fail(base, tmp_path, offers):
    u = user(base, "topwork-11")
    for person, title in offers:
        offer(u, person, title)
    assert grade("topwork_11", u.finish(), tmp_path) == "FAILURE"


# ---- saved talent (14) ----------------------------------------------------------------------------------
def test_14_save_ashley_and_brandon(base, tmp_path):
    u = user(base, "topwork-14")
    page = u.post("/saved/toggle", freelancer_id="ashleycampbell", return_to="/freelancers?q=Ashley")
    assert 'aria-label="Unsave Ashley Campbell"' in page
    u.post("/saved/toggle", freelancer_id="brandonmartinez", return_to="/freelancers?q=Brandon")
    finish = u.finish()
    assert finish["initialfinaldiff"]["added"]["saved"]["savedFreelancerIds"] == {"1": "ashleycampbell", "2": "brandonmartinez"}
    assert grade("topwork_14", finish, tmp_path) == "SUCCESS"
    assert "Brandon Martinez" in u.get("/saved")


def test_14_wrong_saves_fail(base, tmp_path):
    u = user(base, "topwork-14")
    u.post("/saved/toggle", freelancer_id="ashleycampbell", return_to="/saved")
    u.post("/saved/toggle", freelancer_id="brendanlee", return_to="/saved")
    assert grade("topwork_14", u.finish(), tmp_path) == "FAILURE"
    u = user(base, "topwork-14")
    for person in ("ashleycampbell", "brandonmartinez", "brandonmartinez"):  # saved, then unsaved again
        u.post("/saved/toggle", freelancer_id=person, return_to="/saved")
    assert grade("topwork_14", u.finish(), tmp_path) == "FAILURE"


# ---- loose scripts, confirmed (see the report) ----------------------------------------------------------
def test_21_passes_for_any_contact_and_any_common_word(base, tmp_path):
    # eval_topwork_21 checks neither who gets the message (a past hire is not a "potential new hire") nor that it
    # asks about availability: "time", "chat", "call" anywhere pass.
    u = user(base, "topwork-21")
    say(u, "davidnguyen", "Thanks for the report last time.")
    assert grade("topwork_21", u.finish(), tmp_path) == "SUCCESS"


def test_11_passes_for_someone_never_hired(base, tmp_path):
    # eval_topwork_11 never checks that the freelancer was hired before.
    u = user(base, "topwork-11")
    offer(u, "kevinosei", "Project Lead")
    assert grade("topwork_11", u.finish(), tmp_path) == "SUCCESS"


def test_12_passes_with_one_tomorrow_to_anyone(base, tmp_path):
    # eval_topwork_12 does not check that every unread message got a reply, nor to whom "tomorrow" went.
    u = user(base, "topwork-12")
    say(u, "sophiagarcia", "Can we talk tomorrow?")
    assert grade("topwork_12", u.finish(), tmp_path) == "SUCCESS"


def test_8_passes_when_one_of_three_data_posts_is_removed(base, tmp_path):
    # eval_topwork_8 needs one removed data post, not all of them.
    u = user(base, "topwork-8")
    u.post("/jobs/job-9/remove", reason="Other")
    assert grade("topwork_8", u.finish(), tmp_path) == "SUCCESS"


# ---- page summaries -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "page,needed",
    [
        (
            "topwork-13__1",
            [
                "Job title",
                "Job description",
                "Category",
                "Hourly rate from",
                "Hourly rate to",
                "Small",
                "1 to 3 months",
                "Entry",
                "No, not at this time",
                "Post this job",
                "Save as draft",
            ],
        ),
        ("topwork-14__2", ["Save Ashley Campbell", "Search freelancers"]),
        ("topwork-12__1", ["Alex Rodriguez unread", "Emily Chen unread", "Michael Brown unread", "Jessica Taylor unread"]),
        ("topwork-12__2", ["Michael Brown unread", "Message Jessica Taylor", "Send"]),
    ],
)
def test_page_summary_lists_what_the_task_needs(load_page, page, needed):
    summary = summarize(load_page(page))
    for name in needed:
        assert re.search(r"\[\d+\] \w+ '[^']*" + re.escape(name), summary.text), f"{name!r} missing from {page}:\n{summary.text}"


def test_3_reads_python_experience_off_substrings_of_the_title(base, tmp_path):
    # eval_topwork_3 looks for "ai"/"ml"/"data"/"backend"/"python" inside the contact's job title: an Email
    # Marketing Specialist passes ("email" holds "ai"), while Marcus Lee, a Full-Stack Engineer with Python in his
    # skills, fails. The expert invites Daniel Kim, a Python Developer.
    u = user(base, "topwork-3")
    invite(u, "avalewis", job="job-7")
    assert grade("topwork_3", u.finish(), tmp_path) == "SUCCESS"
    u = user(base, "topwork-3")
    invite(u, "marcuslee", job="job-7")
    assert grade("topwork_3", u.finish(), tmp_path) == "FAILURE"


def test_10_passes_when_the_reply_went_elsewhere_but_alex_is_open_at_the_end(base, tmp_path):
    # eval_topwork_10 (strategy A) takes any new "help ... get set up" message by Sarah Johnson, in any
    # conversation, as long as Alex Rodriguez's conversation is the one open at the end.
    u = user(base, "topwork-10")
    say(u, "emilychen", "I'm open to help you get set up!")
    u.get("/messages/alexrodriguez")
    assert grade("topwork_10", u.finish(), tmp_path) == "SUCCESS"
