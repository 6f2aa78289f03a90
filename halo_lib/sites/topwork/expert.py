"""Scripted solutions for Topwork's twelve v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

Each solution works the client's side of the site as Sarah Johnson would: search talent from the header box,
open a profile, invite or hire from it, post a job through the form, remove posts from their own page, and
reply in Messages. Elements are found by role and accessible name only.

`MISTAKES` are episodes a careless agent could produce; each is graded 0 by the task's own script (the wrong
freelancer, the wrong chat, a draft instead of a post, a rate or duration off the brief, a chat note instead
of an offer, two invitations where one was asked).

    .venv/bin/halo eval --mode expert --tasks topwork --out /tmp/topwork_run --sites-port 9220
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k topwork -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Press, Select, Target, View

SEARCH = Target("searchbox", "Search freelancers")


# ---- steps a client repeats -----------------------------------------------------------------------------
def find_talent(query: str, name: str):
    """Search freelancers from the header and open `name`'s profile."""
    yield Fill(SEARCH, query)
    yield Press(SEARCH, "Enter")
    view = yield Click(Target("link", name))
    return view


def invite(job_title: str, message: str | None = None):
    """From a profile: Invite to job, pick the post, (rewrite the message), send."""
    yield Click(Target("link", "Invite to job"))
    yield Select(Target("combobox", "Job post"), job_title)
    if message is not None:
        yield Fill(Target("textbox", "Message"), message)
    view = yield Click(Target("button", "Send invitation"))
    return view


def fill_offer(title: str | None, description: str, agree: bool = True):
    """On the offer form: contract title (unless prefilled), terms, the Terms of Service box, Send offer."""
    if title is not None:
        yield Fill(Target("textbox", "Contract title"), title)
    yield Fill(Target("textbox", "Work description (terms)"), description)
    if agree:
        yield Click(Target("checkbox", contains="I understand and agree"))
    view = yield Click(Target("button", "Send offer"))
    return view


def open_chat(name: str):
    yield Click(Target("link", contains="Messages"))
    view = yield Click(Target("link", contains=name, within=Target("navigation", "Conversations")))
    return view


def reply(name: str, text: str):
    """In the open conversation with `name`: type and send."""
    yield Fill(Target("textbox", f"Message {name}"), text)
    view = yield Click(Target("button", "Send"))
    return view


def post_job(
    title: str,
    description: str,
    category: str,
    skills: str,
    rate_from: str,
    rate_to: str,
    size: str,
    duration: str,
    level: str,
    hire: str,
    button: str = "Post this job",
):
    yield Click(Target("link", "Post a job"))
    yield Fill(Target("textbox", "Job title"), title)
    yield Fill(Target("textbox", "Job description"), description)
    yield Select(Target("combobox", "Category"), category)
    yield Fill(Target("textbox", "Skills (comma separated)"), skills)
    yield Fill(Target("spinbutton", "Hourly rate from"), rate_from)
    yield Fill(Target("spinbutton", "Hourly rate to"), rate_to)
    yield Click(Target("radio", size))
    yield Click(Target("radio", duration))
    yield Click(Target("radio", level))
    yield Click(Target("radio", hire))
    view = yield Click(Target("button", button))
    return view


def remove_post(title: str, reason: str = "No longer needed"):
    """From My jobs: open the post, Remove job post, give a reason, confirm (back on My jobs)."""
    yield Click(Target("link", title))
    yield Click(Target("link", "Remove job post"))
    yield Select(Target("combobox", "Reason"), reason)
    view = yield Click(Target("button", "Remove posting"))
    return view


NO_HIRE = "No, not at this time"
FITNESS_JOB = "Full Stack Developer for Fitness App MVP"
PYTHON_JOB = "Python Backend Developer for REST API"


# ---- solutions ------------------------------------------------------------------------------------------
def topwork_2(view):
    yield from find_talent("full stack", "Marcus Lee")  # Full-Stack Engineer, not yet on the fitness post
    yield from invite(
        FITNESS_JOB,
        "Hi Marcus, I'd like to invite you to my job post. I'm building a fitness app: are you interested in building it with me?",
    )
    yield Answer(
        "I invited Marcus Lee, a full-stack engineer, to the fitness app job and asked if he is interested in building the fitness app with me."
    )


