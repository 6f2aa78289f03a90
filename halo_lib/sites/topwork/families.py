"""Topwork's task families (see halo_lib/generated/family.py): generated tasks over the client's seed account.

Six families, each with a strict checker over agisdk's `initialfinaldiff` and a page-driven expert:
invite_to_job (invite one freelancer to one open post), send_chat_message (one chat message to one freelancer),
send_offer (an hourly offer: title, rate, weekly limit), save_freelancers (save 1-3 people), remove_job_posts
(remove 1-2 posts, with a reason when asked), post_job (publish a post with every field of the form). The experts read the page (URL path, links by their target, field
values, the conversation's bubbles) and never the server state.

    from halo_lib.sites.topwork.families import FAMILIES
    halo gen tasks --name tw --sites topwork --per-family 10 && halo eval --mode expert --tasks gen:tw --workers 2
    .venv/bin/python -m pytest tests/generated/test_families_topwork.py -q
"""

from __future__ import annotations

import random
import re
from typing import Any, Sequence
from urllib.parse import urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.obs.axtree import AXNode
from halo_lib.sites.diff import detailed_diff
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Select, Target, View
from halo_lib.sites.topwork import seed as sd

SEARCH = Target("searchbox", "Search freelancers")
PUBLISHED = [j for j in sd.JOBS if j["status"] == "published"]
UNSAVED = [f for f in sd.FREELANCERS if f["id"] not in sd.seed_state()["saved"]["savedFreelancerIds"]]


# ---- reading the finish state ------------------------------------------------------------------------------
def diff_part(state: dict, kind: str, *path: str) -> Any:
    """The subtree of initialfinaldiff[kind] at `path` ({} when absent)."""
    node: Any = (state.get("initialfinaldiff") or {}).get(kind) or {}
    for key in path:
        if not isinstance(node, dict):
            return {}
        node = node.get(key) or {}
    return node


def new_messages(state: dict) -> list[tuple[str, dict]]:
    """(freelancer id, message) for every message added to any conversation, in conversation order."""
    found = []
    for key, value in sorted(diff_part(state, "added", "messages", "contactList").items(), key=lambda kv: int(kv[0])):
        index = int(key)
        if index < len(sd.CONTACTS):  # an existing conversation: its new messages are index-keyed
            for _, message in sorted((value.get("messages") or {}).items(), key=lambda kv: int(kv[0])):
                found.append((sd.CONTACTS[index]["id"], message))
        else:  # a new conversation: the whole contact, its messages a list
            found.extend((value.get("id", ""), message) for message in value.get("messages") or [])
    return found


def others_changed(state: dict, allowed: Sequence[str]) -> list[str]:
    """Changed paths outside `allowed`; opening a conversation (selectedChatId, unreadCount) is reading, not a change."""
    paths = unexpected(state, list(allowed) + ["messages.selectedChatId"])
    paths = [p for p in paths if p and not re.fullmatch(r"messages\.contactList\.\d+\.unreadCount", p)]
    return [f"something else changed too: {', '.join(paths[:5])}"] if paths else []


def squash(text: Any) -> str:
    return " ".join(str(text or "").split()).lower()


# ---- reading the page ------------------------------------------------------------------------------------
def path_of(view: View) -> str:
    return urlparse(view.url).path.rstrip("/") or "/"


def link_to(view: View, path: str) -> AXNode | None:
    """The first link on the page whose target's path is `path` (query ignored)."""
    for node in view.find_all("link"):
        url = str(node.properties.get("url") or "")
        if url and (urlparse(url).path.rstrip("/") or "/") == path:
            return node
    return None


def shown_text(view: View, text: str) -> bool:
    """`text` is on the page as text, not only inside a field the user is typing in."""
    fields = {n.index for n in view.nodes if n.role in ("textbox", "searchbox", "combobox")}
    return any(text.lower() in n.name.lower() and not fields.intersection(n.ancestors) for n in view.nodes if n.role == "StaticText")


def open_profile_search(view: View, query: str) -> Intent:
    """Search freelancers for `query` from the header box: type it, then Enter."""
    box = view.find("searchbox", "Search freelancers")
    if box is not None and (box.value or "").strip().lower() == query.lower():
        return Press(SEARCH, "Enter")
    return Fill(SEARCH, query)


