"""Gomail's task families (see halo_lib/generated/family.py): generated tasks over the seed mailbox.

from halo_lib.sites.gomail.families import FAMILIES
halo gen tasks --name gm --sites gomail --per-family 20 && halo eval --mode expert --tasks gen:gm
"""

from __future__ import annotations

import random

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Target, View
from halo_lib.sites.gomail.seed import CONTACTS

WINDOW = Target("dialog", "New Message")
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
        added = (state.get("differences") or {}).get("emails", {}).get("added") or []
        sent = [e for e in added if e.get("sent") and not e.get("draft")]
        problems = []
        if len(sent) != 1:
            problems.append(f"expected exactly one sent email, found {len(sent)}")
        else:
            email = sent[0]
            if email.get("to") != [params["address"]] or email.get("cc") or email.get("bcc"):
                problems.append(f"sent to {email.get('to')} cc {email.get('cc')} bcc {email.get('bcc')}, not {params['address']}")
            if (email.get("subject") or "").strip() != params["subject"]:
                problems.append(f"subject is {email.get('subject')!r}, not {params['subject']!r}")
            if params["body"] not in (email.get("content") or ""):
                problems.append("the body does not hold the requested message")
            if email.get("isReply"):
                problems.append("it was sent as a reply, not a new email")
        others = [p for p in unexpected(state, ["email.emails"]) if p]
        changed = (state.get("differences") or {}).get("emails", {})
        if changed.get("updated") or changed.get("deleted") or len(added) != len(sent):
            others.append("other emails were changed, deleted or left as drafts")
        return problems + others

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


FAMILIES: list[Family] = [SendNewEmail()]