def topwork_3(view):
    yield from find_talent("python", "Daniel Kim")  # Python Developer, available now
    yield from invite(PYTHON_JOB)
    yield Answer("I invited Daniel Kim, a Python developer who is available now, to the Python Backend Developer for REST API job.")


def topwork_4(view):
    yield from find_talent("full stack", "Marcus Lee")
    yield from invite(FITNESS_JOB)
    yield Answer("I invited Marcus Lee, a full-stack engineer, to the Full Stack Developer for Fitness App MVP job.")


def topwork_7(view):
    yield Click(Target("link", FITNESS_JOB))
    yield Click(Target("link", "Hire Brandon Martinez"))  # his proposal: contract title and rate come prefilled
    yield from fill_offer(
        None,
        "Build the fitness app MVP (workout logging, progress charts, subscriptions) "
        "at $70/hr, up to 40 hours a week. Looking forward to working with you!",
    )
    yield Answer(
        "I sent Brandon Martinez an offer for the Full Stack Developer for Fitness App MVP contract at $70/hr; it shows in your conversation with him."
    )


def topwork_8(view):
    for title in (
        "Data Analyst for Sales Dashboard",
        "Machine Learning Engineer for Recommendation System",
        "Data Entry Specialist for Product Catalog",
    ):
        yield from remove_post(title)
    yield Answer(
        "I removed the three data-related job posts: Data Analyst for Sales Dashboard, Machine Learning Engineer for Recommendation System and Data Entry Specialist for Product Catalog."
    )


def topwork_9(view):
    yield from post_job(
        "Financial Analyst",
        "We are hiring a Financial Analyst to build our budget forecasts, analyze monthly results and prepare reports for leadership.",
        "Accounting & Consulting",
        "Financial Analysis, Financial Modeling, Excel",
        "45",
        "65",
        "Medium",
        "3 to 6 months",
        "Intermediate",
        NO_HIRE,
    )
    yield Answer("I posted a Financial Analyst job paying $45-$65 an hour.")


def topwork_10(view):
    yield from open_chat("Alex Rodriguez")
    yield from reply(
        "Alex Rodriguez", "Hi Alex, I'm open to help you get set up! I'll share access to the repository and the design files today."
    )
    yield Answer("I replied to Alex Rodriguez that I'm open to help her get set up.")


REPLIES_12 = {  # what each unread message asks, answered (time frames: tomorrow)
    "Alex Rodriguez": "Of course, I'll help you get set up with the repository and design files.",
    "Emily Chen": "Great! I'd like the first round of mockups by tomorrow.",
    "Michael Brown": "The first draft of the landing page copy is due tomorrow.",
    "Jessica Taylor": "Thanks Jessica, I'll review your resume and references.",
}


def unread_chats(view: View) -> list[str]:
    """Names of the conversations marked unread in the list."""
    names = []
    for node in view.find_all("link", contains="unread", within=Target("navigation", "Conversations")):
        names.append(node.name.replace("unread", "").strip())
    return names


def topwork_12(view):
    view = yield Click(Target("link", contains="Messages"))
    for name in unread_chats(view):
        yield Click(Target("link", contains=name, within=Target("navigation", "Conversations")))
        yield from reply(name, REPLIES_12.get(name, "Thanks for your message, I'll get back to you."))
    yield Answer("I replied to every unread message; Emily and Michael asked about time frames, so I told them tomorrow.")


def topwork_11(view):
    yield Click(Target("link", "My hires"))
    yield Click(Target("link", "Rehire Grace Nelson"))  # led our product launch before
    yield from fill_offer(
        "Project Lead", "Lead our next product launch: plan the roadmap, run the weekly syncs and keep the team on schedule."
    )
    yield Answer("I sent Grace Nelson, whom you hired before, an offer to rehire her as Project Lead.")


def topwork_13(view):
    yield from post_job(
        "Data Annotator",
        "Verita AI is looking for a data annotator to label text and image data for our AI models. Clear guidelines "
        "are provided; attention to detail matters most.",
        "Data Science & Analytics",
        "Data Annotation, Data Labeling",
        "20",
        "25",
        "Small",
        "1 to 3 months",
        "Entry",
        NO_HIRE,
    )
    yield Answer("I posted a small, non-permanent Data Annotator job for Verita AI at $20-$25 an hour.")