def open_profile(view: View, person: dict) -> Intent:
    """From anywhere: follow a link to the profile, else search for the name from the header."""
    link = link_to(view, f"/freelancers/{person['id']}")
    if link is not None:
        return Click(link)
    return open_profile_search(view, person["name"])


def value_is(node: AXNode | None, wanted: Any) -> bool:
    if node is None:
        return False
    try:
        return float(str(node.value or "").replace(",", "")) == float(wanted)
    except ValueError:
        return False


def and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---- families ----------------------------------------------------------------------------------------------
INVITE_NOTES = [
    "Your portfolio stood out to me.",
    "We would like to start within two weeks.",
    "The budget is flexible for the right person.",
    "Happy to answer any questions on a short call.",
    "Most of the work can be done asynchronously.",
]


class InviteToJob(Family):
    """Invite one freelancer to one of the client's open job posts (optionally with a note in the message)."""

    site, name, kind = "topwork", "invite_to_job", "search+act"
    templates = (
        'Invite {name} to apply to my "{title}" job post{note_clause}',
        "Send {name} an invitation to my {title} posting{note_clause}",
        "Find {name} on Topwork and invite them to the job {title}{note_clause}",
        'I want {name} to look at my "{title}" opening: send them an invite{note_clause}',
    )

    def sample(self, rng: random.Random) -> Params:
        person, job = rng.choice(sd.FREELANCERS), rng.choice(PUBLISHED)
        note = rng.choice(INVITE_NOTES) if rng.random() < 0.4 else ""
        return {"freelancer": person["id"], "name": person["name"], "job": job["id"], "title": job["title"], "note": note}

    def fields(self, params: Params) -> dict[str, Any]:
        clause = f' and add this note to the message: "{params["note"]}"' if params["note"] else "."
        return {**params, "note_clause": clause}

    def identity(self, params: Params) -> tuple:
        return (params["freelancer"], params["job"])

    def real_params(self) -> Sequence[Params]:
        # topwork-2 and topwork-4 invite Marcus Lee to the fitness post; topwork-3 Daniel Kim to the Python post.
        return [{"freelancer": "marcuslee", "job": "job-1"}, {"freelancer": "danielkim", "job": "job-7"}]

    def check(self, params: Params, state: dict) -> list[str]:
        sent = new_messages(state)
        problems = []
        if len(sent) != 1:
            problems.append(f"expected exactly one invitation and no other message, found {len(sent)} new messages")
        else:
            who, message = sent[0]
            if who != params["freelancer"]:
                problems.append(f"the invitation went to {who}, not {params['freelancer']}")
            if message.get("type") != "invite":
                problems.append(f"a {message.get('type')} message was sent, not an invitation")
            if message.get("jobId") != params["job"]:
                problems.append(f"the invitation is for {message.get('jobId')}, not {params['job']}")
            if params["note"] and squash(params["note"]) not in squash(message.get("message")):
                problems.append("the invitation's message does not hold the requested note")
        return problems + others_changed(state, ["messages.contactList"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        person = sd.freelancer(params["freelancer"])
        path = path_of(view)
        if path == f"/messages/{params['freelancer']}" and shown_text(view, f"Invitation to: {params['title']}"):
            return Answer(f"I invited {params['name']} to the {params['title']} job post.")
        if path == f"/freelancers/{params['freelancer']}/invite":
            job = view.find("combobox", "Job post")
            message = view.find("textbox", "Message")
            if job is not None and job.value != params["title"]:
                return Select(job, params["title"])
            if params["note"] and message is not None and params["note"] not in (message.value or ""):
                return Fill(message, f"Hello! I'd like to invite you to my job post. {params['note']}")
            return Click(Target("button", "Send invitation"))
        # The profile cannot say whether she was invited (its toast fades after 6 s and names no job); the
        # conversation can: go there first, invite from it, and come back to it to see the invitation.
        chat = f"/messages/{params['freelancer']}"
        invite = link_to(view, f"/freelancers/{params['freelancer']}/invite")
        if path == chat and invite is not None:
            return Click(invite)
        link = link_to(view, chat)
        if link is not None:
            return Click(link)
        return open_profile(view, person)


CHAT_TOPICS = [
    ("call", "Are you free for a 20-minute call on Thursday at 2 PM?"),
    ("rate", "Could you share your rate for a fixed-price version of this project?"),
    ("portfolio", "Could you send me two samples of similar work from your portfolio?"),
    ("timeline", "How many weeks would you need for a first deliverable?"),
    ("thanks", "Thanks for the quick reply, I will get back to you by Friday."),
    ("nda", "Before we start, are you comfortable signing a short NDA?"),
    ("invoice", "Please send your invoice for last month when you get a chance."),
    ("kickoff", "Let's schedule a kickoff meeting for next Monday morning."),
]


class SendChatMessage(Family):
    """Send one chat message to one freelancer (an existing conversation or a new one)."""

    site, name, kind = "topwork", "send_chat_message", "compose"
    templates = (
        'Send {name} a chat message saying: "{text}"',
        "Message {name} on Topwork: {text}",
        'Write to {name} in Messages and ask or tell them "{text}"',
        "Open a conversation with {name} and send: {text}",
    )

    def sample(self, rng: random.Random) -> Params:
        person = rng.choice(sd.FREELANCERS)
        topic, text = rng.choice(CHAT_TOPICS)
        return {"freelancer": person["id"], "name": person["name"], "topic": topic, "text": text}

    def identity(self, params: Params) -> tuple:
        return (params["freelancer"], params["topic"])

    def real_params(self) -> Sequence[Params]:
        # topwork-10: tell Alex Rodriguez I'll help her get set up; topwork-21: ask Priya Patel whether she's free.
        return [{"freelancer": "alexrodriguez", "topic": "setup"}, {"freelancer": "priyapatel", "topic": "call"}]

    def check(self, params: Params, state: dict) -> list[str]:
        sent = new_messages(state)
        problems = []
        if len(sent) != 1:
            problems.append(f"expected exactly one new chat message, found {len(sent)}")
        else:
            who, message = sent[0]
            if who != params["freelancer"]:
                problems.append(f"the message went to {who}, not {params['freelancer']}")
            if message.get("type") != "text" or message.get("author") != sd.CLIENT_NAME:
                problems.append(f"a {message.get('type')} by {message.get('author')} was sent, not a chat message")
            if squash(params["text"]) not in squash(message.get("message")):
                problems.append("the message does not say what was asked")
        return problems + others_changed(state, ["messages.contactList"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        person = sd.freelancer(params["freelancer"])
        path = path_of(view)
        chat = f"/messages/{params['freelancer']}"
        if path == chat:
            if shown_text(view, params["text"]):
                return Answer(f"I sent {params['name']} the message.")
            box = view.find("textbox", f"Message {params['name']}")
            if box is not None and (box.value or "").strip() != params["text"]:
                return Fill(box, params["text"])
            return Click(Target("button", "Send"))
        link = link_to(view, chat)
        if link is not None:
            return Click(link)
        return open_profile(view, person)


CONTRACT_TITLES = [
    "Landing Page Refresh",
    "Quarterly Analytics Report",
    "Onboarding Email Series",
    "API Integration Sprint",
    "Brand Refresh Phase 2",
    "Customer Interview Synthesis",
    "Holiday Campaign Assets",
    "Documentation Cleanup",
    "Checkout Bug Fixes",
    "Weekly Content Package",
    "Security Review",
    "Product Demo Video",
]


class SendOffer(Family):
    """Send one freelancer an hourly offer with a given contract title, rate and weekly limit."""

    site, name, kind = "topwork", "send_offer", "hire"
    templates = (
        'Send {name} an offer for a contract called "{title}" at ${rate}/hr with a weekly limit of {hours} hours.',
        'Hire {name}: contract title "{title}", ${rate} an hour, up to {hours} hours a week.',
        'Make {name} an hourly offer titled "{title}" that pays ${rate}/hr, capped at {hours} hours per week.',
    )

    def sample(self, rng: random.Random) -> Params:
        person = rng.choice(sd.FREELANCERS)
        rate = max(15, person["rate"] + rng.choice([-10, -5, 0, 5, 10]))
        return {
            "freelancer": person["id"],
            "name": person["name"],
            "title": rng.choice(CONTRACT_TITLES),
            "rate": rate,
            "hours": rng.choice([10, 15, 20, 30, 40]),
        }

    def identity(self, params: Params) -> tuple:
        return (params["freelancer"], params["title"])

    def real_params(self) -> Sequence[Params]:
        # topwork-7 hires Brandon Martinez for the fitness post; topwork-11 rehires Grace Nelson as Project Lead.
        return [
            {"freelancer": "brandonmartinez", "title": "Full Stack Developer for Fitness App MVP"},
            {"freelancer": "gracenelson", "title": "Project Lead"},
        ]

    def check(self, params: Params, state: dict) -> list[str]:
        offers = [o for _, o in sorted(diff_part(state, "added", "offers", "offers").items(), key=lambda kv: int(kv[0]))]
        problems = []
        if len(offers) != 1:
            problems.append(f"expected exactly one offer, found {len(offers)}")
        else:
            offer = offers[0]
            if offer.get("freelancerId") != params["freelancer"]:
                problems.append(f"the offer went to {offer.get('freelancerId')}, not {params['freelancer']}")
            if squash(offer.get("contractTitle")) != squash(params["title"]):
                problems.append(f"the contract title is {offer.get('contractTitle')!r}, not {params['title']!r}")
            if offer.get("hourlyRate") != params["rate"]:
                problems.append(f"the rate is {offer.get('hourlyRate')}, not {params['rate']}")
            if offer.get("weeklyLimit") != params["hours"]:
                problems.append(f"the weekly limit is {offer.get('weeklyLimit')}, not {params['hours']}")
        sent = new_messages(state)
        if [(who, m.get("type")) for who, m in sent] != [(params["freelancer"], "offer")] * len(offers) or len(sent) != 1:
            problems.append(f"expected only the offer's own message in the conversation, found {len(sent)} new messages")
        return problems + others_changed(state, ["offers.offers", "messages.contactList"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        person = sd.freelancer(params["freelancer"])
        path = path_of(view)
        if path == f"/messages/{params['freelancer']}" and shown_text(view, f"Offer: {params['title']} · ${params['rate']}/hr"):
            return Answer(f"I sent {params['name']} the offer for {params['title']} at ${params['rate']}/hr.")
        if path == f"/freelancers/{params['freelancer']}/offer":
            title = view.find("textbox", "Contract title")
            rate = view.find("spinbutton", "Hourly rate ($/hr)")
            hours = view.find("spinbutton", "Weekly limit (hours)")
            agree = view.find("checkbox", contains="I understand and agree")
            if title is not None and (title.value or "").strip() != params["title"]:
                return Fill(title, params["title"])
            if rate is not None and not value_is(rate, params["rate"]):
                return Fill(rate, str(params["rate"]))
            if hours is not None and not value_is(hours, params["hours"]):
                return Fill(hours, str(params["hours"]))
            if agree is not None and not agree.checked:
                return Click(agree)
            return Click(Target("button", "Send offer"))
        hire = link_to(view, f"/freelancers/{params['freelancer']}/offer")
        if hire is not None:
            return Click(hire)
        return open_profile(view, person)


class SaveFreelancers(Family):
    """Save one to three freelancers to Saved talent (none of them saved yet)."""

    site, name, kind = "topwork", "save_freelancers", "bulk-manage"
    templates = (
        "Save {names} to my saved talent list.",
        "Add {names} to the freelancers I have saved on Topwork.",
        "Bookmark {names} so I can find them later under Saved talent.",
        "Put {names} on my Saved talent page; I may contact them next month.",
    )

    def sample(self, rng: random.Random) -> Params:
        people = rng.sample(UNSAVED, rng.choice([1, 2, 2, 3]))
        return {"freelancers": [p["id"] for p in people], "names": [p["name"] for p in people]}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"names": and_list(params["names"])}

    def identity(self, params: Params) -> tuple:
        return tuple(sorted(params["freelancers"]))

    def real_params(self) -> Sequence[Params]:
        return [{"freelancers": ["ashleycampbell", "brandonmartinez"]}]  # topwork-14

    def check(self, params: Params, state: dict) -> list[str]:
        saved = list(sd.seed_state()["saved"]["savedFreelancerIds"])
        if diff_part(state, "deleted", "saved", "savedFreelancerIds") or "savedFreelancerIds" in diff_part(state, "deleted", "saved"):
            return ["a freelancer who was saved before is no longer saved"]
        for kind in ("updated", "added"):
            for key, value in diff_part(state, kind, "saved", "savedFreelancerIds").items():
                index = int(key)
                saved.extend([""] * (index + 1 - len(saved)))
                saved[index] = value
        wanted = sorted(sd.seed_state()["saved"]["savedFreelancerIds"] + params["freelancers"])
        problems = [] if sorted(saved) == wanted else [f"saved talent is {sorted(saved)}, not {wanted}"]
        return problems + others_changed(state, ["saved.savedFreelancerIds"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        for name in params["names"]:
            button = view.find("button", f"Save {name}")
            if button is not None:
                return Click(button)
        if path_of(view) != "/saved":
            return Click(Target("link", "Saved talent"))
        missing = [sd.freelancer(f) for f in params["freelancers"] if view.find("button", f"Unsave {sd.freelancer(f)['name']}") is None]
        if not missing:
            return Answer(f"I saved {and_list(params['names'])}.")
        return open_profile_search(view, missing[0]["name"])  # the results show its Save button


class RemoveJobPosts(Family):
    """Remove one or two of the client's job posts, with a given reason when the goal names one."""

    site, name, kind = "topwork", "remove_job_posts", "cancel"
    templates = (
        "Remove my job post{s} {titles}{reason_clause}",
        "Take down the {titles} posting{s}{reason_clause}",
        "Delete the job post{s} {titles} from my account{reason_clause}",
        "I no longer want {titles} listed: remove {them}{reason_clause}",
    )

    def sample(self, rng: random.Random) -> Params:
        jobs = rng.sample(sd.JOBS, rng.choice([1, 1, 2]))
        reason = rng.choice(sd.REMOVE_REASONS[:-1]) if rng.random() < 0.5 else ""
        return {"jobs": [j["id"] for j in jobs], "titles": [j["title"] for j in jobs], "reason": reason}

    def fields(self, params: Params) -> dict[str, Any]:
        many = len(params["jobs"]) > 1
        return {
            "titles": and_list([f'"{t}"' for t in params["titles"]]),
            "s": "s" if many else "",
            "them": "them" if many else "it",
            "reason_clause": f' and give "{params["reason"]}" as the reason.' if params["reason"] else ".",
        }

    def identity(self, params: Params) -> tuple:
        return (tuple(sorted(params["jobs"])), params["reason"])

    def real_params(self) -> Sequence[Params]:
        return [{"jobs": list(sd.DATA_JOB_IDS), "reason": ""}]  # topwork-8 removes the three data posts

    def check(self, params: Params, state: dict) -> list[str]:
        removed = diff_part(state, "added", "jobs").get("removedJobPosts") or []
        problems = []
        if sorted(r.get("id") for r in removed) != sorted(params["jobs"]):
            problems.append(f"removed {[r.get('id') for r in removed]}, not {params['jobs']}")
        if params["reason"] and any(r.get("removeReason") != params["reason"] for r in removed):
            problems.append(f"the reason given is not {params['reason']!r}")
        initial = sd.seed_state()["jobs"]["jobs"]
        expected = detailed_diff({"jobs": initial}, {"jobs": [j for j in initial if j["id"] not in params["jobs"]]})
        for kind in ("added", "updated", "deleted"):
            if (expected[kind].get("jobs") or {}) != diff_part(state, kind, "jobs", "jobs"):
                problems.append("other job posts were changed or added")
                break
        return problems + others_changed(state, ["jobs.jobs", "jobs.removedJobPosts"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        path = path_of(view)
        ids = params["jobs"]
        match = re.fullmatch(r"/jobs/(job-\d+)(/remove)?", path)
        if match and match.group(1) in ids:
            reason = view.find("combobox", "Reason")
            if match.group(2) and reason is not None:
                if params["reason"] and reason.value != params["reason"]:
                    return Select(reason, params["reason"])
                return Click(Target("button", "Remove posting"))
            if not match.group(2) and view.find("link", "Remove job post") is not None:
                return Click(Target("link", "Remove job post"))
        if path == "/":
            for job_id in ids:
                link = link_to(view, f"/jobs/{job_id}")
                if link is not None:
                    return Click(link)
            return Answer(f"I removed {and_list(params['titles'])}.")
        return Click(Target("link", "My jobs"))


ROLES = [  # (title, category, skills, description): none is a seeded post or a REAL task's role
    ("iOS Developer for Habit Tracker", "Web, Mobile & Software Dev", ["Swift", "SwiftUI"], "Build an iOS habit tracker with reminders and streaks."),
    ("Podcast Audio Editor", "Design & Creative", ["Audio Editing", "Adobe Audition"], "Edit and master two podcast episodes a week."),
    ("Technical Writer for API Docs", "Writing", ["API Documentation", "Markdown"], "Write reference docs and tutorials for our public API."),
    ("Email Marketing Specialist", "Sales & Marketing", ["Mailchimp", "Copywriting"], "Plan and send our monthly newsletter and drip campaigns."),
    ("Virtual Assistant for Scheduling", "Admin Support", ["Calendar Management", "Email"], "Manage calendars and book meetings for two founders."),
    ("Spanish to English Translator", "Translation", ["Spanish", "Translation"], "Translate product pages and support articles into English."),
    ("Network Administrator", "IT & Networking", ["Networking", "Firewalls"], "Set up and maintain our office network and VPN."),
    ("Contract Lawyer for SaaS Agreements", "Legal", ["Contract Law", "SaaS"], "Review and draft our customer and vendor agreements."),
    ("Structural Engineer for Office Renovation", "Engineering & Architecture", ["AutoCAD", "Structural Analysis"], "Review the plans for a small office renovation."),
    ("Customer Success Agent", "Customer Service", ["Intercom", "Customer Support"], "Onboard new customers and answer their questions by chat."),
    ("Shopify Store Developer", "Web, Mobile & Software Dev", ["Shopify", "Liquid"], "Customize our Shopify theme and set up product bundles."),
    ("Tax Preparer for Small Business", "Accounting & Consulting", ["Tax Preparation", "QuickBooks"], "Prepare the federal and state returns for a ten-person studio."),
]  # fmt: skip
SIZE_LABEL = {key: label for key, label, _ in sd.PROJECT_SIZES}
LEVEL_LABEL = {key: label for key, label, _ in sd.EXPERIENCE_LEVELS}
HIRE_LABEL = dict(sd.HIRE_OPPORTUNITY)


class PostJob(Family):
    """Publish a new job post with every field of the form as the goal gives it."""

    site, name, kind = "topwork", "post_job", "post"
    templates = (
        'Post a new job titled "{title}" in {category}. Description: {description} Skills: {skill_list}. Pay '
        "${rate_from}-${rate_to}/hr; it is a {size_word} project taking {duration_words}, needs {level_word} experience, "
        "and {hire_phrase}.",
        'Create and publish a job post "{title}" ({category}) at ${rate_from} to ${rate_to} an hour: {size_word} size, '
        "{duration_words}, {level_word} level, {hire_phrase}. Skills: {skill_list}. Describe it as: {description}",
        'Publish a {size_word}, {level_word}-level job called "{title}" under {category} for {duration_words}, paying '
        "${rate_from}-${rate_to} per hour ({hire_phrase}). Skills: {skill_list}. Description: {description}",
    )

    def sample(self, rng: random.Random) -> Params:
        title, category, skills, description = rng.choice(ROLES)
        low = rng.randrange(15, 85, 5)
        return {
            "title": title,
            "category": category,
            "skills": skills,
            "description": description,
            "rate_from": low,
            "rate_to": low + rng.choice([5, 10, 15, 20, 25]),
            "size": rng.choice(list(SIZE_LABEL)),
            "duration": rng.choice(sd.DURATIONS),
            "level": rng.choice(list(LEVEL_LABEL)),
            "hire": rng.choice(list(HIRE_LABEL)),
        }

    def fields(self, params: Params) -> dict[str, Any]:
        return {
            **params,
            "skill_list": ", ".join(params["skills"]),
            "size_word": SIZE_LABEL[params["size"]].lower(),
            "duration_words": params["duration"][0].lower() + params["duration"][1:],
            "level_word": LEVEL_LABEL[params["level"]].lower(),
            "hire_phrase": "it could become full time" if params["hire"] == "yes" else "it is not a contract-to-hire role",
        }

    def identity(self, params: Params) -> tuple:
        return (params["title"], params["rate_from"], params["rate_to"])

    def real_params(self) -> Sequence[Params]:
        # topwork-9 (Financial Analyst, $45-$65) and topwork-13 (Data Annotator, $20-$25): roles ROLES never uses
        return [{"title": "Financial Analyst", "rate_from": 45, "rate_to": 65}, {"title": "Data Annotator", "rate_from": 20, "rate_to": 25}]

    def check(self, params: Params, state: dict) -> list[str]:
        added = diff_part(state, "added", "jobs", "jobs")
        new = [job for key, job in sorted(added.items(), key=lambda kv: int(kv[0])) if int(key) >= len(sd.JOBS)]
        if len(new) != 1:
            return [f"expected exactly one new job post, found {len(new)}"] + others_changed(state, ["jobs.jobs.12", "jobs.jobs.13"])
        job = new[0]
        wanted = {
            "title": squash(params["title"]),
            "category": params["category"],
            "skills": sorted(squash(s) for s in params["skills"]),
            "hourlyRateFrom": params["rate_from"],
            "hourlyRateTo": params["rate_to"],
            "estimateSize": params["size"],
            "estimateTime": params["duration"],
            "estimateLevelExperience": params["level"],
            "estimateHireOpportunity": params["hire"],
            "status": "published",
        }
        got = {
            **{k: job.get(k) for k in wanted},
            "title": squash(job.get("title")),
            "skills": sorted(squash(s) for s in job.get("skills") or []),
        }
        problems = [f"{k} is {got[k]!r}, not {wanted[k]!r}" for k in wanted if got[k] != wanted[k]]
        if squash(params["description"]) not in squash(job.get("description")):
            problems.append("the description does not say what was asked")
        return problems + others_changed(state, [f"jobs.jobs.{len(sd.JOBS)}"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        path = path_of(view)
        if re.fullmatch(r"/jobs/job-\d+", path) and view.find("heading", params["title"]) is not None:
            publish = view.find("button", "Publish job post")
            if publish is not None:  # saved as a draft: publish it
                return Click(publish)
            return Answer(f"I published the job post {params['title']}.")
        if path != "/jobs/new":
            posted = view.find("link", params["title"])
            return Click(posted) if posted is not None else Click(Target("link", "Post a job"))
        f = self.fields(params)
        for role, name, wanted in (
            ("textbox", "Job title", params["title"]),
            ("textbox", "Job description", params["description"]),
            ("textbox", "Skills (comma separated)", f["skill_list"]),
        ):
            box = view.find(role, name)
            if box is not None and (box.value or "").strip() != wanted:
                return Fill(box, wanted)
        category = view.find("combobox", "Category")
        if category is not None and category.value != params["category"]:
            return Select(category, params["category"])
        for name, wanted in (("Hourly rate from", params["rate_from"]), ("Hourly rate to", params["rate_to"])):
            box = view.find("spinbutton", name)
            if box is not None and not value_is(box, wanted):
                return Fill(box, str(wanted))
        for label in (SIZE_LABEL[params["size"]], params["duration"], LEVEL_LABEL[params["level"]], HIRE_LABEL[params["hire"]]):
            radio = view.find("radio", label)
            if radio is not None and not radio.checked:
                return Click(radio)
        return Click(Target("button", "Post this job"))


FAMILIES: list[Family] = [InviteToJob(), SendChatMessage(), SendOffer(), SaveFreelancers(), RemoveJobPosts(), PostJob()]
