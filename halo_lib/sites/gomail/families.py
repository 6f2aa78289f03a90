"""Gomail's task families (see halo_lib/generated/family.py): generated tasks over the seed mailbox.

    send_new_email      compose      a new email to one contact, given subject and body
    reply_to_email      reply        reply to one received email with a given text
    forward_email       forward      forward one received email to a contact
    bulk_by_keyword     bulk-manage  delete / archive / report spam / mark read / mark unread every email a word finds
    label_email         organize     put the Work or Personal label on one email
    star_email          organize     star or unstar one email

Every checker is strict over `differences.emails` (added / updated / deleted emails): the asked change and
nothing else (opening the email the task is about may mark it read; nothing else may change). Every expert reads
the page: it finds the email by its row (sender, subject) on whatever list is shown, or searches for it.

    from halo_lib.sites.gomail.families import FAMILIES
    halo gen tasks --name gm --sites gomail --per-family 20 && halo eval --mode expert --tasks gen:gm
"""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Target, View
from halo_lib.sites.gomail import mailbox as mb
from halo_lib.sites.gomail.seed import CONTACTS, EMAILS, ME_NAME

SEARCH = Target("searchbox", "Search mail")
SELECT_ALL = Target("checkbox", "Select all")
TOPICS = [
    ("Quarterly budget review", "Can we move the budget review to next week? I need two more days for the numbers."),
    ("Lunch on Friday", "Are you free for lunch on Friday around noon? The new ramen place opened."),
    ("Slides for the offsite", "Please send me your slides for the offsite by Wednesday evening."),
    ("Parking permit renewal", "My parking permit expires this month; who handles the renewal now?"),
    ("Book club pick", "I vote for the new mystery novel for next month's book club."),
    ("Laptop replacement", "My laptop battery is failing. Could you order a replacement through IT?"),
    ("Team photo", "The photographer comes at 3 PM on Tuesday. Please be in the lobby on time."),
    ("Conference travel", "I booked my flight to the conference; I land Sunday at 6 PM."),
    ("Garden tools", "Could I borrow your hedge trimmer this weekend? I will return it Monday."),
    ("Invoice 4471", "Invoice 4471 is still open in our system. Could you confirm the payment date?"),
    ("Piano lessons", "Lessons move to Thursdays at 5 PM starting next month."),
    ("Welcome aboard", "Welcome to the team! Let me know if you need help with your accounts."),
]
REPLIES = [
    "Thanks, I will take a look today.",
    "Sounds good to me, let's go ahead.",
    "Could we talk about this tomorrow morning?",
    "Got it, thank you for the update.",
    "I am out this week; I will get back to you on Monday.",
    "Great news, thanks for letting me know!",
    "Please send me a bit more detail when you can.",
    "Count me in.",
]
PEOPLE = [e for e in EMAILS.values() if e["from"].endswith("@example.com")]  # mail from people (not services)


# ---- reading the finish state ------------------------------------------------------------------------------
def email_diff(state: dict[str, Any]) -> tuple[list[dict], dict[str, dict], list[dict]]:
    """`differences.emails` as (added emails, {id: changed fields}, deleted emails)."""
    emails = (state.get("differences") or {}).get("emails") or {}
    updated = {str(u["id"]): {k: v for k, v in u.items() if k != "id"} for u in emails.get("updated") or []}
    return list(emails.get("added") or []), updated, list(emails.get("deleted") or [])


def strict_updates(state: dict[str, Any], expected: dict[str, dict], may_read: frozenset[str] = frozenset()) -> list[str]:
    """Problems unless the updated emails are exactly `expected` ({id: {field: value}}); the emails in `may_read`
    may also turn read (opening them does that). Other paths of the state must not change."""
    _, updated, _ = email_diff(state)
    problems = []
    for eid, fields in expected.items():
        got = updated.get(eid, {})
        for field, value in fields.items():
            if field not in got or got[field] != value:
                problems.append(
                    f"email {eid} ({EMAILS[eid]['subject']!r}): {field} should be {value!r}, is unchanged or {got.get(field)!r}"
                )
    for eid, got in updated.items():
        extra = {f: v for f, v in got.items() if f not in expected.get(eid, {}) and not (f == "isRead" and v is True and eid in may_read)}
        if extra:
            problems.append(f"email {eid} was changed and should not have been: {extra}")
    problems += [f"unexpected change at {p}" for p in unexpected(state, ["email.emails"]) if p]  # "": an empty diff kind
    return problems


