"""Networkin's task families (see halo_lib/generated/family.py): generated tasks over the seed network.

    connect_with_person   connect      connect with one member (and optionally send them a note)
    message_person        message      write one message to a member
    follow_companies      follow       follow two or three companies
    create_post           post         share a post on the feed
    share_post            share        send someone's post to one connection

Checkers are strict over agisdk's `initialfinaldiff`: the asked change and nothing else. Networkin keeps its
data under `ui.` (feed, messaging, events), so its checks do not treat `ui.` as noise: only the page location,
the last search term and the search history may change besides the task's own paths (opening a thread may also
clear its unread count). Experts read the page (search results, profile buttons, the thread, the feed's post
cards) and search by name when the person is not on screen.

    from halo_lib.sites.networkin.families import FAMILIES
    halo gen tasks --name ni --sites networkin --per-family 20 && halo eval --mode expert --tasks gen:ni
"""

from __future__ import annotations

import random
import re
from itertools import combinations
from typing import Any
from urllib.parse import urlparse

from halo_lib.generated.checker import changes, unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Target, View
from halo_lib.sites.networkin.seed import COMPANIES, ME, PEOPLE, POST_AUTHORS, seed_state

SEED = seed_state()
CONTACTS = list(SEED["contactList"])
INVITED = set(SEED["ui"]["network"]["invitations"])
POSTS = {pid: p for pid, p in SEED["ui"]["feed"]["postDynamicData"].items() if p["authorId"] != ME}
NOISE = ("router.", "ui.searchTerm", "searchHistory")  # what browsing and searching change
NOTES = [
    "Great to meet you at the meetup last week!",
    "I enjoyed your talk and would love to stay in touch.",
    "We work on similar problems; happy to compare notes sometime.",
    "Hi! A mutual friend suggested I reach out.",
]
MESSAGES = [
    "Congrats on the new role!",
    "Are you going to the conference in October?",
    "Thanks for the recommendation, it helped a lot.",
    "Could you share the slides from your last presentation?",
    "Happy to introduce you to our design lead if useful.",
    "Let me know when you are next in town for a coffee.",
]
POST_OPENERS = ["Excited to share:", "Quick update:", "Some news from my side:", "A small milestone:", "Reflecting on this month:"]
POST_TOPICS = [
    "our team just released an open-source web agent benchmark",
    "I gave my first conference talk on browser automation",
    "we are looking for beta users for our new scheduling tool",
    "I finished a 30-day writing challenge",
    "our meetup on AI safety reached 500 members",
    "I am mentoring three students in a summer coding program",
    "we moved into a new office in the Mission",
    "I completed the San Francisco half marathon",
    "our podcast about startups hit its 50th episode",
    "I am hosting a workshop on evaluating agents next Friday",
]


# ---- reading the finish state --------------------------------------------------------------------------------
def others(state: dict[str, Any], allowed: list[str], username: str = "") -> list[str]:
    """Changed paths outside `allowed` (and the noise of browsing; opening `username`'s thread may clear unread)."""
    paths = unexpected(state, allowed, noise=NOISE)
    return [f"unexpected change at {p}" for p in paths if p and not re.fullmatch(r"ui\.messaging\.chatroomData\.[^.]+\.unreadCount", p)]


def new_messages(state: dict[str, Any], username: str) -> list[dict]:
    """Messages added to the conversation with `username` (a new conversation lands whole in `added`)."""
    room = (
        ((((state.get("initialfinaldiff") or {}).get("added") or {}).get("ui") or {}).get("messaging") or {}).get("chatroomData") or {}
    ).get(username) or {}
    messages = room.get("messages")
    if isinstance(messages, list):
        return messages
    if isinstance(messages, dict):
        return [messages[k] for k in sorted(messages, key=int)]
    return []


def added_posts(state: dict[str, Any]) -> dict[str, dict]:
    return ((((state.get("initialfinaldiff") or {}).get("added") or {}).get("ui") or {}).get("feed") or {}).get("postDynamicData") or {}


def connected_to(state: dict[str, Any]) -> list[str]:
    """Usernames added to contactList."""
    return [value for path, (kind, value) in changes(state).items() if kind == "added" and path.startswith("contactList")]


