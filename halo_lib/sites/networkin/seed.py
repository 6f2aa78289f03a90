"""Networkin's seed: the signed-in member (divgarg), a network of 38 people with headlines, companies, events,
feed posts, chats, pending invitations and recent searches. Everything is fixed (no randomness, fixed dates),
so every session of every task starts from the same state.

What REAL's scripts name, and the traps beside it:
- `divgarg` (Div Garg) is the member; every message and post he writes carries `authorId: "divgarg"`.
- `oliviamartinez` (Olivia Martinez, not yet connected), beside `oliviamartin` and `oliviachen`.
- Companies keyed by lowercase id, `microsoft` among 16; popularity is the follower count.
- Software engineers (connected and not) beside data scientists and product people; tech and non-tech
  people located in New York.
- Events, some worth attending for an AI founder, some not.
"""

from __future__ import annotations

import copy
from typing import Any

ME = "divgarg"
ME_PROFILE = {
    "id": ME,
    "name": "Div Garg",
    "headline": "Founder & CEO at AGI Inc | Building autonomous AI agents",
    "location": "San Francisco, California",
    "industry": "Technology",
    "company": "AGI Inc",
    "about": "Building AI agents that get real work done on the web. Previously AI research at Stanford.",
    "experience": [
        {"title": "Founder & CEO", "company": "AGI Inc", "years": "2023 - Present"},
        {"title": "Founder", "company": "MultiOn", "years": "2021 - 2023"},
        {"title": "PhD student, AI", "company": "Stanford University", "years": "2019 - 2021"},
    ],
}

