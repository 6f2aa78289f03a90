"""Gomail replica: the seed satisfies REAL's scripts' fixed ids, search finds exactly those sets, and the
state changes (flags, snooze copies, sent mail, labels) come out of /finish in the shapes the scripts read.

    .venv/bin/python -m pytest tests/unit/test_gomail_site.py -q
"""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from halo_lib.sites.framework import create_app
from halo_lib.sites.gomail import mailbox as mb
from halo_lib.sites.gomail.app import Gomail
from halo_lib.sites.gomail.seed import CONTACTS, EMAILS, seed_state


def ids(emails) -> set[str]:
    return {e["id"] for e in emails}


def hits(query: str) -> set[str]:
    return ids(mb.search(EMAILS.values(), query))


@pytest.fixture
def client() -> TestClient:
    c = TestClient(create_app(Gomail()))
    c.get("/config?run_id=0&task_id=v2.gomail-1&latency=0")
    return c


def finish(client: TestClient) -> dict:
    text = client.get("/finish").text
    return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", text, re.S).group(1)))


# ---- seed -----------------------------------------------------------------------------------------------
def test_seed_sets_match_the_scripts():
    state = seed_state()
    emails = state["email"]["emails"]
    assert sorted(emails, key=int) == [str(i) for i in range(1, 57)]
    assert ids(e for e in emails.values() if e["starred"]) == {"2", "6", "10", "14", "16", "21", "26", "28", "31", "37", "47", "49", "53"}
    notif = {k for k, e in emails.items() if "notification" in (e["from"] + " " + e["subject"]).lower()}
    assert notif == {"3", "4", "5", "6", "17", "36", "38", "56"}
    assert {k for k, e in emails.items() if "uber" in (e["from"] + " " + e["subject"]).lower()} == {"48"}
    assert {k for k, e in emails.items() if e["from"].startswith(("noreply", "no-reply"))} == {"3", "14", "34", "40", "50"}
    assert {k for k, e in emails.items() if e["date"].startswith("2024-07-18")} == {"46", "47", "48"}
    assert {k for k, e in emails.items() if e["date"][:10] <= "2024-05-18"} == {"52", "53", "54", "55", "56"}
    assert emails["1"]["fromName"] == "John Doe"
    assert [e["id"] for e in emails.values() if e["from"] == "jane.smith@example.com"] == ["9"]
    assert sum(not e["isRead"] for e in emails.values()) == 17
    assert state["ui"]["snackbar"]["message"] == ""


def test_keywords_appear_only_in_their_emails():
    assert hits("amazon") == {"8", "19", "33", "44"}
    assert hits("uber") == {"48"}
    assert hits("notification") == {"3", "4", "5", "6", "17", "36", "38", "56"}
    assert hits("alerts") == hits("alert") == {"12", "24", "41"}
    assert hits("notifications") == hits("notification")
    assert hits("noreply") == hits("no-reply") == {"3", "14", "34", "40", "50"}
    support = {k for k, e in EMAILS.items() if "support" in e["subject"].lower()}
    assert len(support) == 13 and hits("support") == hits("subject:support") == support


def test_unread_mail_and_today_are_on_the_first_inbox_page():
    inbox = mb.listing(seed_state(), "inbox")
    assert len(inbox) == 56
    first = ids(inbox[: mb.PAGE_SIZE])
    assert {k for k, e in EMAILS.items() if not e["isRead"]} <= first
    assert ids(inbox[mb.PAGE_SIZE :]) == {"51", "52", "53", "54", "55", "56"}


def test_contacts_have_unique_first_names():
    firsts = [c["name"].split()[0] for c in CONTACTS]
    assert len(firsts) == len(set(firsts))
    for who in (
        "charles.davis",
        "carol.adams",
        "brian.king",
        "angela.white",
        "alexa.richardson",
        "ashley.campbell",
        "kevin.moore",
        "barbara.thomas",
        "jane.smith",
    ):
        assert any(c["email"] == f"{who}@example.com" for c in CONTACTS)
    assert any("danielle" in c["email"] for c in CONTACTS)


# ---- search and recipients --------------------------------------------------------------------------------
def test_search_operators():
    assert hits("from:John Doe") == {"1", "22"}
    assert hits('from:"Jane Smith"') == {"9"}
    assert hits("older_than:2m") == {"52", "53", "54", "55", "56"}
    assert hits("before:2024/05/18") == {"52", "53", "54", "55", "56"}
    assert hits("is:starred") == {"2", "6", "10", "14", "16", "21", "26", "28", "31", "37", "47", "49", "53"}
    assert len(hits("is:unread")) == 17
    assert hits("label:Personal") == {"18", "26", "32"}


def test_recipients_are_bare_lowercase_addresses_and_malformed_ones_are_refused():
    assert mb.parse_recipients("Charles Davis <Charles.Davis@example.com>, kim@x.org, ") == ["charles.davis@example.com", "kim@x.org"]
    with pytest.raises(ValueError, match='The address "Charles" in the "To" field was not recognized'):
        mb.parse_recipients("Charles")