# ---- reading the page ----------------------------------------------------------------------------------------
def search_for(view: View, text: str) -> Intent:
    box = view.find("searchbox", "Search")
    if box is not None and (box.value or "") == text:
        return Press(Target("searchbox", "Search"), "Enter")
    return Fill(Target("searchbox", "Search"), text)


def path_of(view: View) -> str:
    return urlparse(view.url).path


def on_thread(view: View, person: dict) -> bool:
    return path_of(view) == f"/messaging/{person['id']}"


def said_in_thread(view: View, text: str) -> bool:
    messages = view.find("list", "Messages")
    return messages is not None and view.find(contains=text[:50], within=messages) is not None


def write_in_thread(view: View, text: str) -> Intent:
    box = view.find("textbox", "Write a message")
    if box is not None and (box.value or "").strip() != text:
        return Fill(box, text)
    return Click(Target("button", "Send"))


def open_thread(view: View, person: dict) -> Intent:
    """From wherever the page is: the person's Message link (profile or search row), else search for them."""
    if path_of(view) == f"/in/{person['id']}":
        return Click(Target("link", "Message"))
    row_link = view.find("link", f"Message {person['name']}")
    if row_link is not None:
        return Click(row_link)
    name = view.find("link", person["name"])
    if name is not None and path_of(view) == "/search":
        return Click(name)
    return search_for(view, person["name"])


class ConnectWithPerson(Family):
    """Connect with one member not yet connected; some tasks add a note sent as a message."""

    site, name, kind = "networkin", "connect_with_person", "connect"
    templates = (
        "Connect with {name}, the {headline}.{note_part}",
        "Send a connection request to {name} ({location}).{note_part}",
        "Add {name} to my network.{note_part}",
        "I met {name} recently: connect with them on Networkin.{note_part}",
    )

    def sample(self, rng: random.Random) -> Params:
        person = rng.choice(
            [p for p in PEOPLE.values() if p["id"] not in CONTACTS and p["id"] not in INVITED and p["id"] != "oliviamartinez"]
        )
        note = rng.choice([""] * 2 + NOTES)
        return {"username": person["id"], "name": person["name"], "note": note}

    def fields(self, params: Params) -> dict[str, Any]:
        person = PEOPLE[params["username"]]
        note = f' Then message them: "{params["note"]}"' if params["note"] else ""
        return {"name": person["name"], "headline": person["headline"], "location": person["location"], "note_part": note}

    def identity(self, params: Params) -> tuple:
        return (params["username"], params["note"])

    def real_params(self) -> list[Params]:
        return [{"username": "oliviamartinez", "name": "Olivia Martinez", "note": n} for n in ["", *NOTES]]  # networkin-27

    def check(self, params: Params, state: dict) -> list[str]:
        user = params["username"]
        problems = []
        if connected_to(state) != [user]:
            problems.append(f"expected a new connection with {user} only, got {connected_to(state)}")
        texts = [m for m in new_messages(state, user) if m.get("type") != "system"]
        if params["note"]:
            if len(texts) != 1 or texts[0].get("authorId") != ME or texts[0].get("message", "").strip() != params["note"]:
                problems.append(f"expected one message saying {params['note']!r} to {user}, got {[m.get('message') for m in texts]}")
        elif texts:
            problems.append(f"no message was asked for, but {len(texts)} were sent")
        allowed = ["contactList", f"connectionGrades.{user}", f"ui.messaging.chatroomData.{user}"]
        return problems + others(state, allowed)

    def next_step(self, view: View, params: Params, history) -> Intent:
        person = PEOPLE[params["username"]]
        if on_thread(view, person):
            if not params["note"] or said_in_thread(view, params["note"]):
                return Answer(f"I connected with {person['name']}" + (" and sent the note." if params["note"] else "."))
            return write_in_thread(view, params["note"])
        invite = view.find("button", f"Invite {person['name']} to connect") or view.find(
            "button", f"Accept invitation from {person['name']}"
        )
        if invite is not None:
            return Click(invite)
        connected = view.find("link", f"Message {person['name']}") is not None or (
            path_of(view) == f"/in/{person['id']}" and view.find("heading", f"{person['name']} · 1st") is not None
        )
        if connected:
            if not params["note"]:
                return Answer(f"I connected with {person['name']}.")
            return open_thread(view, person)
        if path_of(view) == "/search" and view.find("link", person["name"]) is not None:
            return Click(Target("link", person["name"]))
        return search_for(view, person["name"])


