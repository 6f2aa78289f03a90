"""Gomail's mailbox logic, free of web code: folders, search, bulk actions, snooze times, dates, recipients.

Everything works on the state dict (`state["email"]["emails"]`: id -> email object, see seed.py) and returns
plain values; app.py turns them into pages. Gmail's wording is kept for the toast texts because REAL's scripts
read them ("50 conversations moved to Trash.", "3 conversations snoozed until Thu, Jul 25, 8:00 AM").

    emails = listing(state, "inbox")                 # newest first
    hits = listing(state, "search", "from:John Doe")
    message = apply_action(state, "trash", ["1", "22"])   # -> "2 conversations moved to Trash."
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

from halo_lib.sites.gomail.seed import CONTACTS, ME, ME_NAME, NOW, make_email

PAGE_SIZE = 50

# name, title shown in the nav
FOLDERS = [
    ("inbox", "Inbox"),
    ("starred", "Starred"),
    ("snoozed", "Snoozed"),
    ("sent", "Sent"),
    ("drafts", "Drafts"),
    ("all", "All Mail"),
    ("spam", "Spam"),
    ("trash", "Trash"),
]
FOLDER_TITLES = dict(FOLDERS)


# ---- folders ---------------------------------------------------------------------------------------------
def in_folder(email: dict, folder: str) -> bool:
    live = not email["trash"] and not email["spam"]
    if folder == "inbox":
        return live and not email["archived"] and not email["draft"] and not email["snoozed"] and not _sent_only(email)
    if folder == "starred":
        return live and email["starred"] and not email["draft"]
    if folder == "snoozed":
        return live and email["snoozed"]
    if folder == "sent":
        return not email["trash"] and email["sent"]
    if folder == "drafts":
        return not email["trash"] and email["draft"]
    if folder == "all":
        return live and not email["draft"]
    if folder == "spam":
        return email["spam"] and not email["trash"]
    if folder == "trash":
        return email["trash"]
    return False


def _sent_only(email: dict) -> bool:
    return email["sent"] and email["from"] == ME


def in_label(email: dict, label: str) -> bool:
    return not email["trash"] and not email["spam"] and label in email.get("labels", [])


def newest_first(emails) -> list[dict]:
    return sorted(emails, key=lambda e: (e["date"], int(e["id"]) if e["id"].isdigit() else 0), reverse=True)


def listing(state: dict, kind: str, arg: str = "") -> list[dict]:
    """The emails a view shows, newest first: kind is a folder name, "label" (arg = label) or "search" (arg = query)."""
    emails = state["email"]["emails"].values()
    if kind == "search":
        return newest_first(search(emails, arg))
    if kind == "label":
        return newest_first(e for e in emails if in_label(e, arg))
    return newest_first(e for e in emails if in_folder(e, kind))


def unread_count(state: dict, folder: str = "inbox") -> int:
    return sum(1 for e in state["email"]["emails"].values() if in_folder(e, folder) and not e["isRead"])


# ---- search (Gmail's basic operators) ---------------------------------------------------------------------
_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)')
_TAGS = re.compile(r"<[^>]+>")


def text_of(content: str) -> str:
    return html.unescape(_TAGS.sub(" ", content or ""))


def _has(haystack: str, term: str) -> bool:
    """Substring match, forgiving hyphens ("no-reply" finds "noreply") and plurals ("alerts" finds "alert")."""
    term = term.lower().strip()
    if len(term) >= 6 and term.endswith("s"):
        term = term[:-1]
    return term in haystack or term.replace("-", "") in haystack.replace("-", "")


def _when(value: str) -> str | None:
    match = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", value)
    return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def _ago(value: str) -> str | None:
    match = re.fullmatch(r"(\d+)([dmy])", value.lower())
    if not match:
        return None
    n, unit = int(match[1]), match[2]
    day = NOW.date()
    if unit == "d":
        day -= timedelta(days=n)
    else:
        months = n * (12 if unit == "y" else 1)
        year, month = divmod(day.month - 1 - months, 12)
        day = date(day.year + year, month + 1, min(day.day, 28))
    return day.isoformat()


def search(emails, query: str) -> list[dict]:
    """Gmail-style search: words match sender, recipients, subject and body; from: to: subject: is: in: label:
    before: after: older_than: newer_than: narrow it. Trash and spam are left out unless in: asks for them."""
    terms: list[tuple[str, str]] = []
    scope = "default"
    for op, op_value, phrase, word in _TOKEN.findall(query or ""):
        if op:
            value = op_value.strip('"')
            if op.lower() == "in":
                scope = value.lower()
            else:
                terms.append((op.lower(), value))
        else:
            terms.append(("", phrase or word))
    if not terms and scope == "default":
        return []
    found = []
    for email in emails:
        if scope == "default":
            if email["trash"] or email["spam"]:
                continue
        elif scope != "anywhere" and not in_folder(email, {"archive": "all"}.get(scope, scope)):
            continue
        if all(_matches(email, op, value) for op, value in terms):
            found.append(email)
    return found


def _matches(email: dict, op: str, value: str) -> bool:
    day = email["date"][:10]
    if op == "from":
        return _has(f"{email['fromName']} {email['from']}".lower(), value)
    if op in ("to", "cc", "bcc"):
        return _has(" ".join(email.get(op) or []).lower(), value)
    if op == "subject":
        return _has(email["subject"].lower(), value)
    if op == "label":
        return any(label.lower() == value.lower() for label in email.get("labels", []))
    if op == "is":
        flag = {"unread": not email["isRead"], "read": email["isRead"], "starred": email["starred"], "snoozed": email["snoozed"]}
        return flag.get(value.lower(), False)
    if op in ("before", "after", "older_than", "newer_than"):
        bound = _when(value) if op in ("before", "after") else _ago(value)
        if bound is None:
            return False
        return day < bound if op in ("before", "older_than") else day >= bound
    haystack = " ".join(
        [email["fromName"], email["from"], *email.get("to", []), *email.get("cc", []), email["subject"], text_of(email["content"])]
    ).lower()
    return _has(haystack, f"{op}:{value}" if op else value)


# ---- dates ------------------------------------------------------------------------------------------------
def parse(stamp: str) -> datetime:
    return datetime.strptime(stamp[:16], "%Y-%m-%dT%H:%M")


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _clock(moment: datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0")


def list_date(stamp: str) -> str:
    """The date column: "9:12 AM" today, "Jul 17" this year, "2/27/23" before."""
    moment = parse(stamp)
    if moment.date() == NOW.date():
        return _clock(moment)
    if moment.year == NOW.year:
        return f"{moment:%b} {moment.day}"
    return f"{moment.month}/{moment.day}/{moment:%y}"


def long_date(stamp: str) -> str:
    """ "Wed, Jul 17, 2024, 12:17 PM (1 day ago)"."""
    moment = parse(stamp)
    text = f"{moment:%a}, {moment:%b} {moment.day}, {moment.year}, {_clock(moment)}"
    delta = NOW - moment
    if delta.days >= 1:
        ago = f"{delta.days} day{'s' if delta.days > 1 else ''} ago"
    elif delta.seconds >= 3600:
        hours = delta.seconds // 3600
        ago = f"{hours} hour{'s' if hours > 1 else ''} ago"
    else:
        ago = f"{max(delta.seconds // 60, 0)} minutes ago"
    return f"{text} ({ago})"


def short_moment(moment: datetime) -> str:
    """ "Thu, Jul 25, 8:00 AM" (snooze texts)."""
    return f"{moment:%a}, {moment:%b} {moment.day}, {_clock(moment)}"


def snooze_options() -> list[tuple[str, str, str]]:
    """Gmail's snooze menu: (label, when shown, ISO value)."""
    today = datetime(NOW.year, NOW.month, NOW.day)
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    options = [
        ("Later today", today.replace(hour=18)),
        ("Tomorrow", today + timedelta(days=1, hours=8)),
        ("This weekend", saturday.replace(hour=8)),
        ("Next week", monday.replace(hour=8)),
    ]
    return [
        (label, f"{moment:%a}, {_clock(moment)}" if label != "Later today" else _clock(moment), iso(moment)) for label, moment in options
    ]


