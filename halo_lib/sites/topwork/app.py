"""Topwork, an Upwork-like freelance marketplace seen from the client's side (REAL v2 site `topwork`): the client
Sarah Johnson posts jobs, reviews proposals, removes posts, browses and saves freelancers, chats with them,
invites them to jobs and sends offers. Server-rendered pages with plain links and forms (post/redirect/get).

State (what /finish diffs; the initial snapshot is taken at /config; lists only ever grow at the end, so an
appended element reads `{"<index>": ...}` in `added`):
    jobs.jobs                    [{id, title, description, category, subcategory, skills[], budgetType,
                                   hourlyRateFrom, hourlyRateTo (numbers), estimateSize ("large"|"medium"|"small"),
                                   estimateTime ("More than 6 months"|"3 to 6 months"|"1 to 3 months"|
                                   "Less than 1 month"), estimateLevelExperience ("entry"|"intermediate"|"expert"),
                                   estimateHireOpportunity ("yes"|"no"), status ("published"|"draft"), createdAt,
                                   applications [{freelancerId, name, bidRate, coverLetter, submittedAt}]}]
    jobs.removedJobPosts         absent until the first removal, then the list of removed posts (each the post
                                 plus removedAt and removeReason): a list under a new key stays a list
    messages.contactList         [{id (freelancer id), name, job (freelancer title), lastMessage, lastMessageAuthor,
                                   lastMessageTime, unreadCount, messages [{author, message, type ("text"|"invite"|
                                   "offer"), timestamp, jobId?, jobTitle?, offer?}]}]; a first message to a
                                 freelancer appends a whole new conversation
    messages.selectedChatId      absent until a conversation is opened, then the open conversation's id
    offers.offers                [] initially; each sent offer {id, freelancerId, freelancerName, jobId,
                                 contractTitle, paymentType, hourlyRate, weeklyLimit, startDate, description,
                                 status "Pending", offerDate}
    saved.savedFreelancerIds     ["sophiagarcia"] initially; Save / Unsave
Authors: what Sarah types in a chat is authored "Sarah Johnson"; the invitations and offers the site sends on her
behalf are authored "Client" (as REAL's scripts expect from the real site).

Pages: / (dashboard: job posts), /jobs/new, /jobs/{id} (post and proposals), /jobs/{id}/remove, /freelancers
(search, category, pages of 10), /freelancers/{id} (profile), /freelancers/{id}/invite, /freelancers/{id}/offer,
/messages, /messages/{id}, /saved, /hires.

Run it alone: `python -m halo_lib.sites.server --sites topwork --base-port 9220`, then open http://127.0.0.1:9220/
(or call /config?task_id=v2.topwork-13, browse, and read /finish).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.topwork import seed as sd

PAGE_SIZE = 10
DEFAULT_INVITE = (
    "Hello! I'd like to invite you to take a look at the job I've posted. Please submit a proposal if you're available and interested."
)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def short_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%b %-d, %Y")
    except (ValueError, AttributeError):
        return iso or ""


def number(text: Any) -> float | int | None:
    try:
        value = float(str(text).strip().replace("$", "").replace(",", ""))
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() else value


class Topwork(Replica):
    name = "topwork"
    title = "Topwork"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
        'fill="#14a800"/><path d="M4 5v3a4 4 0 0 0 8 0V5" stroke="#fff" stroke-width="1.8" fill="none"/></svg>'
    )

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return sd.seed_state()

    # ---- state helpers ------------------------------------------------------------------------------
    @staticmethod
    def job(state: dict, job_id: str) -> dict | None:
        return next((j for j in state["jobs"]["jobs"] if j["id"] == job_id), None)

    @staticmethod
    def contact(state: dict, freelancer_id: str) -> dict | None:
        return next((c for c in state["messages"]["contactList"] if c["id"] == freelancer_id), None)

    def post_message(self, state: dict, freelancer: dict, message: dict) -> dict:
        """Append `message` to the conversation with `freelancer` (a new conversation if there is none)."""
        contact = self.contact(state, freelancer["id"])
        if contact is None:
            contact = {
                "id": freelancer["id"],
                "name": freelancer["name"],
                "job": freelancer["title"],
                "lastMessage": "",
                "lastMessageAuthor": "",
                "lastMessageTime": "",
                "unreadCount": 0,
                "messages": [],
            }
            contact["messages"].append(message)
            contact.update(lastMessage=message["message"], lastMessageAuthor=message["author"], lastMessageTime=message["timestamp"])
            state["messages"]["contactList"].append(contact)
        else:
            contact["messages"].append(message)
            contact.update(lastMessage=message["message"], lastMessageAuthor=message["author"], lastMessageTime=message["timestamp"])
        return contact

    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        state = self.session(request).state
        unread = sum(1 for c in state["messages"]["contactList"] if c.get("unreadCount"))
        return self.render(
            request,
            template,
            status_code=status_code,
            sd=sd,
            unread=unread,
            freelancer=sd.freelancer,
            short_date=short_date,
            client=sd.CLIENT_NAME,
            saved_ids=state["saved"]["savedFreelancerIds"],
            **context,
        )

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        # Compile every template now: a first compile costs a few hundred ms, past agisdk's 500 ms click timeout.
        for template in sorted(self.templates_dir.glob("*.html")):
            self._templates.get_template(template.name)

        # -- jobs ------------------------------------------------------------------------------------
        @router.get("/")
        async def dashboard(request: Request):
            jobs = self.session(request).state["jobs"]["jobs"]
            return self.page(request, "home.html", jobs=list(reversed(jobs)))

        @router.get("/jobs")
        async def jobs_list(request: Request):
            return self.redirect("/")

        @router.get("/jobs/new")
        async def new_job(request: Request):
            return self.page(request, "job_form.html", form={}, errors=[])

        @router.post("/jobs/new")
        async def create_job(request: Request):
            form = dict(await request.form())
            state = self.session(request).state
            errors = []
            title = form.get("title", "").strip()
            description = form.get("description", "").strip()
            rate_from, rate_to = number(form.get("rate_from")), number(form.get("rate_to"))
            if not title:
                errors.append("Enter a title for your job post.")
            if not description:
                errors.append("Describe what you need done.")
            if form.get("category") not in sd.CATEGORIES:
                errors.append("Choose a category.")
            if rate_from is None or rate_to is None or rate_from <= 0 or rate_to <= 0:
                errors.append("Enter the hourly rate range (from and to).")
            elif rate_from > rate_to:
                errors.append("The lowest hourly rate must not exceed the highest.")
            if form.get("size") not in {k for k, _, _ in sd.PROJECT_SIZES}:
                errors.append("Choose the size of your project.")
            if form.get("duration") not in sd.DURATIONS:
                errors.append("Choose how long your work will take.")
            if form.get("level") not in {k for k, _, _ in sd.EXPERIENCE_LEVELS}:
                errors.append("Choose the level of experience it needs.")
            if form.get("hire") not in {k for k, _ in sd.HIRE_OPPORTUNITY}:
                errors.append("Say whether this is a contract-to-hire opportunity.")
            if errors:
                return self.page(request, "job_form.html", status_code=422, form=form, errors=errors)
            jobs = state["jobs"]["jobs"]
            number_next = 1 + max(
                [int(j["id"].split("-")[1]) for j in jobs]
                + [int(j["id"].split("-")[1]) for j in state["jobs"].get("removedJobPosts", [])]
                + [0]
            )
            status = "draft" if form.get("action") == "draft" else "published"
            job = {
                "id": f"job-{number_next}",
                "title": title,
                "description": description,
                "category": form["category"],
                "subcategory": "",
                "skills": [s.strip() for s in form.get("skills", "").split(",") if s.strip()],
                "budgetType": "hourly",
                "hourlyRateFrom": rate_from,
                "hourlyRateTo": rate_to,
                "estimateSize": form["size"],
                "estimateTime": form["duration"],
                "estimateLevelExperience": form["level"],
                "estimateHireOpportunity": form["hire"],
                "status": status,
                "createdAt": now_iso(),
                "applications": [],
            }
            jobs.append(job)
            self.flash(request, "Your job post is live." if status == "published" else "Your job post was saved as a draft.")
            return self.redirect(f"/jobs/{job['id']}")

        @router.get("/jobs/{job_id}")
        async def job_page(request: Request, job_id: str):
            job = self.job(self.session(request).state, job_id)
            if job is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "job.html", job=job)

        @router.post("/jobs/{job_id}/publish")
        async def publish_job(request: Request, job_id: str):
            job = self.job(self.session(request).state, job_id)
            if job is not None and job["status"] == "draft":
                job["status"] = "published"
                self.flash(request, "Your job post is live.")
            return self.redirect(f"/jobs/{job_id}")

        @router.get("/jobs/{job_id}/remove")
        async def remove_job_page(request: Request, job_id: str):
            job = self.job(self.session(request).state, job_id)
            if job is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "job_remove.html", job=job)

        @router.post("/jobs/{job_id}/remove")
        async def remove_job(request: Request, job_id: str):
            form = dict(await request.form())
            state = self.session(request).state
            job = self.job(state, job_id)
            if job is None:
                return self.redirect("/")
            state["jobs"]["jobs"] = [j for j in state["jobs"]["jobs"] if j["id"] != job_id]
            removed = state["jobs"].setdefault("removedJobPosts", [])
            reason = form.get("reason", "") if form.get("reason") in sd.REMOVE_REASONS else "Other"
            removed.append({**job, "removedAt": now_iso(), "removeReason": reason})
            self.flash(request, f"Your job post \u201c{job['title']}\u201d was removed.")
            return self.redirect("/")

        # -- talent ----------------------------------------------------------------------------------
        @router.get("/freelancers")
        async def freelancers(request: Request, q: str = "", category: str = "", page: int = 1):
            found = sd.search_freelancers(q, category if category in sd.CATEGORIES else "")
            pages = max(1, -(-len(found) // PAGE_SIZE))
            page = max(1, min(page, pages))

            def link(p: int) -> str:
                params = {k: v for k, v in {"q": q, "category": category, "page": str(p) if p > 1 else ""}.items() if v}
                return "/freelancers" + ("?" + urlencode(params) if params else "")

            return self.page(
                request,
                "freelancers.html",
                found=found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
                total=len(found),
                query=q,
                category=category,
                page_no=page,
                pages=pages,
                link=link,
                return_to=str(request.url.path) + (("?" + request.url.query) if request.url.query else ""),
            )

        @router.get("/freelancers/{freelancer_id}")
        async def profile(request: Request, freelancer_id: str):
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            hires = [h for h in sd.PAST_HIRES if h["freelancerId"] == freelancer_id]
            return self.page(request, "profile.html", person=person, hires=hires, return_to=request.url.path)

        @router.post("/saved/toggle")
        async def toggle_saved(request: Request):
            form = dict(await request.form())
            person = sd.freelancer(form.get("freelancer_id", ""))
            return_to = form.get("return_to", "/saved")
            if not return_to.startswith("/"):
                return_to = "/saved"
            if person is not None:
                saved = self.session(request).state["saved"]["savedFreelancerIds"]
                if person["id"] in saved:
                    saved.remove(person["id"])
                    self.flash(request, f"{person['name']} was removed from your saved talent.")
                else:
                    saved.append(person["id"])
                    self.flash(request, f"{person['name']} was saved.")
            return self.redirect(return_to)

        @router.get("/saved")
        async def saved(request: Request):
            ids = self.session(request).state["saved"]["savedFreelancerIds"]
            return self.page(request, "saved.html", people=[sd.freelancer(i) for i in ids if sd.freelancer(i)], return_to="/saved")

        @router.get("/hires")
        async def hires(request: Request):
            return self.page(request, "hires.html", hires=sd.PAST_HIRES)

        # -- invitations and offers --------------------------------------------------------------------
        @router.get("/freelancers/{freelancer_id}/invite")
        async def invite_page(request: Request, freelancer_id: str, job: str = ""):
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            jobs = [j for j in self.session(request).state["jobs"]["jobs"] if j["status"] == "published"]
            return self.page(request, "invite.html", person=person, jobs=jobs, job_id=job, message=DEFAULT_INVITE, errors=[])

        @router.post("/freelancers/{freelancer_id}/invite")
        async def send_invite(request: Request, freelancer_id: str):
            form = dict(await request.form())
            state = self.session(request).state
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.redirect("/freelancers")
            job = self.job(state, form.get("job_id", ""))
            text = form.get("message", "").strip()
            errors = []
            if job is None or job["status"] != "published":
                errors.append("Choose one of your open job posts.")
            if not text:
                errors.append("Write a message to go with your invitation.")
            if errors:
                jobs = [j for j in state["jobs"]["jobs"] if j["status"] == "published"]
                return self.page(
                    request,
                    "invite.html",
                    status_code=422,
                    person=person,
                    jobs=jobs,
                    job_id=form.get("job_id", ""),
                    message=text,
                    errors=errors,
                )
            self.post_message(
                state,
                person,
                {
                    "author": sd.CLIENT_AUTHOR,
                    "message": text,
                    "type": "invite",
                    "timestamp": now_iso(),
                    "jobId": job["id"],
                    "jobTitle": job["title"],
                },
            )
            self.flash(request, f"Invitation sent to {person['name']}.")
            return self.redirect(f"/freelancers/{freelancer_id}")

        @router.get("/freelancers/{freelancer_id}/offer")
        async def offer_page(request: Request, freelancer_id: str, job: str = ""):
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            state = self.session(request).state
            chosen = self.job(state, job)
            form = {
                "job_id": chosen["id"] if chosen else "",
                "contract_title": chosen["title"] if chosen else "",
                "rate": str(person["rate"]),
                "weekly_limit": "40",
                "start_date": (date.today() + timedelta(days=1)).isoformat(),
            }
            return self.page(request, "offer.html", person=person, jobs=state["jobs"]["jobs"], form=form, errors=[])

        @router.post("/freelancers/{freelancer_id}/offer")
        async def send_offer(request: Request, freelancer_id: str):
            form = dict(await request.form())
            state = self.session(request).state
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.redirect("/freelancers")
            title = form.get("contract_title", "").strip()
            rate = number(form.get("rate"))
            errors = []
            if not title:
                errors.append("Enter a contract title.")
            if rate is None or rate <= 0:
                errors.append("Enter the hourly rate.")
            if not form.get("agree"):
                errors.append("Agree to the Topwork Terms of Service to send the offer.")
            if errors:
                return self.page(
                    request, "offer.html", status_code=422, person=person, jobs=state["jobs"]["jobs"], form=form, errors=errors
                )
            job = self.job(state, form.get("job_id", ""))
            offers = state["offers"]["offers"]
            offer = {
                "id": f"offer-{len(offers) + 1}",
                "freelancerId": person["id"],
                "freelancerName": person["name"],
                "jobId": job["id"] if job else "",
                "contractTitle": title,
                "paymentType": "hourly",
                "hourlyRate": rate,
                "weeklyLimit": number(form.get("weekly_limit")) or 40,
                "startDate": form.get("start_date", ""),
                "description": form.get("description", "").strip(),
                "status": "Pending",
                "offerDate": now_iso(),
            }
            offers.append(offer)
            self.post_message(
                state,
                person,
                {
                    "author": sd.CLIENT_AUTHOR,
                    "message": f"Sent an offer: {title}",
                    "type": "offer",
                    "timestamp": offer["offerDate"],
                    "offer": dict(offer),
                },
            )
            self.flash(request, f"Your offer was sent to {person['name']}.")
            return self.redirect(f"/messages/{person['id']}")

        # -- messages ----------------------------------------------------------------------------------
        @router.get("/messages")
        async def inbox(request: Request):
            contacts = self.session(request).state["messages"]["contactList"]
            return self.page(
                request,
                "messages.html",
                contacts=sorted(contacts, key=lambda c: c["lastMessageTime"], reverse=True),
                chat=None,
                person=None,
            )

        @router.get("/messages/{freelancer_id}")
        async def chat(request: Request, freelancer_id: str):
            state = self.session(request).state
            person = sd.freelancer(freelancer_id)
            if person is None:
                return self.page(request, "not_found.html", status_code=404)
            contact = self.contact(state, freelancer_id)
            if contact is not None:
                state["messages"]["selectedChatId"] = freelancer_id
                if contact.get("unreadCount"):
                    contact["unreadCount"] = 0
            contacts = sorted(state["messages"]["contactList"], key=lambda c: c["lastMessageTime"], reverse=True)
            return self.page(request, "messages.html", contacts=contacts, chat=contact, person=person)

        @router.post("/messages/{freelancer_id}/send")
        async def send_message(request: Request, freelancer_id: str):
            form = dict(await request.form())
            state = self.session(request).state
            person = sd.freelancer(freelancer_id)
            text = form.get("message", "").strip()
            if person is None:
                return self.redirect("/messages")
            if text:
                self.post_message(state, person, {"author": sd.CLIENT_NAME, "message": text, "type": "text", "timestamp": now_iso()})
                state["messages"]["selectedChatId"] = freelancer_id
            return self.redirect(f"/messages/{quote(freelancer_id)}")

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)