def no_new_or_deleted(state: dict[str, Any]) -> list[str]:
    added, _, deleted = email_diff(state)
    problems = []
    if added:
        problems.append(f"{len(added)} email(s) were added (sent, drafted or snoozed): {[e.get('subject') for e in added]}")
    if deleted:
        problems.append(f"{len(deleted)} email(s) left the mailbox: {[e.get('id') for e in deleted]}")
    return problems


def one_sent(state: dict[str, Any]) -> tuple[dict | None, list[str]]:
    """The single sent email the task asks for, or problems (none, several, drafts, other changes)."""
    added, _, deleted = email_diff(state)
    sent = [e for e in added if e.get("sent") and not e.get("draft")]
    problems = []
    if len(sent) != 1:
        problems.append(f"expected exactly one sent email, found {len(sent)}")
    if len(added) != len(sent):
        problems.append("an email was left as a draft or another email was added")
    if deleted:
        problems.append(f"{len(deleted)} email(s) left the mailbox")
    return (sent[0] if len(sent) == 1 else None), problems


# ---- reading the page --------------------------------------------------------------------------------------
def row_of(view: View, sender: str, subject: str):
    """The list row of the email from `sender` with `subject` on this page (its checkbox reads "sender, subject")."""
    box = view.find("checkbox", f"{sender}, {subject}")
    if box is None:
        return None
    return next((row for row in view.find_all("row") if view.find("checkbox", box.name, within=row) is not None), None)


def searched(view: View) -> str | None:
    """The query of the search results on this page (None elsewhere)."""
    url = urlparse(view.url)
    return parse_qs(url.query).get("q", [""])[0].strip() if url.path == "/search" else None


def search_for(view: View, query: str) -> Intent:
    """Type `query` in the search box, or submit it when it is typed but these are not its results."""
    box = view.find("searchbox", "Search mail")
    if box is not None and (box.value or "") == query and searched(view) != query:
        return Press(SEARCH, "Enter")
    return Fill(SEARCH, query)


def on_email_page(view: View, email: dict) -> bool:
    return "/email/" in view.url and view.find("heading", email["subject"]) is not None


def open_email(view: View, email: dict) -> Intent:
    """Click the email's row if this list shows it; otherwise search for its subject."""
    row = row_of(view, email["fromName"], email["subject"])
    if row is not None:
        return Click(view.find("link", within=row))
    return search_for(view, email["subject"])


def status_says(view: View, text: str) -> bool:
    return any(text in node.name for node in view.find_all("status")) or view.find(contains=text) is not None


class SendNewEmail(Family):
    """Write a new email to one contact with a given subject and body."""

    site, name, kind = "gomail", "send_new_email", "compose"
    templates = (
        'Send an email to {contact} with the subject "{subject}" saying: {body}',
        "Write to {contact}. Subject: {subject}. Message: {body}",
        'Email {contact} about "{subject}" and tell them: {body}',
        'Compose a new message to {contact}, subject "{subject}", body: {body}',
    )

    def sample(self, rng: random.Random) -> Params:
        contact = rng.choice(CONTACTS)
        subject, body = rng.choice(TOPICS)
        return {"contact": contact["name"], "address": contact["email"], "subject": subject, "body": body}

    def identity(self, params: Params) -> tuple:
        return (params["address"], params["subject"])

    def check(self, params: Params, state: dict) -> list[str]:
        email, problems = one_sent(state)
        if email is not None:
            if email.get("to") != [params["address"]] or email.get("cc") or email.get("bcc"):
                problems.append(f"sent to {email.get('to')} cc {email.get('cc')} bcc {email.get('bcc')}, not {params['address']}")
            if (email.get("subject") or "").strip() != params["subject"]:
                problems.append(f"subject is {email.get('subject')!r}, not {params['subject']!r}")
            if params["body"] not in mb.text_of(email.get("content") or ""):
                problems.append("the body does not hold the requested message")
            if email.get("isReply"):
                problems.append("it was sent as a reply, not a new email")
        return problems + strict_updates(state, {})

    def next_step(self, view: View, params: Params, history) -> Intent:
        if view.find(contains="Message sent"):
            return Answer(f"I sent the email to {params['contact']}.")
        dialog = view.find("dialog", "New Message")
        if dialog is None:
            return Click(Target("button", "Compose"))
        to = view.find("combobox", "To", within=dialog)
        subject = view.find("textbox", "Subject", within=dialog)
        body = view.find("textbox", "Message Body", within=dialog)
        option = view.find("option", contains=params["address"], within=dialog)
        if option is not None:
            return Click(option)
        if to is not None and params["address"] not in (to.value or "") and params["contact"] not in (to.value or ""):
            return Fill(to, params["contact"])
        if subject is not None and (subject.value or "") != params["subject"]:
            return Fill(subject, params["subject"])
        if body is not None and (body.value or "").strip() != params["body"]:
            return Fill(body, params["body"])
        return Click(Target("button", "Send", within=dialog))