# ---- state changes through the pages ----------------------------------------------------------------------
def test_trash_is_a_flag_and_the_snackbar_counts_conversations(client):
    client.post("/action", data={"ids": ["8", "19", "33", "44"], "action": "trash", "return_to": "/"})
    out = finish(client)
    assert out["initialfinaldiff"]["updated"]["email"]["emails"] == {k: {"trash": True} for k in ("8", "19", "33", "44")}
    assert out["initialfinaldiff"]["updated"]["ui"]["snackbar"]["message"] == "4 conversations moved to Trash."
    assert out["differences"]["emails"] == {
        "added": [],
        "deleted": [],
        "updated": [{"id": k, "trash": True} for k in ("8", "19", "33", "44")],
    }


def test_select_all_on_the_inbox_page_moves_50(client):
    page = client.get("/").text
    page_ids = re.findall(r'name="ids" value="(\d+)"', page)
    assert len(page_ids) == 50 and "1–50 of 56" in page
    client.post("/action", data={"ids": page_ids, "action": "trash", "return_to": "/"})
    assert finish(client)["initialfinaldiff"]["updated"]["ui"]["snackbar"]["message"] == "50 conversations moved to Trash."
    client.post("/action", data={"scope": "all", "view_kind": "inbox", "action": "trash", "return_to": "/"})
    assert len(finish(client)["differences"]["emails"]["updated"]) == 56


def test_snooze_replaces_the_email_with_a_copy(client):
    client.post(
        "/action",
        data={
            "scope": "all",
            "view_kind": "search",
            "view_arg": "alerts",
            "action": "snooze_pick",
            "snooze_date": "2024-07-25",
            "snooze_time": "08:00",
            "return_to": "/",
        },
    )
    out = finish(client)
    assert out["initialfinaldiff"]["updated"]["ui"]["snackbar"]["message"] == "3 conversations snoozed until Thu, Jul 25, 8:00 AM"
    assert ids(out["differences"]["emails"]["deleted"]) == {"12", "24", "41"}
    added = out["initialfinaldiff"]["added"]["email"]["emails"]
    assert sorted(added) == ["57", "58", "59"] and all(e["snoozeUntil"] == "2024-07-25T08:00:00.000Z" for e in added.values())
    assert "A $1,249.00 transaction" not in client.get("/").text  # snoozed mail leaves the inbox
    assert "3 of 3" in client.get("/snoozed").text


def test_send_reply_and_label(client):
    client.post(
        "/send",
        data={
            "to": "Jane Smith <jane.smith@example.com>, ",
            "subject": "Re: Can we move our 1:1 to Monday?",
            "body": "Monday works.\n\nJordan",
            "reply_to": "9",
            "intent": "send",
            "return_to": "/email/9",
        },
    )
    client.post("/labels", data={"name": "Support Emails", "return_to": "/"})
    out = finish(client)
    (reply,) = out["differences"]["emails"]["added"]
    assert reply["to"] == ["jane.smith@example.com"] and reply["sent"] and reply["isReply"] and not reply["draft"]
    assert reply["content"] == "<p>Monday works.</p><p>Jordan</p>"
    assert out["initialfinaldiff"]["added"]["email"]["emails"][reply["id"]] == reply
    assert out["initialfinaldiff"]["added"]["settings"]["customLabels"] == {"2": {"id": "3", "label": "Support Emails"}}
    assert "Monday works." in client.get("/email/9").text  # the reply shows in the conversation


def test_malformed_address_is_not_sent_and_drafts_round_trip(client):
    client.post("/send", data={"to": "Charles", "subject": "x", "body": "y", "intent": "send", "return_to": "/"})
    assert finish(client)["differences"]["emails"]["added"] == []
    client.post("/send", data={"to": "", "subject": "Plan", "body": "Draft text", "intent": "draft", "return_to": "/"})
    (draft,) = finish(client)["differences"]["emails"]["added"]
    assert draft["draft"] and not draft["sent"]
    assert "Draft text" in client.get(f"/drafts?compose={draft['id']}").text
    client.post(
        "/send",
        data={
            "to": "barbara.thomas@example.com",
            "subject": "Plan",
            "body": "Draft text",
            "draft_id": draft["id"],
            "intent": "send",
            "return_to": "/",
        },
    )
    (sent,) = finish(client)["differences"]["emails"]["added"]
    assert sent["id"] == draft["id"] and sent["sent"] and not sent["draft"]


def test_pages_render_and_opening_marks_read(client):
    for path in (
        "/",
        "/?page=2",
        "/starred",
        "/snoozed",
        "/sent",
        "/drafts",
        "/all",
        "/spam",
        "/trash",
        "/label/Work",
        "/search?q=from:John",
        "/email/1",
    ):
        assert client.get(path).status_code == 200, path
    client.get("/email/4?back=/")
    assert finish(client)["initialfinaldiff"]["updated"]["email"]["emails"] == {"4": {"isRead": True}}