# username, name, headline, location, industry, company, initial degree ("1st" = connected)
_PEOPLE = [
    ("jameschen", "James Chen", "Software Engineer at Google", "Mountain View, California", "Technology", "Google", "1st"),
    (
        "priyapatel",
        "Priya Patel",
        "Senior Software Engineer at Microsoft | Azure AI",
        "Seattle, Washington",
        "Technology",
        "Microsoft",
        "1st",
    ),
    ("sarahkim", "Sarah Kim", "Product Manager at OpenAI", "San Francisco, California", "Technology", "OpenAI", "1st"),
    (
        "davidnguyen",
        "David Nguyen",
        "Partner at Lightspeed Venture Partners",
        "Menlo Park, California",
        "Venture Capital",
        "Lightspeed",
        "1st",
    ),
    ("emilyzhang", "Emily Zhang", "Machine Learning Researcher at NVIDIA", "Santa Clara, California", "Technology", "NVIDIA", "1st"),
    ("michaelbrown", "Michael Brown", "Head of Sales at Salesforce", "Chicago, Illinois", "Software Sales", "Salesforce", "1st"),
    ("aishakhan", "Aisha Khan", "Senior Data Scientist at Airbnb", "San Francisco, California", "Technology", "Airbnb", "1st"),
    ("robertwilson", "Robert Wilson", "Recruiter at Amazon | Hiring for AWS", "Seattle, Washington", "Human Resources", "Amazon", "1st"),
    ("ninapatel", "Nina Patel", "UX Designer at Adobe", "San Jose, California", "Design", "Adobe", "1st"),
    ("carlosmendez", "Carlos Mendez", "Founder at Brightpath Robotics", "Austin, Texas", "Robotics", "Brightpath Robotics", "1st"),
    ("hannahlee", "Hannah Lee", "Software Engineer at AGI Inc", "San Francisco, California", "Technology", "AGI Inc", "1st"),
    ("tomasgarcia", "Tomas Garcia", "Marketing Director at Tesla", "Palo Alto, California", "Automotive", "Tesla", "1st"),
    ("oliviamartinez", "Olivia Martinez", "Product Designer at Airbnb | Design Systems", "Austin, Texas", "Technology", "Airbnb", "2nd"),
    ("oliviamartin", "Olivia Martin", "Marketing Manager at HubSpot", "Boston, Massachusetts", "Marketing", "HubSpot", "2nd"),
    ("oliviachen", "Olivia Chen", "Software Engineer at Apple", "Cupertino, California", "Technology", "Apple", "2nd"),
    ("marcusjohnson", "Marcus Johnson", "Software Engineer at Stripe", "New York, New York", "Technology", "Stripe", "2nd"),
    ("kevinlee", "Kevin Lee", "Data Scientist at Meta", "New York, New York", "Technology", "Meta", "2nd"),
    ("danielkim", "Daniel Kim", "Product Manager at Spotify", "New York, New York", "Technology", "Spotify", "2nd"),
    (
        "rachelgreen",
        "Rachel Green",
        "Investment Banking Analyst at Goldman Sachs",
        "New York, New York",
        "Financial Services",
        "Goldman Sachs",
        "3rd",
    ),
    (
        "laurensmith",
        "Lauren Smith",
        "Registered Nurse at NYU Langone Health",
        "New York, New York",
        "Hospital & Health Care",
        "NYU Langone Health",
        "3rd",
    ),
    ("emilydavis", "Emily Davis", "Reporter at The New York Times", "New York, New York", "Newspapers", "The New York Times", "3rd"),
    ("ethanwright", "Ethan Wright", "Staff Software Engineer at Netflix", "Los Gatos, California", "Technology", "Netflix", "2nd"),
    ("sofiarodriguez", "Sofia Rodriguez", "Software Developer at Shopify", "Toronto, Ontario", "Technology", "Shopify", "2nd"),
    ("alexturner", "Alex Turner", "Frontend Engineer at Airbnb", "Seattle, Washington", "Technology", "Airbnb", "2nd"),
    ("meganwhite", "Megan White", "Data Analyst at IBM", "Austin, Texas", "Technology", "IBM", "2nd"),
    ("ryanpark", "Ryan Park", "Data Scientist at Netflix", "Los Angeles, California", "Technology", "Netflix", "2nd"),
    ("jessicataylor", "Jessica Taylor", "HR Business Partner at Nike", "Portland, Oregon", "Apparel", "Nike", "3rd"),
    ("brianmoore", "Brian Moore", "Mechanical Engineer at Boeing", "Seattle, Washington", "Aerospace", "Boeing", "3rd"),
    ("ameliaclark", "Amelia Clark", "Teacher at Lincoln High School", "Denver, Colorado", "Education", "Lincoln High School", "3rd"),
    ("noahanderson", "Noah Anderson", "Account Executive at Oracle", "Dallas, Texas", "Software Sales", "Oracle", "3rd"),
    ("graceliu", "Grace Liu", "AI Research Scientist at Google DeepMind", "London, England", "Technology", "Google", "2nd"),
    (
        "samuelokafor",
        "Samuel Okafor",
        "Cloud Solutions Architect at Amazon Web Services",
        "Atlanta, Georgia",
        "Technology",
        "Amazon",
        "2nd",
    ),
    ("isabellarossi", "Isabella Rossi", "Chief of Staff at Anthropic", "San Francisco, California", "Technology", "Anthropic", "2nd"),
    ("liamobrien", "Liam O'Brien", "Startup Founder | Fintech | YC W24", "New York, New York", "Financial Services", "Ledgerly", "2nd"),
    (
        "zoeyharris",
        "Zoey Harris",
        "Computer Science Student at Stanford University",
        "Stanford, California",
        "Higher Education",
        "Stanford University",
        "2nd",
    ),
    ("arjunmehta", "Arjun Mehta", "Software Engineering Intern at Microsoft", "Redmond, Washington", "Technology", "Microsoft", "2nd"),
    ("chloebennett", "Chloe Bennett", "Talent Acquisition Lead at Stripe", "San Francisco, California", "Technology", "Stripe", "3rd"),
    ("victorhuang", "Victor Huang", "Backend Software Engineer at Uber", "San Francisco, California", "Technology", "Uber", "2nd"),
]