class MessagePerson(Family):
    """Write one message to a member (connected or not) in their conversation."""

    site, name, kind = "networkin", "message_person", "message"
    templates = (
        'Message {name}: "{text}"',
        'Send {name} a direct message saying "{text}"',
        'Write to {name} on Networkin: "{text}"',
        'Drop {name} ({headline}) a note: "{text}"',
    )

    def sample(self, rng: random.Random) -> Params:
        person = rng.choice(list(PEOPLE.values()))
        return {"username": person["id"], "name": person["name"], "text": rng.choice(MESSAGES)}

    def fields(self, params: Params) -> dict[str, Any]:
        return {**params, "headline": PEOPLE[params["username"]]["headline"]}

    def identity(self, params: Params) -> tuple:
        return (params["username"], params["text"])

    def check(self, params: Params, state: dict) -> list[str]:
        user = params["username"]
        sent = new_messages(state, user)
        problems = []
        if (
            len(sent) != 1
            or sent[0].get("type") != "text"
            or sent[0].get("authorId") != ME
            or sent[0].get("message", "").strip() != params["text"]
        ):
            problems.append(
                f"expected one message saying {params['text']!r} to {user}, got {[(m.get('type'), m.get('message')) for m in sent]}"
            )
        return problems + others(state, [f"ui.messaging.chatroomData.{user}"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        person = PEOPLE[params["username"]]
        if on_thread(view, person):
            if said_in_thread(view, params["text"]):
                return Answer(f"I sent {person['name']} the message.")
            return write_in_thread(view, params["text"])
        return open_thread(view, person)


FOLLOWABLE = [
    c for c in COMPANIES.values() if not SEED["followedCompanies"].get(c["id"]) and c["id"] != "microsoft"
]  # networkin-1 follows Microsoft


class FollowCompanies(Family):
    """Follow two or three companies (from the Companies page)."""

    site, name, kind = "networkin", "follow_companies", "follow"
    templates = (
        "Follow {names} on Networkin.",
        "I want updates from {names}: follow them.",
        "Start following these companies: {names}.",
    )

    def sample(self, rng: random.Random) -> Params:
        picked = rng.sample(FOLLOWABLE, rng.choice([2, 2, 3]))
        return {"companies": [c["id"] for c in picked]}

    def fields(self, params: Params) -> dict[str, Any]:
        names = [COMPANIES[c]["name"] for c in params["companies"]]
        return {"names": ", ".join(names[:-1]) + " and " + names[-1]}

    def identity(self, params: Params) -> tuple:
        return tuple(sorted(params["companies"]))

    def real_params(self) -> list[Params]:
        return [{"companies": list(pair)} for pair in combinations([c["id"] for c in FOLLOWABLE] + ["microsoft"], 2) if "microsoft" in pair]

    def check(self, params: Params, state: dict) -> list[str]:
        found = {path.split(".", 1)[1]: value for path, (kind, value) in changes(state).items() if path.startswith("followedCompanies.")}
        want = {c: True for c in params["companies"]}
        problems = [] if found == want else [f"followed companies changed to {found}, expected {want}"]
        return problems + others(state, ["followedCompanies"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        names = [COMPANIES[c]["name"] for c in params["companies"]]
        if all(view.find("button", f"Unfollow {n}") is not None for n in names):
            return Answer(f"I now follow {', '.join(names)}.")
        if path_of(view) != "/companies":
            return Click(Target("link", "Companies"))
        for name in names:
            button = view.find("button", f"Follow {name}")
            if button is not None:
                return Click(button)
        return Click(Target("link", "Companies"))


class CreatePost(Family):
    """Share a post with a given text on the feed."""

    site, name, kind = "networkin", "create_post", "post"
    templates = (
        'Post this on my feed: "{text}"',
        'Share an update on Networkin saying "{text}"',
        'Write a new post: "{text}"',
    )

    def sample(self, rng: random.Random) -> Params:
        return {"text": f"{rng.choice(POST_OPENERS)} {rng.choice(POST_TOPICS)}."}

    def check(self, params: Params, state: dict) -> list[str]:
        posts = added_posts(state)
        problems = []
        if len(posts) != 1:
            problems.append(f"expected exactly one new post, found {len(posts)}")
        else:
            post = next(iter(posts.values()))
            if post.get("authorId") != ME or post.get("type") != "self-post" or (post.get("description") or "").strip() != params["text"]:
                problems.append(f"the new post says {post.get('description')!r}, not {params['text']!r}")
        return problems + others(state, [f"ui.feed.postDynamicData.{pid}" for pid in posts])

    def next_step(self, view: View, params: Params, history) -> Intent:
        if path_of(view) == "/" and view.find("article", contains=f"Post by {PEOPLE_ME}: {params['text'][:40]}") is not None:
            return Answer("I shared the post.")
        box = view.find("textbox", "Start a post")
        if box is None:
            return Click(Target("link", "Home"))
        if (box.value or "").strip() != params["text"]:
            return Fill(box, params["text"])
        return Click(Target("button", "Post"))


PEOPLE_ME = POST_AUTHORS[ME]["name"]


def post_card_name(post: dict) -> str:
    """The start of the post card's accessible name ("Post by <author>: <text…>")."""
    return f"Post by {POST_AUTHORS[post['authorId']]['name']}: {post['description'][:40]}"


class SharePost(Family):
    """Send someone's post from the feed to one connection in a private message."""

    site, name, kind = "networkin", "share_post", "share"
    templates = (
        "Send {author}'s post about {gist} to {contact}.",
        'Share the post by {author} ("{start}…") with {contact} in a private message.',
        '{contact} should see {author}\'s post that starts "{start}": send it to them.',
    )

    def sample(self, rng: random.Random) -> Params:
        pid = rng.choice(sorted(POSTS))
        contact = rng.choice([c for c in CONTACTS if c != POSTS[pid]["authorId"]])
        return {
            "post_id": pid,
            "author": POST_AUTHORS[POSTS[pid]["authorId"]]["name"],
            "contact": contact,
            "contact_name": PEOPLE[contact]["name"],
        }

    def fields(self, params: Params) -> dict[str, Any]:
        text = POSTS[params["post_id"]]["description"]
        start = " ".join(text.split()[:6])
        return {"author": params["author"], "contact": params["contact_name"], "start": start, "gist": start[0].lower() + start[1:] + "…"}

    def identity(self, params: Params) -> tuple:
        return (params["post_id"], params["contact"])

    def check(self, params: Params, state: dict) -> list[str]:
        user = params["contact"]
        sent = new_messages(state, user)
        problems = []
        ok = (
            len(sent) == 1
            and sent[0].get("type") == "post"
            and sent[0].get("authorId") == ME
            and (sent[0].get("postData") or {}).get("id") == params["post_id"]
        )
        if not ok:
            problems.append(
                f"expected the post {params['post_id']} sent to {user} once, got {[(m.get('type'), (m.get('postData') or {}).get('id')) for m in sent]}"
            )
        return problems + others(state, [f"ui.messaging.chatroomData.{user}"])

    def next_step(self, view: View, params: Params, history) -> Intent:
        post = POSTS[params["post_id"]]
        if view.find(contains=f"Post sent to {params['contact_name']}.") is not None:
            return Answer(f"I sent {params['author']}'s post to {params['contact_name']}.")
        if path_of(view) == f"/feed/post/{params['post_id']}/send":
            for box in view.find_all("checkbox"):
                if box.checked != (box.name == params["contact_name"]):
                    return Click(box)
            return Click(Target("button", "Send"))
        card = view.find("article", contains=post_card_name(post))
        if card is not None:
            return Click(Target("link", "Send", within=card))
        return Click(Target("link", "Home"))


FAMILIES: list[Family] = [ConnectWithPerson(), MessagePerson(), FollowCompanies(), CreatePost(), SharePost()]