def snooze_moment(value: str = "", day: str = "", clock: str = "") -> datetime | None:
    """The snooze time from a menu value or a picked date + time; None if missing, invalid or past."""
    try:
        if value:
            moment = parse(value)
        elif day:
            moment = datetime.strptime(f"{day} {clock or '08:00'}", "%Y-%m-%d %H:%M")
        else:
            return None
    except ValueError:
        return None
    return moment if moment > NOW else None


# ---- actions ----------------------------------------------------------------------------------------------
def _n(count: int, one: str, many: str) -> str:
    return one if count == 1 else f"{count} {many}"


FLAG_ACTIONS = {
    # action: (field, value, singular toast, plural toast)
    "trash": ("trash", True, "Conversation moved to Trash.", "conversations moved to Trash."),
    "archive": ("archived", True, "Conversation archived.", "conversations archived."),
    "read": ("isRead", True, "Conversation marked as read.", "conversations marked as read."),
    "unread": ("isRead", False, "Conversation marked as unread.", "conversations marked as unread."),
    "spam": ("spam", True, "Conversation marked as spam.", "conversations marked as spam."),
    "notspam": ("spam", False, "Conversation unmarked as spam.", "conversations unmarked as spam."),
    "star": ("starred", True, "Conversation starred.", "conversations starred."),
    "unstar": ("starred", False, "Conversation unstarred.", "conversations unstarred."),
}


def next_id(state: dict, initial: dict | None = None) -> str:
    ids = [int(k) for k in state["email"]["emails"] if k.isdigit()]
    ids += [int(k) for k in (initial or {}).get("email", {}).get("emails", {}) if k.isdigit()]
    return str(max(ids, default=0) + 1)