_ABOUT = {
    "Technology": "I build products that people use every day and love working with curious teams.",
    "Venture Capital": "Early-stage investor backing technical founders in AI and infrastructure.",
}


def _person(row: tuple) -> dict[str, Any]:
    username, name, headline, location, industry, company, degree = row
    return {
        "id": username,
        "name": name,
        "headline": headline,
        "location": location,
        "industry": industry,
        "company": company,
        "degree": degree,
        "about": _ABOUT.get(industry, f"{headline}. Happy to connect with people in {industry.lower()}."),
        "connections": 180 + (sum(map(ord, username)) * 7) % 420,
    }


PEOPLE: dict[str, dict[str, Any]] = {row[0]: _person(row) for row in _PEOPLE}
CONNECTED = [u for u, p in PEOPLE.items() if p["degree"] == "1st"]
# People who invited divgarg to connect (shown under My Network > Invitations).
INVITATIONS = ["zoeyharris", "liamobrien", "samuelokafor"]

# id, name, industry, followers, tagline
_COMPANIES = [
    ("google", "Google", "Technology, Information and Internet", 34_800_000, "Organizing the world's information."),
    (
        "microsoft",
        "Microsoft",
        "Software Development",
        24_100_000,
        "Empowering every person and organization on the planet to achieve more.",
    ),
    ("amazon", "Amazon", "Software Development", 33_200_000, "Earth's most customer-centric company."),
    ("apple", "Apple", "Computers and Electronics Manufacturing", 17_600_000, "Think different."),
    ("meta", "Meta", "Technology, Information and Internet", 10_900_000, "Building the future of human connection."),
    ("tesla", "Tesla", "Motor Vehicle Manufacturing", 11_300_000, "Accelerating the world's transition to sustainable energy."),
    ("netflix", "Netflix", "Entertainment Providers", 11_200_000, "Entertaining the world."),
    ("openai", "OpenAI", "Research Services", 7_400_000, "Ensuring that artificial general intelligence benefits all of humanity."),
    ("nvidia", "NVIDIA", "Computer Hardware Manufacturing", 4_200_000, "The pioneer of accelerated computing."),
    ("salesforce", "Salesforce", "Software Development", 5_100_000, "The #1 AI CRM."),
    ("adobe", "Adobe", "Software Development", 5_600_000, "Creativity for all."),
    ("ibm", "IBM", "IT Services and IT Consulting", 16_700_000, "Let's create."),
    ("stripe", "Stripe", "Technology, Information and Internet", 1_200_000, "Financial infrastructure for the internet."),
    ("airbnb", "Airbnb", "Software Development", 4_000_000, "Belong anywhere."),
    ("agiinc", "AGI Inc", "Technology, Information and Internet", 48_000, "Building AI agents for everyone."),
    ("brightpathrobotics", "Brightpath Robotics", "Robotics Engineering", 3_100, "Warehouse robots that work alongside people."),
]
COMPANIES: dict[str, dict[str, Any]] = {
    cid: {"id": cid, "name": name, "industry": industry, "followers": followers, "tagline": tagline}
    for cid, name, industry, followers, tagline in _COMPANIES
}
INITIALLY_FOLLOWED = {"agiinc": True}