class ReplyToEmail(Family):
    """Reply to one email from a person with a given text (a reply in its thread, not a new email)."""

    site, name, kind = "gomail", "reply_to_email", "reply"
    templates = (
        'Reply to {sender}\'s email "{subject}" with: {reply}',
        'Answer the message from {sender} about "{subject}". Say: {reply}',
        'Open "{subject}" from {sender} and send a reply saying "{reply}"',
        "{sender} wrote to me about {subject}. Respond in that thread: {reply}",
    )

    def sample(self, rng: random.Random) -> Params:
        email = rng.choice([e for e in PEOPLE if e["id"] != "9"])  # gomail-23 replies to Jane Smith's email 9
        return {
            "email_id": email["id"],
            "sender": email["fromName"],
            "address": email["from"],
            "subject": email["subject"],
            "reply": rng.choice(REPLIES),
        }

    def identity(self, params: Params) -> tuple:
        return (params["email_id"], params["reply"])

    def real_params(self) -> list[Params]:
        jane = EMAILS["9"]
        return [
            {"email_id": "9", "sender": jane["fromName"], "address": jane["from"], "subject": jane["subject"], "reply": r} for r in REPLIES
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        email, problems = one_sent(state)
        if email is not None:
            if not email.get("isReply") or email.get("inReplyTo") != params["email_id"]:
                problems.append(
                    f"the email is not a reply to email {params['email_id']} (isReply {email.get('isReply')}, inReplyTo {email.get('inReplyTo')})"
                )
            if email.get("to") != [params["address"]] or email.get("cc") or email.get("bcc"):
                problems.append(f"the reply went to {email.get('to')} cc {email.get('cc')} bcc {email.get('bcc')}, not {params['address']}")
            if params["reply"] not in mb.text_of(email.get("content") or ""):
                problems.append("the reply does not say the requested text")
        return problems + strict_updates(state, {}, frozenset({params["email_id"]}))

    def next_step(self, view: View, params: Params, history) -> Intent:
        email = EMAILS[params["email_id"]]
        if not on_email_page(view, email):
            return open_email(view, email)
        mine = view.find("article", f"Message from {ME_NAME}")
        if mine is not None and view.find(contains=params["reply"][:40], within=mine) is not None:
            return Answer(f"I replied to {params['sender']}: {params['reply']}")
        box = view.find("region", "Reply")
        if box is None:
            return Click(Target("button", "Reply"))
        body = view.find("textbox", "Message Body", within=box)
        if body is not None and (body.value or "").strip() != params["reply"]:
            return Fill(body, params["reply"])
        return Click(Target("button", "Send", within=box))


class ForwardEmail(Family):
    """Forward one received email to a contact (the quoted message kept, no other recipient)."""

    site, name, kind = "gomail", "forward_email", "forward"
    templates = (
        'Forward the email "{subject}" from {sender} to {contact}.',
        'Send {contact} a copy of {sender}\'s message "{subject}" (forward it).',
        '{contact} needs to see "{subject}" from {sender}; forward it to them.',
        "Pass the email from {sender} about {subject} on to {contact}.",
    )

    def sample(self, rng: random.Random) -> Params:
        email = rng.choice(list(EMAILS.values()))
        contact = rng.choice([c for c in CONTACTS if c["email"] != email["from"]])
        return {
            "email_id": email["id"],
            "sender": email["fromName"],
            "subject": email["subject"],
            "contact": contact["name"],
            "address": contact["email"],
        }

    def identity(self, params: Params) -> tuple:
        return (params["email_id"], params["address"])

    def check(self, params: Params, state: dict) -> list[str]:
        email, problems = one_sent(state)
        original = EMAILS[params["email_id"]]
        if email is not None:
            if email.get("to") != [params["address"]] or email.get("cc") or email.get("bcc"):
                problems.append(f"forwarded to {email.get('to')} cc {email.get('cc')} bcc {email.get('bcc')}, not {params['address']}")
            if (email.get("subject") or "") != f"Fwd: {original['subject']}":
                problems.append(f"subject is {email.get('subject')!r}, not 'Fwd: {original['subject']}'")
            quoted = " ".join(mb.text_of(original["content"]).split())[:60]
            if quoted not in " ".join(mb.text_of(email.get("content") or "").split()):
                problems.append("the forwarded message does not quote the original")
            if email.get("isReply"):
                problems.append("it was sent as a reply, not a forward")
        return problems + strict_updates(state, {}, frozenset({params["email_id"]}))

    def next_step(self, view: View, params: Params, history) -> Intent:
        email = EMAILS[params["email_id"]]
        if not on_email_page(view, email):
            return open_email(view, email)
        if status_says(view, "Message sent"):
            return Answer(f'I forwarded "{params["subject"]}" to {params["contact"]}.')
        box = view.find("region", "Forward")
        if box is None:
            return Click(Target("button", "Forward"))
        to = view.find("combobox", "To", within=box)
        option = view.find("option", contains=params["address"], within=box)
        if option is not None:
            return Click(option)
        if to is not None and params["address"] not in (to.value or ""):
            return Fill(to, params["contact"])
        return Click(Target("button", "Send", within=box))


# ---- bulk actions over a search ----------------------------------------------------------------------------
# action -> (toolbar button, changed field and value, the query the expert runs: empty once the action is done,
#            "do them" phrase, "they are ..." phrase)
BULK = {
    "trash": ("Delete", ("trash", True), "{kw}", "move them to the trash", "in the trash"),
    "archive": ("Archive", ("archived", True), "in:inbox {kw}", "archive them", "archived, out of the inbox"),
    "spam": ("Report spam", ("spam", True), "{kw}", "report them as spam", "reported as spam"),
    "read": ("Mark as read", ("isRead", True), "is:unread {kw}", "mark them as read", "marked as read"),
    "unread": ("Mark as unread", ("isRead", False), "is:read {kw}", "mark them as unread", "marked as unread"),
}
KEYWORD_CANDIDATES = (
    "invoice budget Friday slides design payment Q3 review permit August July team meeting receipt ticket Monday "
    "project Saturday battery renewal Google agenda photos account hiring"
).split()


def keyword_hits(keyword: str) -> list[dict]:
    return mb.search(EMAILS.values(), keyword)


def _whole_word(keyword: str) -> bool:
    """The site's substring search finds only emails with the keyword as a word (so 'mentions X' means the same)."""
    word = re.compile(rf"\b{re.escape(keyword.lower())}s?\b")
    hits = keyword_hits(keyword)
    return 2 <= len(hits) <= mb.PAGE_SIZE and all(
        word.search(" ".join([e["fromName"], e["from"], e["subject"], mb.text_of(e["content"])]).lower()) for e in hits
    )


KEYWORDS = [k for k in KEYWORD_CANDIDATES if _whole_word(k)]


def bulk_expected(keyword: str, action: str) -> dict[str, dict]:
    """{id: {field: value}} for the emails the action changes (those the keyword finds, not already so)."""
    field, value = BULK[action][1]
    return {e["id"]: {field: value} for e in keyword_hits(keyword) if e[field] != value}


BULK_TASKS = [{"keyword": k, "action": a} for k in KEYWORDS for a in sorted(BULK) if bulk_expected(k, a)]


class BulkByKeyword(Family):
    """Apply one toolbar action to every email a keyword finds (search, select all, act)."""

    site, name, kind = "gomail", "bulk_by_keyword", "bulk-manage"
    templates = (
        'Find all emails mentioning "{keyword}" and {do_them}.',
        "Search my mail for {keyword} and {do_them}, every one of them.",
        'I want every email that mentions "{keyword}" {state}.',
        "Tidy up: take every message with {keyword} in the sender, subject or text and {do_them}.",
    )

    def sample(self, rng: random.Random) -> Params:
        return dict(rng.choice(BULK_TASKS))

    def fields(self, params: Params) -> dict[str, Any]:
        _, _, _, do_them, state = BULK[params["action"]]
        return {"keyword": params["keyword"], "do_them": do_them, "state": state}

    def identity(self, params: Params) -> tuple:
        return (params["keyword"].lower(), params["action"])

    def real_params(self) -> list[Params]:
        # gomail-1 (amazon), -2 (notification, uber), -23 (support), -24 (John Doe), -26 (no reply): all to the trash
        return [{"keyword": k, "action": "trash"} for k in ("amazon", "notification", "uber", "support", "John Doe", "noreply")]

    def expected(self, params: Params) -> dict[str, dict]:
        return bulk_expected(params["keyword"], params["action"])

    def check(self, params: Params, state: dict) -> list[str]:
        expected = self.expected(params)
        return no_new_or_deleted(state) + strict_updates(state, expected)

    def next_step(self, view: View, params: Params, history) -> Intent:
        button, _, query, _, _ = BULK[params["action"]]
        query = query.format(kw=params["keyword"])
        if searched(view) != query:
            return search_for(view, query)
        if view.find(contains="No messages matched your search") is not None:
            return Answer(f"Every email mentioning {params['keyword']} is now {BULK[params['action']][4]}.")
        boxes = [b for b in view.find_all("checkbox") if b.name != "Select all"]
        if not all(b.checked for b in boxes):
            return Click(SELECT_ALL) if not view.find("checkbox", "Select all").checked else Click(next(b for b in boxes if not b.checked))
        return Click(Target("button", button))


class LabelEmail(Family):
    """Put the Work or Personal label on one email (from the list: tick its row, Label as)."""

    site, name, kind = "gomail", "label_email", "organize"
    templates = (
        'Label the email "{subject}" from {sender} as {label}.',
        'Put the {label} label on {sender}\'s message "{subject}".',
        "File {sender}'s email about {subject} under {label}.",
    )

    def sample(self, rng: random.Random) -> Params:
        label = rng.choice(["Work", "Personal"])
        email = rng.choice([e for e in EMAILS.values() if label not in e["labels"]])
        return {"email_id": email["id"], "sender": email["fromName"], "subject": email["subject"], "label": label}

    def identity(self, params: Params) -> tuple:
        return (params["email_id"], params["label"])

    def check(self, params: Params, state: dict) -> list[str]:
        email = EMAILS[params["email_id"]]
        expected = {params["email_id"]: {"labels": email["labels"] + [params["label"]]}}
        return no_new_or_deleted(state) + strict_updates(state, expected, frozenset({params["email_id"]}))

    def next_step(self, view: View, params: Params, history) -> Intent:
        email = EMAILS[params["email_id"]]
        row = row_of(view, email["fromName"], email["subject"])
        if row is None:
            return search_for(view, email["subject"])
        link = view.find("link", within=row)
        if link is not None and re.search(rf"\b{params['label']}\b", link.name.split(email["subject"])[0]):
            return Answer(f'The email "{email["subject"]}" now has the {params["label"]} label.')
        for box in view.find_all("checkbox"):  # only this row may be ticked
            if box.checked and box.name not in ("Select all", f"{email['fromName']}, {email['subject']}"):
                return Click(box)
        mine = view.find("checkbox", within=row)
        if not mine.checked:
            return Click(mine)
        item = view.find("menuitem", params["label"])
        if item is None:
            return Click(Target("button", "Label as"))
        return Click(item)


class StarEmail(Family):
    """Star an unstarred email, or unstar a starred one (the row's star)."""

    site, name, kind = "gomail", "star_email", "organize"
    templates = (
        '{Do} the email "{subject}" from {sender}.',
        "{sender}'s message about {subject}: {do} it.",
        'Please {do} "{subject}" (the one {sender} sent).',
    )

    def sample(self, rng: random.Random) -> Params:
        email = rng.choice(list(EMAILS.values()))
        return {"email_id": email["id"], "sender": email["fromName"], "subject": email["subject"], "star": not email["starred"]}

    def fields(self, params: Params) -> dict[str, Any]:
        do = "star" if params["star"] else "unstar"
        return {**params, "do": do, "Do": do.capitalize()}

    def identity(self, params: Params) -> tuple:
        return (params["email_id"],)

    def check(self, params: Params, state: dict) -> list[str]:
        return no_new_or_deleted(state) + strict_updates(
            state, {params["email_id"]: {"starred": params["star"]}}, frozenset({params["email_id"]})
        )

    def next_step(self, view: View, params: Params, history) -> Intent:
        email = EMAILS[params["email_id"]]
        if on_email_page(view, email):
            star = view.find("button", "Starred") or view.find("button", "Not starred")
        else:
            row = row_of(view, email["fromName"], email["subject"])
            if row is None:
                return search_for(view, email["subject"])
            star = view.find("button", "Starred", within=row) or view.find("button", "Not starred", within=row)
        if (star.name == "Starred") == params["star"]:
            return Answer(f'The email "{email["subject"]}" is {"starred" if params["star"] else "no longer starred"}.')
        return Click(star)


FAMILIES: list[Family] = [SendNewEmail(), ReplyToEmail(), ForwardEmail(), BulkByKeyword(), LabelEmail(), StarEmail()]