def apply_action(
    state: dict, action: str, ids: list[str], *, until: datetime | None = None, label: str = "", initial: dict | None = None
) -> str:
    """Apply a toolbar action to the emails `ids`; returns the toast text ("" if nothing applied)."""
    emails = state["email"]["emails"]
    targets = [emails[i] for i in dict.fromkeys(ids) if i in emails]
    if not targets:
        return ""
    count = len(targets)
    if action in FLAG_ACTIONS:
        field, value, one, many = FLAG_ACTIONS[action]
        for email in targets:
            email[field] = value
        return _n(count, one, f"{many}")
    if action == "inbox":  # "Move to Inbox" from Trash, Spam or All Mail
        for email in targets:
            email["trash"] = email["spam"] = email["archived"] = False
        return _n(count, "Conversation moved to Inbox.", "conversations moved to Inbox.")
    if action == "delete_forever":
        for email in targets:
            del emails[email["id"]]
        return _n(count, "Conversation deleted forever.", "conversations deleted forever.")
    if action == "snooze" and until is not None:
        # The original leaves the mailbox; a copy with a new id waits in Snoozed until `until`.
        for email in targets:
            copy_ = dict(email, id=next_id(state, initial), snoozed=True, snoozeUntil=iso(until))
            del emails[email["id"]]
            emails[copy_["id"]] = copy_
        return f"{_n(count, 'Conversation', 'conversations')} snoozed until {short_moment(until)}"
    if action == "unsnooze":
        for email in targets:
            email["snoozed"], email["snoozeUntil"] = False, None
        return _n(count, "Conversation unsnoozed.", "conversations unsnoozed.")
    if action == "label" and label:
        for email in targets:
            if label not in email["labels"]:
                email["labels"] = email["labels"] + [label]
        return f'{_n(count, "Conversation", "conversations")} added to "{label}".'
    if action == "unlabel" and label:
        for email in targets:
            email["labels"] = [x for x in email["labels"] if x != label]
        return f'{_n(count, "Conversation", "conversations")} removed from "{label}".'
    return ""


def create_label(state: dict, name: str) -> str:
    """Add a custom label; returns the toast text, or raises ValueError with the reason."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("Please enter a label name.")
    labels = state["settings"]["customLabels"]
    if any(item["label"].lower() == name.lower() for item in labels):
        raise ValueError(f'The label name "{name}" already exists. Please try another name.')
    new_id = str(max((int(item["id"]) for item in labels if str(item.get("id", "")).isdigit()), default=0) + 1)
    labels.append({"id": new_id, "label": name})
    return f'Label "{name}" created.'


# ---- composing --------------------------------------------------------------------------------------------
_ADDRESS = re.compile(r"^[^\s@<>,;\"]+@[^\s@<>,;\"]+\.[A-Za-z]{2,}$")


def parse_recipients(text: str, field: str = "To") -> list[str]:
    """'Charles Davis <charles.davis@example.com>, kim@x.org' -> bare lowercase addresses; ValueError with
    Gmail's message when one is malformed."""
    found = []
    for token in re.split(r"[,;]", text or ""):
        token = token.strip()
        if not token:
            continue
        match = re.search(r"<([^<>]*)>\s*$", token)
        address = (match[1] if match else token).strip()
        if not _ADDRESS.match(address):
            raise ValueError(
                f'The address "{token}" in the "{field}" field was not recognized. Please make sure that all addresses are properly formed.'
            )
        if address.lower() not in found:
            found.append(address.lower())
    return found


def html_body(text: str) -> str:
    """Plain text from the compose box -> the HTML `content` REAL stores ("<p>line</p>" per paragraph)."""
    paragraphs = re.split(r"\n\s*\n", (text or "").strip())
    out = []
    for paragraph in paragraphs:
        if paragraph.strip():
            out.append("<p>" + "<br>".join(html.escape(line) for line in paragraph.strip().splitlines()) + "</p>")
    return "".join(out)


def outgoing(
    state: dict,
    *,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    body: str,
    draft: bool,
    reply_to: str = "",
    initial: dict | None = None,
    moment: datetime | None = None,
) -> dict:
    """A new sent message (or draft), as REAL's scripts read it: bare addresses, `sent`, `isReply`."""
    return make_email(
        id=next_id(state, initial),
        fromName=ME_NAME,
        **{"from": ME},
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject.strip(),
        content=html_body(body),
        date=iso(moment or NOW),
        isRead=True,
        draft=draft,
        sent=not draft,
        isReply=bool(reply_to),
        inReplyTo=reply_to or None,
    )


def body_text(content: str) -> str:
    """A stored HTML body back to compose-box text (drafts, quoted forwards)."""
    text = re.sub(r"</p>\s*<p>", "\n\n", content or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(_TAGS.sub("", text)).strip()


def names(addresses: list[str], full: bool = False) -> str:
    """ "Kevin Moore, kim@x.org": contacts by name, others by address; `full` adds the contacts' addresses."""
    known = {c["email"]: c["name"] for c in CONTACTS}
    return ", ".join((f"{known[a]} <{a}>" if full else known[a]) if a in known else a for a in addresses)


def snippet(email: dict, size: int = 110) -> str:
    text = " ".join(text_of(email["content"]).split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
