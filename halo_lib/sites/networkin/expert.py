"""Scripted solutions for Networkin's ten v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Every step goes through the site's UI as a member would: the search box, profiles, Connect / Message,
the post box on the feed, a post's Send page, company Follow buttons and event RSVPs. Elements are found
by role and accessible name only.

networkin-19 cannot pass: its script reads `env_state.initialfinaldiff`, a path agisdk's finish JSON does
not have. The expert still posts what the goal asks (see `UNSOLVABLE`).

`MISTAKES` are episodes a careless agent could produce; each one is graded 0 by the task's own script
(a lookalike Olivia, too few connections, the post sent to one person, a data scientist instead of a
software engineer, a message that never asks, a draft never posted).

    .venv/bin/halo eval --mode expert --tasks networkin --out /tmp/networkin_run --sites-port 9200
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Press, Target

SEARCH = Target("searchbox", "Search")
POST_BOX = Target("textbox", "Start a post")
MESSAGE_BOX = Target("textbox", "Write a message")

# Tasks whose script can never print SUCCESS on agisdk's finish JSON, and why.
UNSOLVABLE = {
    "networkin-19": "eval_networkin_19.py reads data['env_state']['initialfinaldiff']; agisdk's finish JSON has no env_state",
}


# ---- steps a member repeats ---------------------------------------------------------------------------
def search(keywords: str):
    yield Fill(SEARCH, keywords)
    view = yield Press(SEARCH, "Enter")
    return view


def open_profile(name: str):
    view = yield Click(Target("link", name))
    return view


def message(text: str):
    """On a profile: open the conversation and send `text`."""
    yield Click(Target("link", "Message"))
    yield Fill(MESSAGE_BOX, text)
    view = yield Click(Target("button", "Send"))
    return view


def write_post(text: str):
    yield Fill(POST_BOX, text)
    view = yield Click(Target("button", "Post"))
    return view


def send_post(post_words: str, names: list[str]):
    """From the feed: open the Send page of the post containing `post_words` and send it to `names`."""
    yield Click(Target("link", "Send", within=Target("article", contains=post_words)))
    for name in names:
        yield Click(Target("checkbox", name))
    view = yield Click(Target("button", "Send"))
    return view


def connect(name: str):
    view = yield Click(Target("button", f"Invite {name} to connect"))
    return view


# ---- solutions ------------------------------------------------------------------------------------------
def networkin_1(view):
    yield Click(Target("link", "Companies"))  # most followed first
    yield Click(Target("button", "Follow Google"))
    yield Click(Target("button", "Follow Amazon"))
    yield Click(Target("button", "Follow Microsoft"))
    yield Answer("I followed Google, Amazon and Microsoft, three of the most followed companies.")


def networkin_5(view):
    yield from search("software engineer")
    yield from open_profile("Victor Huang")  # Backend Software Engineer at Uber
    yield from message("Hi Victor! I'm Div, founder of AGI Inc. Would you be interested in working on a side project with me?")
    yield Answer("I asked Victor Huang, a Backend Software Engineer at Uber, whether he is interested in working on a side project.")


def networkin_6(view):
    yield from search("new york")
    yield from open_profile("Marcus Johnson")  # Software Engineer at Stripe, New York
    yield from message("Hi Marcus! I'm starting a new project building AI agents and would love for you to join. Would you be interested?")
    yield Answer("I invited Marcus Johnson, a Software Engineer at Stripe in New York, to join your new project.")


def networkin_10(view):
    yield Click(Target("link", contains="My Network"))
    yield from connect("Alex Turner")
    yield from connect("Grace Liu")
    yield from connect("Isabella Rossi")
    yield Answer("I connected with Alex Turner, Grace Liu and Isabella Rossi.")


NETWORKING_POST = (
    "I'm hosting a networking event for founders and engineers in San Francisco next Thursday evening. "
    "If you're interested in joining, DM me!"
)


def networkin_11(view):
    yield from write_post(NETWORKING_POST)
    yield from send_post("networking event", ["James Chen", "Priya Patel"])
    yield Answer("I posted about your networking event (asking people to DM you) and sent the post to James Chen and Priya Patel.")


def networkin_13(view):
    yield from write_post(
        "This summer I had an amazing internship on the AI agents team. Grateful for my mentors and "
        "everything I learned as a summer intern!"
    )
    yield Answer("I made a post about your summer internship.")


def networkin_19(view):
    yield from write_post("I just finished my internship at AGI Inc! Thank you to the whole team for an incredible experience.")
    yield Answer("I posted that you finished your internship at AGI Inc.")


def networkin_25(view):
    yield Click(Target("link", "Events"))
    yield Click(Target("link", "AI Builders Summit 2025"))
    yield Click(Target("button", "Attend"))
    yield Answer(
        "I marked you as attending the AI Builders Summit 2025 on Oct 14 at the Moscone Center, a day of talks on building AI agents."
    )


def networkin_26(view):
    yield from search("software engineer")
    yield from open_profile("Ethan Wright")  # Staff Software Engineer at Netflix
    yield from message(
        "Hi Ethan, I'm growing my software engineering skills and would really value your advice. "
        "Do you have any tips for someone early in their career?"
    )
    yield Answer("I searched for software engineers and messaged Ethan Wright, a Staff Software Engineer at Netflix, asking for advice.")


def networkin_27(view):
    yield from search("Olivia Martinez")
    yield from connect("Olivia Martinez")
    yield Answer("I connected with Olivia Martinez (Product Designer at Airbnb); she accepted your request.")


SOLUTIONS = {
    "networkin-1": networkin_1,
    "networkin-5": networkin_5,
    "networkin-6": networkin_6,
    "networkin-10": networkin_10,
    "networkin-11": networkin_11,
    "networkin-13": networkin_13,
    "networkin-19": networkin_19,
    "networkin-25": networkin_25,
    "networkin-26": networkin_26,
    "networkin-27": networkin_27,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) --------------------------------------
def follow_microsoft_only(view):  # networkin-1: no other popular company followed
    yield Click(Target("link", "Companies"))
    yield Click(Target("button", "Follow Microsoft"))
    yield Answer("I followed Microsoft.")


def follow_others_not_microsoft(view):  # networkin-1: Microsoft missing
    yield Click(Target("link", "Companies"))
    yield Click(Target("button", "Follow Google"))
    yield Click(Target("button", "Follow Apple"))
    yield Answer("I followed Google and Apple.")


def side_project_to_data_scientist(view):  # networkin-5: Kevin Lee is a data scientist
    yield from search("data scientist")
    yield from open_profile("Kevin Lee")
    yield from message("Hi Kevin, are you interested in working on a side project with me?")
    yield Answer("I asked Kevin Lee about a side project.")


def engineer_never_asked(view):  # networkin-5: the message does not ask about a side project
    yield from search("software engineer")
    yield from open_profile("Victor Huang")
    yield from message("Hi Victor, great to meet you! Let's keep in touch.")
    yield Answer("I messaged Victor Huang.")


def project_invite_outside_new_york(view):  # networkin-6: James Chen lives in Mountain View, found without a search
    yield Click(Target("link", contains="My Network"))
    yield Click(Target("link", "Connections (12)"))
    yield Click(Target("link", "Message James Chen"))
    yield Fill(MESSAGE_BOX, "Hi James, would you like to join my new project?")
    yield Click(Target("button", "Send"))
    yield Answer("I invited James Chen to join your new project.")


def only_two_connections(view):  # networkin-10: two people, not three
    yield Click(Target("link", contains="My Network"))
    yield from connect("Alex Turner")
    yield from connect("Grace Liu")
    yield Answer("I connected with Alex Turner and Grace Liu.")


def ignored_invitations(view):  # networkin-10: one accepted, two ignored
    yield Click(Target("link", contains="My Network"))
    yield Click(Target("button", "Accept invitation from Zoey Harris"))
    yield Click(Target("button", "Ignore invitation from Liam O'Brien"))
    yield Click(Target("button", "Ignore invitation from Samuel Okafor"))
    yield Answer("I handled your invitations.")


def post_sent_to_one_person(view):  # networkin-11: sent to one connection, not a couple
    yield from write_post(NETWORKING_POST)
    yield from send_post("networking event", ["James Chen"])
    yield Answer("I posted about your networking event and sent it to James Chen.")


def post_without_dm_ask(view):  # networkin-11: the post never asks people to DM
    yield from write_post("Looking forward to my networking event next Thursday in San Francisco.")
    yield from send_post("networking event", ["James Chen", "Priya Patel"])
    yield Answer("I posted about your networking event and sent it to James Chen and Priya Patel.")


def internship_post_left_as_draft(view):  # networkin-13: typed, never posted
    yield Fill(POST_BOX, "This summer I had an amazing internship. Grateful for my mentors!")
    yield Click(Target("link", contains="My Network"))
    yield Click(Target("link", "Home"))
    yield Answer("I wrote a post about your summer internship.")


def connected_with_olivia_martin(view):  # networkin-27: the lookalike Olivia Martin
    yield from search("Olivia Martin")
    yield from connect("Olivia Martin")
    yield Answer("I connected with Olivia Martin.")


def olivia_profile_only(view):  # networkin-27: opened her profile, never connected
    yield from search("Olivia Martinez")
    yield from open_profile("Olivia Martinez")
    yield Answer("I found Olivia Martinez's profile.")


MISTAKES = {
    "networkin-1": [follow_microsoft_only, follow_others_not_microsoft],
    "networkin-5": [side_project_to_data_scientist, engineer_never_asked],
    "networkin-6": [project_invite_outside_new_york],
    "networkin-10": [only_two_connections, ignored_invitations],
    "networkin-11": [post_sent_to_one_person, post_without_dm_ask],
    "networkin-13": [internship_post_left_as_draft],
    "networkin-27": [connected_with_olivia_martin, olivia_profile_only],
}