# id, title, date, time, format, location, organizer, attendees, description
_EVENTS = [
    (
        "1",
        "AI Builders Summit 2025",
        "2025-10-14",
        "9:00 AM - 6:00 PM PDT",
        "In person",
        "Moscone Center, San Francisco",
        "AI Builders Collective",
        1240,
        "A full day of talks and workshops on building and deploying AI agents, with founders and researchers from leading AI labs.",
    ),
    (
        "2",
        "NYC Tech Networking Night",
        "2025-10-02",
        "6:30 PM - 9:00 PM EDT",
        "In person",
        "Brooklyn Navy Yard, New York",
        "NYC Tech Meetup",
        410,
        "Meet engineers, founders and product people from across New York's tech scene. Drinks and lightning demos.",
    ),
    (
        "3",
        "Startup Fundraising 101 (Webinar)",
        "2025-09-30",
        "12:00 PM - 1:00 PM PDT",
        "Online",
        "Online",
        "Lightspeed Venture Partners",
        860,
        "How seed and Series A rounds work in 2025: term sheets, valuations and what investors look for.",
    ),
    (
        "4",
        "Women in Machine Learning Meetup",
        "2025-10-09",
        "5:30 PM - 8:00 PM PDT",
        "In person",
        "NVIDIA HQ, Santa Clara",
        "WiML Bay Area",
        295,
        "Lightning talks and mentoring tables for women and allies working in machine learning.",
    ),
    (
        "5",
        "Product Design Systems Workshop",
        "2025-10-21",
        "10:00 AM - 2:00 PM CDT",
        "In person",
        "Capital Factory, Austin",
        "Design Systems Guild",
        150,
        "Hands-on workshop on building and scaling a design system.",
    ),
    (
        "6",
        "Seattle Cloud Computing Conference",
        "2025-11-04",
        "8:30 AM - 5:00 PM PST",
        "In person",
        "Washington State Convention Center, Seattle",
        "Cloud Native Seattle",
        980,
        "Two tracks on cloud infrastructure, Kubernetes and serverless.",
    ),
    (
        "7",
        "Real Estate Investing Basics",
        "2025-10-07",
        "7:00 PM - 8:00 PM CDT",
        "Online",
        "Online",
        "Dallas Property Club",
        65,
        "An introduction to rental property investing for beginners.",
    ),
    (
        "8",
        "Healthcare Leadership Forum",
        "2025-11-12",
        "9:00 AM - 4:00 PM EST",
        "In person",
        "NYU Langone Health, New York",
        "Hospital Leaders Network",
        220,
        "A forum for nursing and hospital leaders on staffing and patient care.",
    ),
]
EVENTS: dict[str, dict[str, Any]] = {
    eid: {
        "id": eid,
        "title": title,
        "date": date,
        "time": time,
        "format": fmt,
        "location": location,
        "organizer": organizer,
        "attendees": attendees,
        "description": description,
    }
    for eid, title, date, time, fmt, location, organizer, attendees, description in _EVENTS
}

# id, author, minutes before "now" (for ordering), likes, comments, text
_POSTS = [
    (
        "101",
        "sarahkim",
        35,
        412,
        38,
        "We just shipped a new way for teams to share custom assistants. Huge thanks to everyone who gave feedback during the beta!",
    ),
    (
        "102",
        "jameschen",
        80,
        96,
        12,
        "Three years at Google today. Grateful for a team that makes hard problems fun. Lesson of the year: write the design doc before the code.",
    ),
    (
        "103",
        "davidnguyen",
        150,
        230,
        41,
        "Founders: your seed deck needs three things. A sharp problem, evidence people care, and why your team wins. Everything else is a distraction.",
    ),
    (
        "104",
        "emilyzhang",
        210,
        188,
        17,
        "Our paper on efficient inference for long-context models was accepted! Preprint and code coming next week.",
    ),
    (
        "105",
        "marcusjohnson",
        300,
        64,
        9,
        "Hiring: my team at Stripe is looking for backend engineers in New York who love payments infrastructure. DM me if curious.",
    ),
    ("106", "carlosmendez", 420, 143, 22, "Brightpath Robotics closed our seed round! Next up: our first warehouse deployments in Texas."),
    ("107", "priyapatel", 600, 301, 27, "Tip for new grads: the fastest way to grow is to own a small thing end to end. Ask for it."),
    ("108", ME, 900, 520, 64, "AGI Inc is hiring engineers who want to build agents that use the web like people do. Come build with us."),
    ("109", "ninapatel", 1300, 77, 6, "Accessibility is not a feature, it is the baseline. Every button needs a name."),
    (
        "110",
        "isabellarossi",
        1700,
        256,
        31,
        "Writing things down is a superpower in a fast-growing company. Our team's weekly memo habit changed how we work.",
    ),
    (
        "111",
        "robertwilson",
        2300,
        58,
        14,
        "AWS is hiring across Seattle and remote. Solutions architects, SDEs and TPMs. Send me a message with your resume.",
    ),
    ("112", "tomasgarcia", 2900, 119, 8, "What a week at the Tesla energy launch. Proud of this team."),
]
POST_AUTHORS = {ME: ME_PROFILE, **PEOPLE}
NOW = "2025-09-26T17:00:00.000Z"


