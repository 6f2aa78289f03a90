"""Networkin replica without a browser: the seed the scripts rely on, and the state /finish reports after
member flows over HTTP, graded by agisdk's own networkin scripts (grade() raises if a script crashed, so
every verdict here also proves the shape).

    .venv/bin/python -m pytest tests/unit/test_networkin_replica.py -q
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from halo_lib.sites.networkin.app import Networkin, search_people
from halo_lib.sites.networkin.expert import MISTAKES, SOLUTIONS, UNSOLVABLE
from halo_lib.sites.networkin.seed import COMPANIES, CONNECTED, EVENTS, INVITATIONS, ME, PEOPLE, seed_state
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [
    "networkin_1",
    "networkin_5",
    "networkin_6",
    "networkin_10",
    "networkin_11",
    "networkin_13",
    "networkin_19",
    "networkin_25",
    "networkin_26",
    "networkin_27",
]


# ---- seed ---------------------------------------------------------------------------------------------------
def test_seed_has_what_the_scripts_name():
    assert ME == "divgarg"
    assert PEOPLE["oliviamartinez"]["name"] == "Olivia Martinez" and "oliviamartinez" not in CONNECTED
    assert "microsoft" in COMPANIES and COMPANIES["microsoft"]["name"] == "Microsoft"
    state = seed_state()
    assert "oliviamartinez" not in state["ui"]["messaging"]["chatroomData"]
    assert state["connectionGrades"]["oliviamartinez"] == "2nd"
    assert isinstance(state["contactList"], list) and state["contactList"]  # appended names show as {"<i>": name}
    assert "microsoft" not in state["followedCompanies"]
    assert all(p["type"] == "post" for p in state["ui"]["feed"]["postDynamicData"].values() if p["authorId"] != ME)


def test_seed_breadth_needs_search_and_choice():
    assert len(PEOPLE) >= 30 and all(p["headline"] and p["location"] for p in PEOPLE.values())
    assert len(COMPANIES) >= 12 and len(EVENTS) >= 6 and len(INVITATIONS) == 3
    engineers = [p for p in PEOPLE.values() if "software" in p["headline"].lower()]
    assert len(engineers) >= 6 and any(p["id"] in CONNECTED for p in engineers) and any(p["id"] not in CONNECTED for p in engineers)
    assert any("data scientist" in p["headline"].lower() for p in PEOPLE.values())
    new_york = search_people("new york")
    assert len(new_york) >= 6
    assert {p["industry"] == "Technology" for p in new_york} == {True, False}  # tech and non-tech New Yorkers
    assert [p["id"] for p in search_people("olivia martinez")] == ["oliviamartinez"]
    assert {p["id"] for p in search_people("olivia")} == {"oliviamartinez", "oliviamartin", "oliviachen"}
    assert len(search_people("software engineer")) >= 6


def test_every_task_has_a_solution_and_19_is_marked_unsolvable():
    assert set(SOLUTIONS) == {s.replace("_", "-") for s in SCRIPTS}
    assert set(UNSOLVABLE) == {"networkin-19"}
    assert sum(len(m) for m in MISTAKES.values()) >= 10


# ---- a live replica over HTTP ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Networkin()) as base:
        yield base


class Member(ReplicaUser):
    """Div Garg on Networkin: search, connect, message, post, share, follow, RSVP."""

    def search(self, keywords: str) -> str:
        return self.get("/search?" + urllib.parse.urlencode({"keywords": keywords}))

    def connect(self, username: str) -> str:
        return self.post("/connect", username=username, back="/mynetwork")

    def message(self, username: str, text: str) -> str:
        self.get(f"/in/{username}")
        self.get(f"/messaging/{username}")
        return self.post(f"/messaging/{username}/send", message=text)

    def write_post(self, text: str) -> str:
        return self.post("/feed/post", description=text)

    def new_post_ids(self) -> list[str]:
        added = self.finish()["initialfinaldiff"]["added"]
        return list(added.get("ui", {}).get("feed", {}).get("postDynamicData", {}))


def test_an_untouched_session_has_an_empty_diff_and_fails_every_script(base_url, tmp_path):
    member = Member(base_url, "networkin-25")
    finish = member.finish()
    assert finish == {"initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}}}
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_pages_render(base_url):
    member = Member(base_url, "networkin-1")
    pages = [
        "/",
        "/search",
        "/search?keywords=new+york",
        "/in/oliviamartinez",
        "/in/divgarg",
        "/mynetwork",
        "/mynetwork/connections",
        "/messaging",
        "/messaging/sarahkim",
        "/messaging/ethanwright",
        "/companies",
        "/company/microsoft",
        "/events",
        "/events/1",
        "/feed/post/101/send",
    ]
    for page in pages:
        html = member.get(page)
        assert "</html>" in html and "Internal Server Error" not in html, page
    assert "doesn't exist" in member.get("/no/such/page")
    assert member.finish()["initialfinaldiff"]["updated"]["router"]["location"] == {"pathname": "/feed/post/101/send"}


# -- networkin-1: follow companies
def test_following_microsoft_and_others(base_url, tmp_path):
    member = Member(base_url, "networkin-1")
    member.get("/companies")
    for cid in ("google", "amazon", "microsoft"):
        page = member.post(f"/company/{cid}/follow", back="/companies")
    assert "You are now following Microsoft." in page and "Unfollow Microsoft" in page
    finish = member.finish()
    assert finish["initialfinaldiff"]["added"]["followedCompanies"] == {"google": True, "amazon": True, "microsoft": True}
    assert grade("networkin_1", finish, tmp_path) == "SUCCESS"


def test_microsoft_alone_or_others_alone_fail(base_url, tmp_path):
    alone = Member(base_url, "networkin-1")
    alone.post("/company/microsoft/follow")
    assert grade("networkin_1", alone.finish(), tmp_path) == "FAILURE"
    others = Member(base_url, "networkin-1")
    others.post("/company/google/follow")
    others.post("/company/apple/follow")
    assert grade("networkin_1", others.finish(), tmp_path) == "FAILURE"
    undone = Member(base_url, "networkin-1")
    for cid in ("google", "microsoft", "microsoft"):  # followed, then unfollowed Microsoft
        undone.post(f"/company/{cid}/follow")
    assert undone.finish()["initialfinaldiff"]["added"]["followedCompanies"] == {"google": True, "microsoft": False}
    assert grade("networkin_1", undone.finish(), tmp_path) == "FAILURE"


def test_loose_1_a_microsoft_search_alone_passes(base_url, tmp_path):
    # Loose script: with no followedCompanies in the diff, any searchTerm holding "microsoft" is a SUCCESS.
    member = Member(base_url, "networkin-1")
    member.search("microsoft")
    assert grade("networkin_1", member.finish(), tmp_path) == "SUCCESS"


# -- networkin-10 / -27: connections
def test_three_new_connections(base_url, tmp_path):
    member = Member(base_url, "networkin-10")
    member.get("/mynetwork")
    for username in ("alexturner", "graceliu", "isabellarossi"):
        page = member.connect(username)
    assert "Isabella Rossi accepted your connection request." in page
    diff = member.finish()["initialfinaldiff"]
    n = len(CONNECTED)
    assert diff["added"]["contactList"] == {str(n): "alexturner", str(n + 1): "graceliu", str(n + 2): "isabellarossi"}
    assert diff["updated"]["connectionGrades"] == {"alexturner": "1st", "graceliu": "1st", "isabellarossi": "1st"}
    room = diff["added"]["ui"]["messaging"]["chatroomData"]["graceliu"]
    assert [m["message"] for m in room["messages"]] == ["Connection request sent", "Grace Liu accepted your connection request"]
    assert grade("networkin_10", member.finish(), tmp_path) == "SUCCESS"
    assert grade("networkin_27", member.finish(), tmp_path) == "FAILURE"


def test_accepting_invitations_connects_too(base_url, tmp_path):
    member = Member(base_url, "networkin-10")
    for username in INVITATIONS:
        member.post("/mynetwork/invitations/accept", username=username)
    diff = member.finish()["initialfinaldiff"]
    assert sorted(diff["added"]["contactList"].values()) == sorted(INVITATIONS)
    assert "Invitations (0)" in member.get("/mynetwork")
    assert grade("networkin_10", member.finish(), tmp_path) == "SUCCESS"


def test_two_connections_or_ignored_invitations_fail(base_url, tmp_path):
    two = Member(base_url, "networkin-10")
    two.connect("alexturner")
    two.connect("graceliu")
    two.connect("graceliu")  # already connected: nothing new
    assert len(two.finish()["initialfinaldiff"]["added"]["contactList"]) == 2
    assert grade("networkin_10", two.finish(), tmp_path) == "FAILURE"
    ignored = Member(base_url, "networkin-10")
    ignored.post("/mynetwork/invitations/accept", username="zoeyharris")
    ignored.post("/mynetwork/invitations/ignore", username="liamobrien")
    ignored.post("/mynetwork/invitations/ignore", username="samuelokafor")
    assert grade("networkin_10", ignored.finish(), tmp_path) == "FAILURE"


def test_connecting_with_olivia_martinez(base_url, tmp_path):
    member = Member(base_url, "networkin-27")
    page = member.search("Olivia Martinez")
    assert "Invite Olivia Martinez to connect" in page and "Olivia Martin<" not in page
    member.post("/connect", username="oliviamartinez", back="/search?keywords=Olivia+Martinez")
    finish = member.finish()
    assert grade("networkin_27", finish, tmp_path) == "SUCCESS"
    assert "Message Olivia Martinez" in member.search("Olivia Martinez")


def test_lookalike_olivia_or_profile_visit_fail(base_url, tmp_path):
    lookalike = Member(base_url, "networkin-27")
    lookalike.search("Olivia Martin")
    lookalike.connect("oliviamartin")
    assert grade("networkin_27", lookalike.finish(), tmp_path) == "FAILURE"
    visit = Member(base_url, "networkin-27")
    visit.search("Olivia Martinez")
    visit.get("/in/oliviamartinez")
    assert grade("networkin_27", visit.finish(), tmp_path) == "FAILURE"


def test_loose_27_a_message_without_connecting_passes(base_url, tmp_path):
    # Loose script: any chatroomData key "oliviamartinez" counts, so messaging her (no connection) passes.
    member = Member(base_url, "networkin-27")
    member.message("oliviamartinez", "Hi Olivia!")
    assert "oliviamartinez" not in member.finish()["initialfinaldiff"]["added"].get("contactList", {}).values()
    assert grade("networkin_27", member.finish(), tmp_path) == "SUCCESS"


# -- networkin-5 / -6 / -26: search and messages
def test_side_project_question_to_a_software_engineer(base_url, tmp_path):
    member = Member(base_url, "networkin-5")
    member.search("software engineer")
    member.message("victorhuang", "Hi Victor! Would you be interested in working on a side project with me?")
    diff = member.finish()["initialfinaldiff"]
    room = diff["added"]["ui"]["messaging"]["chatroomData"]["victorhuang"]
    assert room["participant"]["headline"] == "Backend Software Engineer at Uber"
    assert room["messages"][0]["authorId"] == "divgarg" and room["messages"][0]["type"] == "text"
    assert grade("networkin_5", member.finish(), tmp_path) == "SUCCESS"


def test_side_project_in_an_existing_chat_with_an_engineer(base_url, tmp_path):
    member = Member(base_url, "networkin-5")
    member.search("software engineer")
    member.message("jameschen", "James, are you interested in a side project?")
    diff = member.finish()["initialfinaldiff"]
    assert diff["added"]["ui"]["messaging"]["chatroomData"]["jameschen"]["messages"]["2"]["message"].endswith("side project?")
    assert grade("networkin_5", member.finish(), tmp_path) == "SUCCESS"


def test_side_project_to_a_data_scientist_or_no_question_fails(base_url, tmp_path):
    scientist = Member(base_url, "networkin-5")
    scientist.search("data scientist")
    scientist.message("kevinlee", "Hi Kevin, are you interested in working on a side project with me?")
    assert grade("networkin_5", scientist.finish(), tmp_path) == "FAILURE"
    scientist.search("software")  # even with a software search, a data scientist recipient is negative evidence
    assert grade("networkin_5", scientist.finish(), tmp_path) == "FAILURE"
    quiet = Member(base_url, "networkin-5")
    quiet.search("software engineer")
    quiet.message("victorhuang", "Hi Victor, great to meet you!")
    assert grade("networkin_5", quiet.finish(), tmp_path) == "FAILURE"


def test_project_invite_to_a_new_york_tech_person(base_url, tmp_path):
    member = Member(base_url, "networkin-6")
    page = member.search("new york")
    assert "Marcus Johnson" in page and "Rachel Green" in page
    member.get("/in/marcusjohnson")
    member.get("/messaging/marcusjohnson")
    diff = member.finish()["initialfinaldiff"]
    assert diff["added"]["searchHistory"]["3"]["searchTerm"] == "new york"
    assert diff["updated"]["ui"]["searchTerm"] == "new york"
    member.post("/messaging/marcusjohnson/send", message="Hi Marcus, would you like to join my new project?")
    assert grade("networkin_6", member.finish(), tmp_path) == "SUCCESS"


def test_search_page_records_keywords_in_the_router(base_url, tmp_path):
    member = Member(base_url, "networkin-26")
    member.search("software engineer")
    location = member.finish()["initialfinaldiff"]["updated"]["router"]["location"]
    assert location == {"pathname": "/search", "search": "?keywords=software+engineer"}


def test_project_invite_without_a_search_fails(base_url, tmp_path):
    member = Member(base_url, "networkin-6")
    member.get("/mynetwork/connections")
    member.post("/messaging/jameschen/send", message="Hi James, would you like to join my new project?")
    assert grade("networkin_6", member.finish(), tmp_path) == "FAILURE"


def test_loose_6_any_new_yorker_or_any_connection_passes(base_url, tmp_path):
    # Loose script: it checks a search for "new york"/"tech" and any invite, not who got it. A banker in
    # New York (not tech) passes, and so does connecting with anyone after the search.
    banker = Member(base_url, "networkin-6")
    banker.search("new york")
    banker.message("rachelgreen", "Hi Rachel, want to join my new project?")
    assert grade("networkin_6", banker.finish(), tmp_path) == "SUCCESS"
    connector = Member(base_url, "networkin-6")
    connector.search("new york")
    connector.connect("laurensmith")
    assert grade("networkin_6", connector.finish(), tmp_path) == "SUCCESS"


def test_advice_from_a_software_engineer(base_url, tmp_path):
    member = Member(base_url, "networkin-26")
    member.search("software engineer")
    member.message("ethanwright", "Hi Ethan, I'd value your advice on growing as a software engineer.")
    assert grade("networkin_26", member.finish(), tmp_path) == "SUCCESS"
    other = Member(base_url, "networkin-26")
    other.search("product manager")
    other.message("danielkim", "Hi Daniel, any advice on product management?")
    assert grade("networkin_26", other.finish(), tmp_path) == "FAILURE"


def test_loose_26_the_search_alone_passes(base_url, tmp_path):
    # Loose script: a searchTerm with "software" and "engineer" is enough; nobody needs to be contacted.
    member = Member(base_url, "networkin-26")
    member.search("software engineer")
    assert grade("networkin_26", member.finish(), tmp_path) == "SUCCESS"


# -- networkin-11 / -13 / -19: posts
NETWORKING = "Hosting a networking event next Thursday in SF. DM me if interested!"


def test_networking_post_sent_to_two_connections(base_url, tmp_path):
    member = Member(base_url, "networkin-11")
    page = member.write_post(NETWORKING)
    assert "Your post was shared." in page
    [pid] = member.new_post_ids()
    post = member.finish()["initialfinaldiff"]["added"]["ui"]["feed"]["postDynamicData"][pid]
    assert {k: post[k] for k in ("id", "type", "authorId", "description")} == {
        "id": pid,
        "type": "self-post",
        "authorId": "divgarg",
        "description": NETWORKING,
    }
    assert grade("networkin_11", member.finish(), tmp_path) == "FAILURE"  # not sent yet
    assert "James Chen" in member.get(f"/feed/post/{pid}/send")
    page = member.post(f"/feed/post/{pid}/send", to=["jameschen", "priyapatel"], note="")
    assert "Post sent to James Chen, Priya Patel." in page
    rooms = member.finish()["initialfinaldiff"]["added"]["ui"]["messaging"]["chatroomData"]
    assert rooms["jameschen"]["messages"]["2"]["postData"]["id"] == pid  # an old conversation: messages by index
    assert rooms["priyapatel"]["messages"][0]["type"] == "post"  # a new one: the whole room
    assert grade("networkin_11", member.finish(), tmp_path) == "SUCCESS"
    assert "Shared a post by Div Garg" in member.get("/messaging/priyapatel")


def test_networking_post_to_one_person_or_without_dm_ask_fails(base_url, tmp_path):
    one = Member(base_url, "networkin-11")
    one.write_post(NETWORKING)
    [pid] = one.new_post_ids()
    one.post(f"/feed/post/{pid}/send", to=["jameschen"])
    assert grade("networkin_11", one.finish(), tmp_path) == "FAILURE"
    no_ask = Member(base_url, "networkin-11")
    no_ask.write_post("Looking forward to my networking event next Thursday.")
    [pid] = no_ask.new_post_ids()
    no_ask.post(f"/feed/post/{pid}/send", to=["jameschen", "priyapatel"])
    assert grade("networkin_11", no_ask.finish(), tmp_path) == "FAILURE"
    other_post = Member(base_url, "networkin-11")
    other_post.write_post(NETWORKING)
    other_post.post("/feed/post/105/send", to=["jameschen", "priyapatel"])  # someone else's post was sent
    assert grade("networkin_11", other_post.finish(), tmp_path) == "FAILURE"


def test_loose_11_two_new_connections_stand_in_for_sharing(base_url, tmp_path):
    # Loose script: two added contactList entries count as "sent to a couple people" without any share.
    member = Member(base_url, "networkin-11")
    member.write_post(NETWORKING)
    member.connect("alexturner")
    member.connect("graceliu")
    assert grade("networkin_11", member.finish(), tmp_path) == "SUCCESS"


def test_summer_internship_post(base_url, tmp_path):
    member = Member(base_url, "networkin-13")
    member.write_post("Wrapping up my summer internship on the agents team. Grateful for my mentors!")
    assert grade("networkin_13", member.finish(), tmp_path) == "SUCCESS"
    empty = Member(base_url, "networkin-13")
    assert "Write something before posting." in empty.write_post("   ")
    empty.write_post("Excited about our new product launch!")
    assert grade("networkin_13", empty.finish(), tmp_path) == "FAILURE"


def test_deleting_a_new_post_leaves_nothing(base_url, tmp_path):
    member = Member(base_url, "networkin-13")
    member.write_post("My summer internship was great.")
    [pid] = member.new_post_ids()
    member.post(f"/feed/post/{pid}/delete")
    member.post("/feed/post/101/delete")  # not his post: nothing happens
    assert member.new_post_ids() == []
    assert grade("networkin_13", member.finish(), tmp_path) == "FAILURE"


def test_19_fails_by_its_script_on_the_real_finish_json(base_url, tmp_path):
    # Impossible by its script: eval_networkin_19.py reads data["env_state"]["initialfinaldiff"], which
    # agisdk's finish JSON never has. The post itself has the shape the script looks for: the same diff
    # wrapped by hand in env_state passes (the replica never emits env_state).
    member = Member(base_url, "networkin-19")
    member.write_post("I just finished my internship at AGI Inc! Thank you to the whole team.")
    finish = member.finish()
    assert set(finish) == {"initialfinaldiff"}
    assert grade("networkin_19", finish, tmp_path) == "FAILURE"
    assert grade("networkin_19", {"env_state": finish}, tmp_path) == "SUCCESS"
    member.write_post("Also: finished my internship at AGI Inc, did I mention?")
    assert grade("networkin_19", {"env_state": member.finish()}, tmp_path) == "FAILURE"  # a duplicate post


# -- networkin-25: events
def test_attending_an_event(base_url, tmp_path):
    member = Member(base_url, "networkin-25")
    member.get("/events")
    assert grade("networkin_25", member.finish(), tmp_path) == "FAILURE"  # the list page is no event
    page = member.post("/events/1/attend")
    assert "attending AI Builders Summit 2025." in page and "Cancel RSVP" in page
    diff = member.finish()["initialfinaldiff"]
    assert diff["added"]["ui"]["events"]["attending"] == {"1": True}
    assert grade("networkin_25", member.finish(), tmp_path) == "SUCCESS"
    member.post("/events/1/attend")  # cancel
    assert member.finish()["initialfinaldiff"]["added"]["ui"]["events"]["attending"] == {"1": False}


def test_loose_25_opening_an_event_page_passes(base_url, tmp_path):
    # Loose script: any string with "/events/" passes, so the pathname of an event page alone (no RSVP) does.
    member = Member(base_url, "networkin-25")
    member.get("/events/7")
    finish = member.finish()
    assert "ui" not in finish["initialfinaldiff"]["added"]
    assert grade("networkin_25", finish, tmp_path) == "SUCCESS"


def test_finish_changes_nothing_and_holds_only_the_diff(base_url):
    member = Member(base_url, "networkin-11")
    member.write_post(NETWORKING)
    member.get("/messaging/sarahkim")
    first = member.finish()
    assert member.finish() == first and set(first) == {"initialfinaldiff"}
    text = json.dumps(first)
    assert "Olivia" not in text and "Lightspeed" not in text  # no seed data beyond what changed


# ---- page summaries of real pages (tests/fixtures/axtrees/networkin-*, captured from expert episodes) ----------
def test_feed_summary_keeps_the_post_box_and_the_new_posts_send_link(page_summary):
    summary = page_summary("networkin-11__2")  # the feed right after posting: about to open the post's Send page
    lines = summary.text.splitlines()
    assert summary.n_shown == summary.n_elements
    assert any(line.endswith("textbox 'Start a post'") for line in lines) and any(line.endswith("button 'Post'") for line in lines)
    text_at = next(i for i, line in enumerate(lines) if line.startswith("I'm hosting a networking event"))
    assert lines[text_at + 3].endswith("link 'Send'")  # the new post's own Send link follows its text
    assert any(line.endswith("button 'Follow Microsoft'") for line in lines)


def test_send_page_summary_lists_every_connection_checkbox(page_summary):
    summary = page_summary("networkin-11__3")
    lines = summary.text.splitlines()
    for name in ("James Chen", "Priya Patel", "Tomas Garcia"):
        assert any(line.endswith(f"checkbox '{name}' not checked") for line in lines), name
    assert any(line.endswith("button 'Send'") for line in lines)


def test_people_search_summary_shows_headlines_and_locations(page_summary):
    summary = page_summary("networkin-6__2")  # results for "new york"
    text = summary.text
    assert summary.n_shown == summary.n_elements
    assert "link 'Marcus Johnson'" in text and "Software Engineer at Stripe" in text and "New York, New York" in text
    assert "button 'Invite Rachel Green to connect'" in text


def test_people_who_invited_me_offer_accept_not_connect(base_url):
    member = Member(base_url, "networkin-10")
    page = member.search("new york")
    assert "Accept invitation from Liam O&#39;Brien" in page and "Invite Liam O&#39;Brien to connect" not in page
    page = member.post("/mynetwork/invitations/accept", username="liamobrien", back="/search?keywords=new+york")
    assert "Message Liam O&#39;Brien" in page and "You are now connected with Liam O&#39;Brien." in page
    assert member.finish()["initialfinaldiff"]["updated"]["ui"]["network"]["invitations"] == {"1": "samuelokafor"}