def topwork_14(view):
    yield Fill(SEARCH, "Ashley")
    yield Press(SEARCH, "Enter")
    yield Click(Target("button", "Save Ashley Campbell"))
    yield Fill(SEARCH, "Brandon")
    yield Press(SEARCH, "Enter")
    yield Click(Target("button", "Save Brandon Martinez"))
    yield Answer("I saved Ashley Campbell and Brandon Martinez to your saved talent.")


def topwork_21(view):
    yield Click(Target("link", PYTHON_JOB))
    yield Click(Target("link", "Message Priya Patel"))  # she sent a proposal: a potential new hire
    yield from reply("Priya Patel", "Hi Priya, thanks for your proposal! Are you free for a quick call tomorrow to talk about the project?")
    yield Answer("I messaged Priya Patel, who sent a proposal for the Python backend job, to ask if she is free for a call.")


SOLUTIONS = {
    "topwork-2": topwork_2,
    "topwork-3": topwork_3,
    "topwork-4": topwork_4,
    "topwork-7": topwork_7,
    "topwork-8": topwork_8,
    "topwork-9": topwork_9,
    "topwork-10": topwork_10,
    "topwork-11": topwork_11,
    "topwork-12": topwork_12,
    "topwork-13": topwork_13,
    "topwork-14": topwork_14,
    "topwork-21": topwork_21,
}


# ---- plausible wrong episodes (each graded 0 by the task's script) --------------------------------------
def fitness_invite_to_designer(view):  # topwork-2: a UI/UX designer is not a backend or full-stack developer
    yield from find_talent("designer", "Sofia Rossi")
    yield from invite(FITNESS_JOB, "Hi Sofia, are you interested in building a fitness app with me?")
    yield Answer("I invited Sofia Rossi.")


def fitness_invite_without_question(view):  # topwork-2: the default invitation never mentions the fitness app
    yield from find_talent("full stack", "Marcus Lee")
    yield from invite(FITNESS_JOB)
    yield Answer("I invited Marcus Lee.")


def python_invite_to_designer(view):  # topwork-3: a brand designer has no Python experience
    yield from find_talent("Ashley", "Ashley Campbell")
    yield from invite(PYTHON_JOB)
    yield Answer("I invited Ashley Campbell.")


def invite_frontend_developer(view):  # topwork-4: a frontend developer is not full-stack
    yield from find_talent("React", "Brendan Lee")
    yield from invite(FITNESS_JOB)
    yield Answer("I invited Brendan Lee.")


def invite_two_developers(view):  # topwork-4: one full-stack developer was asked for, two were invited
    yield from find_talent("full stack", "Marcus Lee")
    yield from invite(FITNESS_JOB)
    yield from find_talent("React", "Brendan Lee")
    yield from invite(FITNESS_JOB)
    yield Answer("I invited Marcus Lee and Brendan Lee.")


def chat_instead_of_offer(view):  # topwork-7: a chat message is not an offer
    yield Click(Target("link", FITNESS_JOB))
    yield Click(Target("link", "Message Brandon Martinez"))
    yield from reply("Brandon Martinez", "You're hired! Let's get started on the fitness app.")
    yield Answer("I told Brandon Martinez he is hired.")


def offer_without_terms_box(view):  # topwork-7: never ticked the Terms of Service box, so no offer was sent
    yield Click(Target("link", FITNESS_JOB))
    yield Click(Target("link", "Hire Brandon Martinez"))
    yield from fill_offer(None, "Build the fitness app MVP.", agree=False)
    yield Answer("I sent Brandon Martinez an offer.")


def remove_design_post(view):  # topwork-8: the logo post is not data-related
    yield from remove_post("Logo and Brand Identity Designer")
    yield Answer("I removed the logo design post.")


def financial_analyst_draft(view):  # topwork-9: saved as a draft, never posted
    yield from post_job(
        "Financial Analyst",
        "Budget forecasts and monthly reporting.",
        "Accounting & Consulting",
        "Financial Analysis",
        "45",
        "65",
        "Medium",
        "3 to 6 months",
        "Intermediate",
        NO_HIRE,
        button="Save as draft",
    )
    yield Answer("I created the Financial Analyst job.")


