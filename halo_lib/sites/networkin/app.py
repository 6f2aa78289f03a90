"""Networkin, a LinkedIn-like professional network (REAL v2 site `networkin`), signed in as Div Garg (`divgarg`).

Pages (all server-rendered; every mutation is a form POST answered by a redirect):
    /                         feed: start a post, like posts, send a post to connections
    /feed/post/<id>/send      pick connections (checkboxes) and send them the post
    /search?keywords=         people (name, headline, location, industry, company) and companies; recent
                              searches when empty
    /in/<username>            a profile: Connect, Message; /in/divgarg is the member's own profile
    /mynetwork                invitations (Accept / Ignore), people you may know (Connect); /mynetwork/connections
    /messaging, /messaging/<username>   conversations, a thread, and a box to write a message (also to
                              people not yet in a conversation)
    /companies, /company/<id> companies with Follow / Following
    /events, /events/<id>     events with Attend / Cancel RSVP

State (what /finish diffs; seed.py builds it; the initial snapshot is taken at /config):
    router.location           {pathname, search}: the last page shown (search is "?keywords=..." on /search)
    ui.searchTerm             the last submitted search
    ui.feed.postDynamicData   {"<post id>": {id, type ("self-post" for divgarg's, else "post"), authorId,
                               description, timestamp, likes, comments, likedByMe}}; a new post lands in
                               `added.ui.feed.postDynamicData.<id>`
    ui.messaging.chatroomData {"<username>": {id, participant {id, name, headline, location}, messages
                               [{id, authorId, type "text"|"post"|"system", message, timestamp,
                               postData {id, authorId, description} for shared posts}], lastMessage,
                               lastMessageAuthorId, lastMessageTime, unreadCount}}; a new conversation lands
                               whole in `added`, a message in an old one as `messages: {"<index>": {...}}`
    ui.network.invitations    usernames who invited divgarg and are waiting for an answer
    ui.events.attending       {"<event id>": true|false}
    contactList               [username]: divgarg's connections; a new one shows as {"<index>": username}
    connectionGrades          {username: "1st"|"2nd"|"3rd"}
    followedCompanies         {company id: true|false} (ids are lowercase: "microsoft")
    searchHistory             [{searchTerm, timestamp}], oldest first

Connecting: the clone's members accept at once, so Connect adds the person to contactList, sets their grade
to "1st" and leaves two system messages in the conversation with them ("Connection request sent", then
"<Name> accepted your connection request"). Accepting an invitation connects too.

Run it alone: `python -m halo_lib.sites.server --sites networkin --base-port 9200`, then open
http://127.0.0.1:9200/ (or /config?task_id=v2.networkin-27, browse, and read /finish).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.networkin.seed import COMPANIES, EVENTS, ME, ME_PROFILE, PEOPLE, POST_AUTHORS, participant, seed_state


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def when(iso: str) -> str:
    """A short relative-looking label for a timestamp (fixed seed dates read as dates)."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    age = datetime.now(timezone.utc) - moment
    if age.days < 1 and age.total_seconds() >= 0:
        minutes = int(age.total_seconds() // 60)
        return "now" if minutes < 1 else f"{minutes}m" if minutes < 60 else f"{minutes // 60}h"
    return moment.strftime("%b %-d")


def followers(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M followers"
    if count >= 1_000:
        return f"{count // 1_000:,}K followers"
    return f"{count} followers"


def long_date(iso_day: str) -> str:
    return datetime.strptime(iso_day, "%Y-%m-%d").strftime("%a, %b %-d, %Y")


def search_people(keywords: str) -> list[dict]:
    tokens = keywords.lower().split()
    if not tokens:
        return []
    found = []
    for person in PEOPLE.values():
        haystack = " ".join(
            (person["name"], person["id"], person["headline"], person["location"], person["industry"], person["company"])
        ).lower()
        if all(token in haystack for token in tokens):
            found.append(person)
    return found


def search_companies(keywords: str) -> list[dict]:
    tokens = keywords.lower().split()
    if not tokens:
        return []
    return [c for c in COMPANIES.values() if all(t in f"{c['name']} {c['industry']}".lower() for t in tokens)]


class Networkin(Replica):
    name = "networkin"
    title = "Networkin"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0a66c2"/><text x="3" y="13" font-size="11" font-family="Arial" font-weight="bold" fill="#fff">in</text></svg>'

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return seed_state()

    # ---- helpers --------------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, record: bool = True, **context: Any):
        state = self.session(request).state
        if record:
            state["router"]["location"] = {"pathname": request.url.path, "search": f"?{request.url.query}" if request.url.query else ""}
        chats = state["ui"]["messaging"]["chatroomData"]
        return self.render(
            request,
            template,
            status_code=status_code,
            me=ME_PROFILE,
            people=PEOPLE,
            authors=POST_AUTHORS,
            companies=COMPANIES,
            unread=sum(1 for c in chats.values() if c.get("unreadCount")),
            invitations=len(state["ui"]["network"]["invitations"]),
            when=when,
            followers=followers,
            grades=state["connectionGrades"],
            followed=state["followedCompanies"],
            **context,
        )

    @staticmethod
    def chatroom(state: dict, username: str) -> dict:
        """The conversation with `username`, created (empty) if there is none yet."""
        rooms = state["ui"]["messaging"]["chatroomData"]
        if username not in rooms:
            rooms[username] = {
                "id": username,
                "participant": participant(username),
                "messages": [],
                "lastMessage": "",
                "lastMessageAuthorId": "",
                "lastMessageTime": "",
                "unreadCount": 0,
            }
        return rooms[username]

    def post_message(self, state: dict, username: str, author: str, kind: str, text: str, post: dict | None = None) -> None:
        room = self.chatroom(state, username)
        stamp = now_iso()
        message: dict[str, Any] = {
            "id": f"{username}-{len(room['messages']) + 1}",
            "authorId": author,
            "type": kind,
            "message": text,
            "timestamp": stamp,
        }
        if post is not None:
            message["postData"] = {"id": post["id"], "authorId": post["authorId"], "description": post["description"]}
        room["messages"].append(message)
        room["lastMessage"] = text if text else ("Shared a post" if kind == "post" else "")
        room["lastMessageAuthorId"] = author
        room["lastMessageTime"] = stamp

    def connect(self, state: dict, username: str, *, invited: bool) -> str:
        """Connect divgarg with `username` (their invitation accepted, or his request accepted at once)."""
        person = PEOPLE[username]
        if username in state["contactList"]:
            return f"You are already connected with {person['name']}."
        if username in state["ui"]["network"]["invitations"]:
            state["ui"]["network"]["invitations"].remove(username)
            invited = True
        state["contactList"].append(username)
        state["connectionGrades"][username] = "1st"
        if invited:
            self.post_message(state, username, "system", "system", f"You accepted {person['name']}'s invitation. You are now connected.")
            return f"You are now connected with {person['name']}."
        self.post_message(state, username, "system", "system", "Connection request sent")
        self.post_message(state, username, "system", "system", f"{person['name']} accepted your connection request")
        return f"{person['name']} accepted your connection request."

    # ---- pages ----------------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        # -- feed and posts
        @router.get("/")
        async def feed(request: Request):
            posts = sorted(
                self.session(request).state["ui"]["feed"]["postDynamicData"].values(), key=lambda p: p["timestamp"], reverse=True
            )
            suggestions = [c for c in sorted(COMPANIES.values(), key=lambda c: -c["followers"])][:4]
            return self.page(request, "feed.html", posts=posts, suggestions=suggestions)

        @router.post("/feed/post")
        async def create_post(request: Request, description: str = Form("")):
            state = self.session(request).state
            text = description.strip()
            if not text:
                self.flash(request, "Write something before posting.")
                return self.redirect("/")
            posts = state["ui"]["feed"]["postDynamicData"]
            pid = str(max(int(p) for p in posts) + 1)
            posts[pid] = {
                "id": pid,
                "type": "self-post",
                "authorId": ME,
                "description": text,
                "timestamp": now_iso(),
                "likes": 0,
                "comments": 0,
                "likedByMe": False,
            }
            self.flash(request, "Your post was shared.")
            return self.redirect("/")

        @router.post("/feed/post/{pid}/like")
        async def like(request: Request, pid: str, back: str = Form("/")):
            post = self.session(request).state["ui"]["feed"]["postDynamicData"].get(pid)
            if post is not None:
                post["likedByMe"] = not post["likedByMe"]
                post["likes"] += 1 if post["likedByMe"] else -1
            return self.redirect(back if back.startswith("/") and not back.startswith("//") else "/")

        @router.post("/feed/post/{pid}/delete")
        async def delete_post(request: Request, pid: str):
            posts = self.session(request).state["ui"]["feed"]["postDynamicData"]
            if pid in posts and posts[pid]["authorId"] == ME:
                del posts[pid]
                self.flash(request, "Post deleted.")
            return self.redirect("/")

        @router.get("/feed/post/{pid}/send")
        async def send_post_page(request: Request, pid: str):
            state = self.session(request).state
            post = state["ui"]["feed"]["postDynamicData"].get(pid)
            if post is None:
                return self.page(request, "not_found.html", status_code=404)
            contacts = [PEOPLE[u] for u in state["contactList"] if u in PEOPLE]
            return self.page(request, "send_post.html", post=post, contacts=contacts)

        @router.post("/feed/post/{pid}/send")
        async def send_post(request: Request, pid: str):
            state = self.session(request).state
            form = await request.form()
            post = state["ui"]["feed"]["postDynamicData"].get(pid)
            chosen = [u for u in form.getlist("to") if u in state["contactList"]]
            if post is None or not chosen:
                self.flash(request, "Choose at least one connection to send the post to.")
                return self.redirect(f"/feed/post/{pid}/send")
            note = str(form.get("note", "")).strip()
            for username in chosen:
                self.post_message(state, username, ME, "post", note, post)
            names = ", ".join(PEOPLE[u]["name"] for u in chosen)
            self.flash(request, f"Post sent to {names}.")
            return self.redirect("/")

        # -- search
        @router.get("/search")
        async def search(request: Request, keywords: str = ""):
            state = self.session(request).state
            query = keywords.strip()
            if query:
                state["ui"]["searchTerm"] = query
                history = state["searchHistory"]
                if not history or history[-1]["searchTerm"] != query:
                    history.append({"searchTerm": query, "timestamp": now_iso()})
            recent = [h["searchTerm"] for h in reversed(state["searchHistory"])][:8]
            return self.page(
                request,
                "search.html",
                query=query,
                found=search_people(query),
                found_companies=search_companies(query),
                recent=recent,
                search_link=lambda term: "/search?" + urlencode({"keywords": term}),
            )

        # -- profiles and network
        @router.get("/in/{username}")
        async def profile(request: Request, username: str):
            state = self.session(request).state
            if username == ME:
                posts = sorted(
                    (p for p in state["ui"]["feed"]["postDynamicData"].values() if p["authorId"] == ME),
                    key=lambda p: p["timestamp"],
                    reverse=True,
                )
                return self.page(request, "me.html", posts=posts, connection_count=len(state["contactList"]))
            person = PEOPLE.get(username)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            posts = sorted(
                (p for p in state["ui"]["feed"]["postDynamicData"].values() if p["authorId"] == username),
                key=lambda p: p["timestamp"],
                reverse=True,
            )
            company = next((c for c in COMPANIES.values() if c["name"] == person["company"]), None)
            return self.page(
                request,
                "profile.html",
                person=person,
                posts=posts,
                company=company,
                connected=username in state["contactList"],
                invited_me=username in state["ui"]["network"]["invitations"],
            )

        @router.post("/connect")
        async def connect(request: Request, username: str = Form(...), back: str = Form("/mynetwork")):
            state = self.session(request).state
            if username in PEOPLE:
                self.flash(request, self.connect(state, username, invited=False))
            return self.redirect(back if back.startswith("/") and not back.startswith("//") else "/mynetwork")

        @router.post("/mynetwork/invitations/accept")
        async def accept(request: Request, username: str = Form(...), back: str = Form("/mynetwork")):
            state = self.session(request).state
            if username in state["ui"]["network"]["invitations"]:
                self.flash(request, self.connect(state, username, invited=True))
            return self.redirect(back if back.startswith("/") and not back.startswith("//") else "/mynetwork")

        @router.post("/mynetwork/invitations/ignore")
        async def ignore(request: Request, username: str = Form(...)):
            state = self.session(request).state
            if username in state["ui"]["network"]["invitations"]:
                state["ui"]["network"]["invitations"].remove(username)
                self.flash(request, f"Invitation from {PEOPLE[username]['name']} ignored.")
            return self.redirect("/mynetwork")

        @router.get("/mynetwork")
        async def mynetwork(request: Request):
            state = self.session(request).state
            pending = [PEOPLE[u] for u in state["ui"]["network"]["invitations"]]
            suggested = [
                p for p in PEOPLE.values() if p["id"] not in state["contactList"] and p["id"] not in state["ui"]["network"]["invitations"]
            ]
            suggested.sort(key=lambda p: (state["connectionGrades"].get(p["id"]) != "2nd", p["name"]))
            return self.page(request, "network.html", pending=pending, suggested=suggested[:12], connection_count=len(state["contactList"]))

        @router.get("/mynetwork/connections")
        async def connections(request: Request):
            state = self.session(request).state
            people = sorted((PEOPLE[u] for u in state["contactList"] if u in PEOPLE), key=lambda p: p["name"])
            return self.page(request, "connections.html", connections=people)

        # -- messaging
        @router.get("/messaging")
        async def messaging(request: Request):
            return self.page(request, "messaging.html", active=None, room=None, person=None)

        @router.get("/messaging/{username}")
        async def thread(request: Request, username: str):
            state = self.session(request).state
            person = PEOPLE.get(username)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            room = state["ui"]["messaging"]["chatroomData"].get(username)
            if room is not None and room.get("unreadCount"):
                room["unreadCount"] = 0
            return self.page(
                request, "messaging.html", active=username, room=room, person=person, connected=username in state["contactList"]
            )

        @router.post("/messaging/{username}/send")
        async def send_message(request: Request, username: str, message: str = Form("")):
            state = self.session(request).state
            text = message.strip()
            if username in PEOPLE and text:
                self.post_message(state, username, ME, "text", text)
            return self.redirect(f"/messaging/{username}")

        # -- companies
        @router.get("/companies")
        async def companies(request: Request):
            ranked = sorted(COMPANIES.values(), key=lambda c: -c["followers"])
            return self.page(request, "companies.html", ranked=ranked)

        @router.get("/company/{cid}")
        async def company(request: Request, cid: str):
            item = COMPANIES.get(cid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            employees = [p for p in PEOPLE.values() if p["company"] == item["name"]]
            return self.page(request, "company.html", company=item, employees=employees)

        @router.post("/company/{cid}/follow")
        async def follow(request: Request, cid: str, back: str = Form("")):
            state = self.session(request).state
            if cid in COMPANIES:
                now_following = not state["followedCompanies"].get(cid, False)
                state["followedCompanies"][cid] = now_following
                name = COMPANIES[cid]["name"]
                self.flash(request, f"You are now following {name}." if now_following else f"You unfollowed {name}.")
            return self.redirect(back if back.startswith("/") and not back.startswith("//") else f"/company/{cid}")

        # -- events
        @router.get("/events")
        async def events(request: Request):
            ordered = sorted(EVENTS.values(), key=lambda e: e["date"])
            return self.page(
                request,
                "events.html",
                events=ordered,
                attending=self.session(request).state["ui"]["events"]["attending"],
                long_date=long_date,
            )

        @router.get("/events/{eid}")
        async def event(request: Request, eid: str):
            item = EVENTS.get(eid)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            going = self.session(request).state["ui"]["events"]["attending"].get(eid, False)
            return self.page(request, "event.html", event=item, going=going, long_date=long_date)

        @router.post("/events/{eid}/attend")
        async def attend(request: Request, eid: str):
            attending = self.session(request).state["ui"]["events"]["attending"]
            if eid in EVENTS:
                attending[eid] = not attending.get(eid, False)
                title = EVENTS[eid]["title"]
                self.flash(request, f"You're attending {title}." if attending[eid] else f"You are no longer attending {title}.")
            return self.redirect(f"/events/{eid}")

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404, record=False)
