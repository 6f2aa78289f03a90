"""Gomail, a Gmail-like mail client (REAL v2 site `gomail`): folders, search, bulk actions, snooze, labels, compose.

State (what /finish diffs; see seed.py for the mailbox and the ids REAL's scripts rely on):
    email.emails            {"<id>": {id, from, fromName, to[], cc[], bcc[], subject, content (HTML), date (ISO),
                             isRead, starred, trash, archived, spam, draft, sent, isReply, inReplyTo, labels[],
                             snoozed, snoozeUntil}}
    settings.customLabels   [{id, label}]
    ui.snackbar.message     the last toast ("" initially; kept after the toast hides)
    ui.searchInputValue     the last search

Trash, archive, read and spam are flag updates; snoozing moves the email to a copy with a new id (the
original leaves `email.emails`); sending adds a new email with `sent: true` (`isReply: true` for replies).
/finish adds `differences.emails` = {added: [full emails], updated: [{id, changed fields}], deleted: [full]}.

Pages: / (Inbox), /starred /snoozed /sent /drafts /all /spam /trash, /label/<name>, /search?q=, /email/<id>.
Run it alone: `python -m halo_lib.sites.server --sites gomail --base-port 8801` (gomail on base+1 with all sites).
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from halo_lib.sites.diff import collection_diff
from halo_lib.sites.framework import Replica
from halo_lib.sites.gomail import mailbox as mb
from halo_lib.sites.gomail.icons import icon
from halo_lib.sites.gomail.seed import CONTACTS, ME, ME_NAME, NOW, seed_state

HERE = Path(__file__).resolve().parent
FOLDER_PATHS = {"inbox": "/", **{key: f"/{key}" for key, _ in mb.FOLDERS if key != "inbox"}}
ASSETS = {"gomail.js": "text/javascript", "gomail.css": "text/css"}


def _safe_return(url: str, default: str = "/") -> str:
    return url if url.startswith("/") and not url.startswith("//") else default


class Gomail(Replica):
    name = "gomail"
    title = "Gomail"
    templates_dir = HERE / "templates"

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return seed_state()

    def differences(self, initial: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
        return {"emails": collection_diff(initial["email"]["emails"], final["email"]["emails"])}

    # ---- helpers --------------------------------------------------------------------------------------------
    def toast(self, request: Request, message: str, *, record: bool = True) -> None:
        """Show `message` in the snackbar; `record` keeps it in ui.snackbar.message (errors are not kept)."""
        if not message:
            return
        if record:
            self.session(request).state["ui"]["snackbar"]["message"] = message
        self.flash(request, message)

    def _now(self, request: Request):
        """The frozen date, with the session's elapsed time so new messages keep their order."""
        return NOW + timedelta(seconds=int(time.time() - self.session(request).created))

    def page(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        state = self.session(request).state
        self._templates.globals["icon"] = icon
        context.setdefault("query", "")
        context.setdefault("compose", None)
        nav = [
            {
                "key": key,
                "title": title,
                "href": FOLDER_PATHS[key],
                "count": mb.unread_count(state, key)
                if key in ("inbox", "spam")
                else sum(1 for e in state["email"]["emails"].values() if mb.in_folder(e, "drafts"))
                if key == "drafts"
                else 0,
            }
            for key, title in mb.FOLDERS
        ]
        return self.render(
            request,
            template,
            nav=nav,
            labels=state["settings"]["customLabels"],
            contacts=CONTACTS,
            me=ME,
            me_name=ME_NAME,
            mb=mb,
            snooze_options=mb.snooze_options(),
            today=NOW.strftime("%Y-%m-%d"),
            return_to=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
            **context,
        )

    def list_page(self, request: Request, kind: str, arg: str = "", page: int = 1, compose: str = "") -> HTMLResponse:
        state = self.session(request).state
        emails = mb.listing(state, kind, arg)
        pages = max(1, -(-len(emails) // mb.PAGE_SIZE))
        page = min(max(page, 1), pages)
        start = (page - 1) * mb.PAGE_SIZE
        shown = emails[start : start + mb.PAGE_SIZE]
        if kind == "search":
            title, base, where = f'Search results for "{arg}"', f"/search?q={quote(arg)}&", "this search"
        elif kind == "label":
            title, base, where = arg, f"/label/{quote(arg)}?", arg
        else:
            title = mb.FOLDER_TITLES[kind]
            base, where = FOLDER_PATHS[kind] + "?", title
        here = f"{base}page={page}" if page > 1 else base.rstrip("?&")
        return self.page(
            request,
            "list.html",
            kind=kind,
            arg=arg,
            heading=title,
            emails=shown,
            page=page,
            pages=pages,
            total=len(emails),
            first=start + 1 if shown else 0,
            last=start + len(shown),
            where=where,
            newer=f"{base}page={page - 1}" if page > 1 else "",
            older=f"{base}page={page + 1}" if page < pages else "",
            here=here,
            query=arg if kind == "search" else "",
            compose=self._compose_for(request, compose),
            active=f"label:{arg}" if kind == "label" else kind,
        )

    def _compose_for(self, request: Request, compose: str) -> dict | None:
        """Prefill for the compose window opened by the URL (`?compose=<draft id>`)."""
        email = self.session(request).state["email"]["emails"].get(compose)
        if not email or not email["draft"]:
            return None
        return {
            "to": ", ".join(email["to"]),
            "cc": ", ".join(email["cc"]),
            "bcc": ", ".join(email["bcc"]),
            "subject": email["subject"],
            "body": mb.body_text(email["content"]),
            "draft_id": email["id"],
            "reply_to": email.get("inReplyTo") or "",
        }

    # ---- routes ---------------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/assets/{name}")
        async def asset(name: str):
            if name not in ASSETS:
                return Response(status_code=404)
            return Response((HERE / "static" / name).read_bytes(), media_type=ASSETS[name], headers={"Cache-Control": "max-age=3600"})

        @router.get("/")
        async def inbox(request: Request, page: int = 1, compose: str = ""):
            return self.list_page(request, "inbox", page=page, compose=compose)

        for key in FOLDER_PATHS:
            if key != "inbox":
                router.add_api_route(FOLDER_PATHS[key], self._folder_route(key), methods=["GET"])

        @router.get("/label/{label}")
        async def label_view(request: Request, label: str, page: int = 1):
            return self.list_page(request, "label", label, page)

        @router.get("/search")
        async def search(request: Request, q: str = "", page: int = 1):
            q = q.strip()
            if not q:
                return self.redirect("/")
            self.session(request).state["ui"]["searchInputValue"] = q
            return self.list_page(request, "search", q, page)

        @router.get("/email/{email_id}")
        async def open_email(request: Request, email_id: str, back: str = "/"):
            state = self.session(request).state
            email = state["email"]["emails"].get(email_id)
            back = _safe_return(back)
            if email is None:
                self.toast(request, "That conversation no longer exists.", record=False)
                return self.redirect(back)
            if email["draft"]:
                return self.redirect(f"/drafts?compose={email_id}")
            if not email["isRead"]:
                email["isRead"] = True
            thread = [e for e in state["email"]["emails"].values() if e.get("inReplyTo") == email_id and not e["draft"]]
            active = next((k for k in ("trash", "spam", "snoozed", "sent") if email[k]), "inbox")
            return self.page(
                request,
                "email.html",
                email=email,
                active=active,
                thread=mb.newest_first(thread)[::-1],
                back=back,
                back_title=self._title_of(back),
                reply=self._reply_prefill(email),
                forward=self._forward_prefill(email),
            )

        @router.post("/action")
        async def action(request: Request):
            form = await request.form()
            state = self.session(request).state
            session = self.session(request)
            ids = [str(i) for i in form.getlist("ids")]
            if form.get("scope") == "all":  # "Select all N conversations in <view>"
                ids = [e["id"] for e in mb.listing(state, form.get("view_kind", "inbox"), form.get("view_arg", ""))]
            verb, until, label = form.get("action", ""), None, ""
            if form.get("snooze_until"):
                verb, until = "snooze", mb.snooze_moment(value=form["snooze_until"])
            elif verb == "snooze_pick":
                verb, until = "snooze", mb.snooze_moment(day=form.get("snooze_date", ""), clock=form.get("snooze_time", ""))
                if until is None:
                    self.toast(request, "Please pick a date and time in the future.", record=False)
                    return self.redirect(_safe_return(form.get("return_to", "/")))
            elif form.get("label_as"):
                verb, label = "label", form["label_as"]
            elif form.get("unlabel"):
                verb, label = "unlabel", form["unlabel"]
            if not ids:
                self.toast(request, "No conversations selected.", record=False)
            else:
                self.toast(request, mb.apply_action(state, verb, ids, until=until, label=label, initial=session.initial))
            return self.redirect(_safe_return(form.get("return_to", "/")))

        @router.post("/star")
        async def star(request: Request):
            form = await request.form()
            email = self.session(request).state["email"]["emails"].get(str(form.get("star", "")))
            if email is not None:
                email["starred"] = not email["starred"]
            return self.redirect(_safe_return(form.get("return_to", "/")))

        @router.post("/send")
        async def send(request: Request):
            form = await request.form()
            return self._send(request, form)

        @router.post("/labels")
        async def create_label(request: Request):
            form = await request.form()
            try:
                self.toast(request, mb.create_label(self.session(request).state, form.get("name", "")))
            except ValueError as exc:
                self.toast(request, str(exc), record=False)
            return self.redirect(_safe_return(form.get("return_to", "/")))

    def _folder_route(self, key: str):
        async def folder(request: Request, page: int = 1, compose: str = ""):
            return self.list_page(request, key, page=page, compose=compose)

        folder.__name__ = f"folder_{key}"
        return folder

    def _title_of(self, url: str) -> str:
        path = url.split("?", 1)[0]
        if path.startswith("/search"):
            return "search results"
        if path.startswith("/label/"):
            return path.split("/", 2)[2]
        return next((mb.FOLDER_TITLES[k] for k, p in FOLDER_PATHS.items() if p == path), "Inbox")

    @staticmethod
    def _reply_prefill(email: dict) -> dict:
        subject = email["subject"] if email["subject"].lower().startswith("re:") else f"Re: {email['subject']}"
        if email["from"] == ME:
            to = ", ".join(email["to"])
        else:
            to = f"{email['fromName']} <{email['from']}>" if email["fromName"] else email["from"]
        return {"to": to, "cc": "", "bcc": "", "subject": subject, "body": "", "reply_to": email["id"], "draft_id": ""}

    @staticmethod
    def _forward_prefill(email: dict) -> dict:
        subject = email["subject"] if email["subject"].lower().startswith("fwd:") else f"Fwd: {email['subject']}"
        quoted = (
            f"\n\n---------- Forwarded message ---------\nFrom: {email['fromName']} <{email['from']}>\n"
            f"Date: {mb.long_date(email['date']).split(' (')[0]}\nSubject: {email['subject']}\n"
            f"To: {', '.join(email['to'])}\n\n{mb.body_text(email['content'])}"
        )
        return {"to": "", "cc": "", "bcc": "", "subject": subject, "body": quoted, "reply_to": "", "draft_id": ""}

    def _send(self, request: Request, form) -> Response:
        session = self.session(request)
        state = session.state
        emails = state["email"]["emails"]
        back = _safe_return(form.get("return_to", "/"))
        intent = form.get("intent", "send")
        draft = emails.get(form.get("draft_id", ""))
        if draft is not None and not draft["draft"]:
            draft = None
        if intent == "discard":
            if draft is not None:
                del emails[draft["id"]]
            self.toast(request, "Draft discarded.")
            return self.redirect(back)
        try:
            to = mb.parse_recipients(form.get("to", ""), "To")
            cc = mb.parse_recipients(form.get("cc", ""), "Cc")
            bcc = mb.parse_recipients(form.get("bcc", ""), "Bcc")
        except ValueError as exc:
            if intent == "send":
                self.toast(request, str(exc), record=False)
                return self.redirect(back)
            to, cc, bcc = [], [], []
        subject, body = form.get("subject", ""), form.get("body", "")
        if intent == "send" and not (to or cc or bcc):
            self.toast(request, "Please specify at least one recipient.", record=False)
            return self.redirect(back)
        if intent == "draft" and not (to or cc or bcc or subject.strip() or body.strip()):
            return self.redirect(back)
        reply_to = form.get("reply_to", "") if form.get("reply_to", "") in emails else ""
        message = mb.outgoing(
            state,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            body=body,
            draft=intent != "send",
            reply_to=reply_to,
            initial=session.initial,
            moment=self._now(request),
        )
        if draft is not None:
            message["id"] = draft["id"]
        emails[message["id"]] = message
        self.toast(request, "Message sent." if intent == "send" else "Draft saved.")
        return self.redirect(back)