def _minutes_before(minutes: int) -> str:
    from datetime import datetime, timedelta

    base = datetime(2025, 9, 26, 17, 0, 0)
    return (base - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _post(pid: str, author: str, minutes: int, likes: int, comments: int, text: str) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "self-post" if author == ME else "post",
        "authorId": author,
        "description": text,
        "timestamp": _minutes_before(minutes),
        "likes": likes,
        "comments": comments,
        "likedByMe": False,
    }


def participant(username: str) -> dict[str, Any]:
    person = PEOPLE[username]
    return {"id": username, "name": person["name"], "headline": person["headline"], "location": person["location"]}


# Existing conversations: (with, [(author, minutes before now, text)], unread)
_CHATS = [
    (
        "sarahkim",
        [
            ("sarahkim", 2000, "Hi Div! Loved your talk on agents last week."),
            (ME, 1990, "Thanks Sarah! Let's grab coffee soon."),
            ("sarahkim", 120, "Are you free Thursday afternoon?"),
        ],
        1,
    ),
    ("jameschen", [(ME, 5000, "Hey James, congrats on the promotion!"), ("jameschen", 4900, "Thank you! How is AGI Inc going?")], 0),
    (
        "davidnguyen",
        [("davidnguyen", 3000, "Div, following up on our chat. Send the deck when ready."), (ME, 2950, "Will do, sending this week.")],
        0,
    ),
    (
        "hannahlee",
        [
            ("hannahlee", 60, "The demo build is ready for review."),
        ],
        1,
    ),
    ("robertwilson", [("robertwilson", 8000, "Hi Div, thanks for connecting!")], 0),
]


def _chatroom(username: str, lines: list[tuple[str, int, str]], unread: int) -> dict[str, Any]:
    messages = [
        {"id": f"{username}-{i + 1}", "authorId": author, "type": "text", "message": text, "timestamp": _minutes_before(minutes)}
        for i, (author, minutes, text) in enumerate(lines)
    ]
    last = messages[-1]
    return {
        "id": username,
        "participant": participant(username),
        "messages": messages,
        "lastMessage": last["message"],
        "lastMessageAuthorId": last["authorId"],
        "lastMessageTime": last["timestamp"],
        "unreadCount": unread,
    }


_SEARCHES = [("product manager", 9000), ("ai agents", 6000), ("stanford", 4000)]


def seed_state() -> dict[str, Any]:
    """A fresh copy of the whole initial state (see app.py for the schema)."""
    return copy.deepcopy(
        {
            "router": {"location": {"pathname": "/", "search": ""}},
            "ui": {
                "searchTerm": "",
                "feed": {"postDynamicData": {pid: _post(pid, *rest) for pid, *rest in _POSTS}},
                "messaging": {"chatroomData": {u: _chatroom(u, lines, unread) for u, lines, unread in _CHATS}},
                "network": {"invitations": list(INVITATIONS)},
                "events": {"attending": {}},
            },
            "contactList": list(CONNECTED),
            "connectionGrades": {u: p["degree"] for u, p in PEOPLE.items()},
            "followedCompanies": dict(INITIALLY_FOLLOWED),
            "searchHistory": [{"searchTerm": term, "timestamp": _minutes_before(m)} for term, m in _SEARCHES],
        }
    )
