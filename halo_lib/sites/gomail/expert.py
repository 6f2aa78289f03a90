"""Scripted solutions for Gomail's 21 v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Each solution works the page like a person: it reads the conversation list (sender, subject, date cells),
searches, ticks row checkboxes, uses the toolbar, and addresses mail by picking the contact the To box
suggests. Elements are found by role and accessible name only.

    .venv/bin/halo eval --mode expert --tasks gomail --out /tmp/gm_run --sites-port 8801
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k gomail -q
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from halo_lib.sites.expert import Answer, Click, Fill, Press, Target, View

SEARCH = Target("searchbox", "Search mail")
SELECT_ALL = Target("checkbox", "Select all")
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
TODAY = date(2024, 7, 18)  # what the site's clock shows; a person reads it off the list (times = today)


# ---- reading the list -----------------------------------------------------------------------------------
@dataclass
class Row:
    checkbox: str  # the row checkbox's accessible name ("<sender>, <subject>")
    starred: bool
    sender: str
    subject: str  # subject and snippet, as the subject cell (and its link) reads
    when: str  # the date cell: "9:12 AM" today, "Jul 17" this year


def rows(view: View) -> list[Row]:
    out = []
    for row in view.find_all("row"):
        cells = view.find_all("cell", within=row)
        box = view.find("checkbox", within=row)
        if box is None or len(cells) < 5:
            continue
        out.append(Row(box.name, cells[1].name == "Starred", cells[2].name, cells[3].name, cells[4].name))
    return out


def received(row: Row) -> date:
    if re.fullmatch(r"\d{1,2}:\d{2} [AP]M", row.when):
        return TODAY
    month, day = row.when.split()
    return date(TODAY.year, MONTHS[month], int(day))


def tick(boxes: list[str]):
    """Tick each named row checkbox (one click each)."""
    view = None
    for name in boxes:
        view = yield Click(Target("checkbox", name))
    return view


def search(query: str):
    view = yield Fill(SEARCH, query)
    view = yield Press(SEARCH, "Enter")
    return view


def search_and_select_all(query: str):
    yield from search(query)
    return (yield Click(SELECT_ALL))


def compose(who: str, address: str, subject: str, body: str, *, to_text: str | None = None):
    """Open Compose, type `who` in To and pick the suggestion with `address` (or type `to_text` as is)."""
    window = Target("dialog", "New Message")
    to = Target("combobox", "To", within=window)
    yield Click(Target("button", "Compose"))
    if to_text is not None:
        yield Fill(to, to_text)
    else:
        yield Fill(to, who)
        yield Click(Target("option", contains=address, within=window))
    yield Fill(Target("textbox", "Subject", within=window), subject)
    yield Fill(Target("textbox", "Message Body", within=window), body)
    return (yield Click(Target("button", "Send", within=window)))


def email_task(who, address, subject, body, answer):
    def solution(view):
        yield from compose(who, address, subject, body)
        yield Answer(answer)

    return solution


# ---- solutions --------------------------------------------------------------------------------------------
def gomail_1(view):
    """Mark everything read (select all, then all conversations in Inbox), then trash the Amazon emails."""
    yield Click(SELECT_ALL)
    yield Click(Target("button", contains="conversations in Inbox"))
    yield Click(Target("button", "Mark as read"))
    yield from search_and_select_all("amazon")
    yield Click(Target("button", "Delete"))
    yield Answer("I marked all emails as read and moved the 4 Amazon emails to Trash.")


def gomail_2(view):
    yield from search_and_select_all("notification")
    yield Click(Target("button", "Delete"))
    yield from search_and_select_all("uber")
    yield Click(Target("button", "Delete"))
    yield Answer("I moved the Uber email and all notification emails to Trash.")


def gomail_5(view):
    yield Click(Target("link", "Starred"))
    yield Click(SELECT_ALL)
    yield Click(Target("button", "Delete"))
    yield from compose(
        "Alexa",
        "alexa.richardson@example.com",
        "Signing my work permit",
        "Hi Alexa,\n\nThe work permit forms are ready for me to sign. When can we meet so I can sign them?\n\nThanks,\nJordan",
    )
    yield Answer("I deleted all starred emails and emailed Alexa Richardson about signing my work permit.")


def gomail_11(view):
    """The list is newest first: go to the last page and trash what is older than two months (before May 18)."""
    cutoff = date(2024, 5, 18)
    while view.find("link", "Older"):
        view = yield Click(Target("link", "Older"))
    old = [r.checkbox for r in rows(view) if received(r) < cutoff]
    yield from tick(old)
    yield Click(Target("button", "Delete"))
    yield Answer(f"I deleted the {len(old)} emails older than two months.")


def gomail_14(view):
    yield Click(SELECT_ALL)
    yield Click(Target("button", "Delete"))
    yield Answer("I moved the 50 visible conversations to Trash.")


def gomail_16(view):
    yield Click(Target("button", "Create new label"))
    yield Fill(Target("textbox", "Please enter a new label name:"), "Support Emails")
    yield Click(Target("button", "Create"))
    yield Answer('I created the label "Support Emails".')


def gomail_17(view):
    today = [r.checkbox for r in rows(view) if received(r) == TODAY]
    yield from tick(today)
    yield Click(Target("button", "Archive"))
    yield Answer(f"I archived the {len(today)} emails received today.")


def gomail_20(view):
    yield Click(SELECT_ALL)
    yield Click(Target("button", contains="conversations in Inbox"))
    yield Click(Target("button", "Delete"))
    yield Answer("I moved every email in the inbox to Trash.")


def snooze_until(day: str, clock: str = "08:00"):
    yield Click(Target("button", "Snooze"))
    yield Click(Target("menuitem", "Pick date & time"))
    yield Fill(Target("Date", "Date"), day)
    yield Fill(Target("InputTime", "Time"), clock)
    return (yield Click(Target("button", "Save")))


def gomail_21(view):
    yield from search_and_select_all("alerts")
    yield from snooze_until("2024-07-25")
    yield Answer("I snoozed the alerts emails until next Thursday, July 25.")


def reply_to_jane():
    view = yield from search("Jane Smith")
    row = next(r for r in rows(view) if r.sender.startswith("Jane Smith"))
    yield Click(Target("link", row.subject))
    yield Click(Target("button", "Reply"))
    box = Target("region", "Reply")
    yield Fill(Target("textbox", "Message Body", within=box), "Hi Jane,\n\nMonday at 11 works for me. See you then!\n\nJordan")
    return (yield Click(Target("button", "Send", within=box)))


def gomail_23(view):
    yield from reply_to_jane()
    view = yield from search("support")
    hits = rows(view)
    if all("support" in r.checkbox.split(", ", 1)[1].lower() for r in hits):
        yield Click(SELECT_ALL)
    else:
        yield from tick([r.checkbox for r in hits if "support" in r.checkbox.split(", ", 1)[1].lower()])
    yield Click(Target("button", "Delete"))
    yield Answer(f"I replied to Jane Smith and deleted the {len(hits)} emails with support in the subject.")


def gomail_24(view):
    view = yield from search("John Doe")
    yield from tick([r.checkbox for r in rows(view) if r.sender.startswith("John Doe")])
    yield Click(Target("button", "Delete"))
    yield Answer("I deleted all emails from John Doe.")


def gomail_26(view):
    yield from search_and_select_all("noreply")
    yield Click(Target("button", "Delete"))
    yield Answer("I moved the 5 no-reply emails to Trash.")


SOLUTIONS = {
    "gomail-1": gomail_1,
    "gomail-2": gomail_2,
    "gomail-4": email_task(
        "alexa",
        "alexa.richardson@example.com",
        "Files",
        "Hi Alexa,\n\nCould you let me know when the files come in?\n\nThanks,\nJordan",
        "I asked Alexa Richardson to let me know when the files come in.",
    ),
    "gomail-5": gomail_5,
    "gomail-7": email_task(
        "Ashley",
        "ashley.campbell@example.com",
        "Team dinner",
        "Hi Ashley,\n\nAre you coming to the team dinner?\n\nJordan",
        "I asked Ashley Campbell whether she is coming to the team dinner.",
    ),
    "gomail-8": email_task(
        "Kevin",
        "kevin.moore@example.com",
        "Atlas project details",
        "Hi Kevin,\n\nCould you send me the project details for Atlas?\n\nThanks,\nJordan",
        "I asked Kevin Moore for the project details.",
    ),
    "gomail-9": email_task(
        "Barbara",
        "barbara.thomas@example.com",
        "Project plan",
        "Hi Barbara,\n\nI'd like to go over the project plan with you. Do you have time this week?\n\nJordan",
        "I emailed Barbara Thomas about the project plan.",
    ),
    "gomail-11": gomail_11,
    "gomail-12": email_task(
        "Charles",
        "charles.davis@example.com",
        "Any new clients?",
        "Hi Charles,\n\nHave you found any new clients lately?\n\nJordan",
        "I asked Charles Davis whether he has found any new clients.",
    ),
    "gomail-13": email_task(
        "Carol",
        "carol.adams@example.com",
        "Meeting time change",
        "Hi Carol,\n\nThere has been a time change for the meeting: it is now moved to 8:30 AM.\n\nJordan",
        "I told Carol Adams the meeting moved to 8:30 AM.",
    ),
    "gomail-14": gomail_14,
    "gomail-15": email_task(
        "Danielle",
        "danielle.brooks@example.com",
        "System update launched",
        "Hi Danielle,\n\nThe new system update has been launched.\n\nJordan",
        "I told Danielle Brooks the new system update has launched.",
    ),
    "gomail-16": gomail_16,
    "gomail-17": gomail_17,
    "gomail-18": email_task(
        "Brian",
        "brian.king@example.com",
        "Meeting notes",
        "Hi Brian,\n\nCould you send me the meeting notes?\n\nThanks,\nJordan",
        "I asked Brian King to send me the meeting notes.",
    ),
    "gomail-19": email_task(
        "Angela",
        "angela.white@example.com",
        "FTA",
        "Hi Angela,\n\nWhen do you go on FTA?\n\nThanks,\nJordan",
        "I asked Angela White when she goes on FTA.",
    ),
    "gomail-20": gomail_20,
    "gomail-21": gomail_21,
    "gomail-23": gomail_23,
    "gomail-24": gomail_24,
    "gomail-26": gomail_26,
}


# ---- plausible wrong episodes (each must earn 0) -------------------------------------------------------------
def only_amazon(view):
    """gomail-1: deletes the Amazon emails but never marks anything read."""
    yield from search_and_select_all("amazon")
    yield Click(Target("button", "Delete"))
    yield Answer("I deleted the Amazon emails.")


def notifications_by_eye(view):
    """gomail-2: trashes only rows whose visible sender or subject says "notification" (misses those whose address
    says it, e.g. LinkedIn's notifications@), then the Uber email."""
    picked = []
    while True:
        picked += [r.checkbox for r in rows(view) if "notification" in (r.sender + " " + r.checkbox).lower()]
        if not view.find("link", "Older"):
            break
        yield from tick(picked)
        view = yield Click(Target("button", "Delete"))
        picked = []
        view = yield Click(Target("link", "Older"))
    yield from tick(picked)
    yield Click(Target("button", "Delete"))
    yield from search_and_select_all("uber")
    yield Click(Target("button", "Delete"))
    yield Answer("I deleted the notification emails and the Uber email.")


def permit_in_body_only(view):
    """gomail-5: clears the starred emails, but the email's subject does not mention the work permit."""
    yield Click(Target("link", "Starred"))
    yield Click(SELECT_ALL)
    yield Click(Target("button", "Delete"))
    yield from compose(
        "Alexa", "alexa.richardson@example.com", "Quick favor", "Hi Alexa,\n\nCan we meet so I can sign my work permit?\n\nJordan"
    )
    yield Answer("Done.")


def guessed_address(view):
    """gomail-7: types a guessed address for Ashley instead of picking her contact."""
    yield from compose(
        "Ashley", "", "Team dinner", "Hi Ashley,\n\nAre you coming to the team dinner?\n\nJordan", to_text="ashley@example.com"
    )
    yield Answer("I emailed Ashley.")


def archive_old(view):
    """gomail-11: archives the old emails instead of deleting them."""
    cutoff = date(2024, 5, 18)
    while view.find("link", "Older"):
        view = yield Click(Target("link", "Older"))
    yield from tick([r.checkbox for r in rows(view) if received(r) < cutoff])
    yield Click(Target("button", "Archive"))
    yield Answer("I archived the old emails.")


def trash_everything(view):
    """gomail-14: clears the whole inbox (all 56), not just the visible page."""
    yield from gomail_20(view)


def archive_alerts(view):
    """gomail-21: archives the alerts emails instead of snoozing them."""
    yield from search_and_select_all("alerts")
    yield Click(Target("button", "Archive"))
    yield Answer("I archived the alerts emails.")


def snooze_whole_page(view):
    """gomail-21: snoozes every visible email, not only the alerts ones."""
    yield Click(SELECT_ALL)
    yield from snooze_until("2024-07-25")
    yield Answer("I snoozed the emails.")


def new_email_not_reply(view):
    """gomail-23: writes Jane a new email instead of replying, then deletes the support emails."""
    yield from compose("Jane", "jane.smith@example.com", "Monday works", "Hi Jane,\n\nMonday at 11 works for me.\n\nJordan")
    yield from search_and_select_all("support")
    yield Click(Target("button", "Delete"))
    yield Answer("Done.")


def archive_no_reply(view):
    """gomail-26: archives the no-reply emails instead of trashing them."""
    yield from search_and_select_all("noreply")
    yield Click(Target("button", "Archive"))
    yield Answer("I archived the no-reply emails.")


MISTAKES = {
    "gomail-1": [only_amazon],
    "gomail-2": [notifications_by_eye],
    "gomail-5": [permit_in_body_only],
    "gomail-7": [guessed_address],
    "gomail-11": [archive_old],
    "gomail-14": [trash_everything],
    "gomail-21": [archive_alerts, snooze_whole_page],
    "gomail-23": [new_email_not_reply],
    "gomail-26": [archive_no_reply],
}