def financial_analyst_rate_too_high(view):  # topwork-9: $75 is above the $65 ceiling
    yield from post_job(
        "Financial Analyst",
        "Budget forecasts and monthly reporting.",
        "Accounting & Consulting",
        "Financial Analysis",
        "45",
        "75",
        "Medium",
        "3 to 6 months",
        "Intermediate",
        NO_HIRE,
    )
    yield Answer("I posted the Financial Analyst job.")


def reply_in_wrong_chat(view):  # topwork-10: the reply went to Emily Chen, not Alex Rodriguez
    yield from open_chat("Emily Chen")
    yield from reply("Emily Chen", "I'm open to help you get set up!")
    yield Answer("I replied.")


def rehire_as_project_manager(view):  # topwork-11: the contract title is not Project Lead
    yield Click(Target("link", "My hires"))
    yield Click(Target("link", "Rehire Grace Nelson"))
    yield from fill_offer("Project Manager", "Lead our next product launch.")
    yield Answer("I rehired Grace Nelson.")


def two_project_lead_offers(view):  # topwork-11: two offers where one rehire was asked
    for name in ("Grace Nelson", "David Nguyen"):
        yield Click(Target("link", "My hires"))
        yield Click(Target("link", f"Rehire {name}"))
        yield from fill_offer("Project Lead", "Lead our next project.")
    yield Answer("I sent two Project Lead offers.")


def reply_without_time_frame(view):  # topwork-12: only the message without a question about time got a reply
    yield from open_chat("Jessica Taylor")
    yield from reply("Jessica Taylor", "Thanks Jessica, I'll review your resume and references.")
    yield Answer("I replied to my unread messages.")


def annotator_short_duration(view):  # topwork-13: "Less than 1 month" is not what the script expects
    yield from post_job(
        "Data Annotator",
        "Verita AI needs a data annotator to label images.",
        "Data Science & Analytics",
        "Data Labeling",
        "20",
        "25",
        "Small",
        "Less than 1 month",
        "Entry",
        NO_HIRE,
    )
    yield Answer("I posted the Data Annotator job.")


def annotator_draft(view):  # topwork-13: saved as a draft, never posted
    yield from post_job(
        "Data Annotator",
        "Verita AI needs a data annotator to label images.",
        "Data Science & Analytics",
        "Data Labeling",
        "20",
        "25",
        "Small",
        "1 to 3 months",
        "Entry",
        NO_HIRE,
        button="Save as draft",
    )
    yield Answer("I created the Data Annotator job.")


def save_ashley_and_brendan(view):  # topwork-14: Brendan Lee is not Brandon
    yield Fill(SEARCH, "Ashley")
    yield Press(SEARCH, "Enter")
    yield Click(Target("button", "Save Ashley Campbell"))
    yield Fill(SEARCH, "Brendan")
    yield Press(SEARCH, "Enter")
    yield Click(Target("button", "Save Brendan Lee"))
    yield Answer("I saved Ashley and Brendan.")


def thank_without_asking(view):  # topwork-21: never asked whether they are free
    yield Click(Target("link", PYTHON_JOB))
    yield Click(Target("link", "Message Priya Patel"))
    yield from reply("Priya Patel", "Thanks for your proposal, Priya.")
    yield Answer("I messaged Priya Patel.")


MISTAKES = {
    "topwork-2": [fitness_invite_to_designer, fitness_invite_without_question],
    "topwork-3": [python_invite_to_designer],
    "topwork-4": [invite_frontend_developer, invite_two_developers],
    "topwork-7": [chat_instead_of_offer, offer_without_terms_box],
    "topwork-8": [remove_design_post],
    "topwork-9": [financial_analyst_draft, financial_analyst_rate_too_high],
    "topwork-10": [reply_in_wrong_chat],
    "topwork-11": [rehire_as_project_manager, two_project_lead_offers],
    "topwork-12": [reply_without_time_frame],
    "topwork-13": [annotator_short_duration, annotator_draft],
    "topwork-14": [save_ashley_and_brendan],
    "topwork-21": [thank_without_asking],
}
