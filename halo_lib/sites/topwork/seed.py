"""Topwork's deterministic seed: the client Sarah Johnson's account on an Upwork-like marketplace.

- `FREELANCERS` (34 profiles, static): ids are the lower-cased full name without spaces, as REAL's scripts
  expect (`alexrodriguez`, `ashleycampbell`, `brandonmartinez`). Each has a title (a conversation's `job`),
  hourly rate, location, availability, skills, an overview and a short work history.
- `PAST_HIRES` (static): contracts Sarah has had with freelancers (the My Hires page, "Rehire").
- `seed_state()`: what /finish diffs: `jobs.jobs` (12 posts with their proposals), `messages.contactList`
  (7 conversations, 4 unread), `offers.offers` (none yet), `saved.savedFreelancerIds` (one saved).

Keyword care (REAL's scripts match substrings): only the three data posts say "data", "analyst",
"machine learning", "ml" (also inside "html"/"xml") or carry data skills; no seeded post says
"financial analyst"; job titles of non-technical freelancers avoid "ai" (inside "email"), "ml" and "data".
"""
from __future__ import annotations

import copy
from typing import Any

CLIENT_NAME = "Sarah Johnson"  # the user: authors chat messages
CLIENT_AUTHOR = "Client"  # the author of invitations and offers the site sends for her
COMPANY = "Brightline Studio"

CATEGORIES = [
    "Web, Mobile & Software Dev",
    "Data Science & Analytics",
    "Design & Creative",
    "Writing",
    "Sales & Marketing",
    "Admin Support",
    "Customer Service",
    "Accounting & Consulting",
    "Engineering & Architecture",
    "IT & Networking",
    "Translation",
    "Legal",
]
PROJECT_SIZES = [("large", "Large", "Longer term or complex initiatives"),
                 ("medium", "Medium", "Well-defined projects"),
                 ("small", "Small", "Quick and straightforward tasks")]
DURATIONS = ["More than 6 months", "3 to 6 months", "1 to 3 months", "Less than 1 month"]
EXPERIENCE_LEVELS = [("entry", "Entry", "Looking for someone relatively new to this field"),
                     ("intermediate", "Intermediate", "Looking for substantial experience in this field"),
                     ("expert", "Expert", "Looking for comprehensive and deep expertise in this field")]
HIRE_OPPORTUNITY = [("yes", "Yes, this could become full time"), ("no", "No, not at this time")]
REMOVE_REASONS = ["Hired a freelancer on Topwork", "Filled the position outside Topwork", "No longer needed",
                  "Posted by mistake", "Other"]


def _f(name, title, rate, location, category, skills, available, rating, success, earned, overview, history=()):
    return {
        "id": name.lower().replace(" ", "").replace("'", ""),
        "name": name,
        "title": title,
        "rate": rate,
        "location": location,
        "category": category,
        "skills": list(skills),
        "available": available,
        "rating": rating,
        "jobSuccess": success,
        "totalEarned": earned,
        "overview": overview,
        "history": [{"title": t, "feedback": fb} for t, fb in history],
    }


DEV, DATA, DESIGN, WRITING, MARKETING, ADMIN = (CATEGORIES[0], CATEGORIES[1], CATEGORIES[2], CATEGORIES[3],
                                                 CATEGORIES[4], CATEGORIES[5])

FREELANCERS: list[dict[str, Any]] = [
    _f("Alex Rodriguez", "Mobile App Developer", 55, "Austin, TX", DEV, ["React Native", "Swift", "Kotlin", "Firebase"], True,
       4.9, 98, "$60K+", "I build polished iOS and Android apps with React Native, from the first prototype to the store launch.",
       [("Mobile App Onboarding Flow", "Alex delivered ahead of schedule and communicated clearly.")]),
    _f("Ashley Campbell", "Brand & Graphic Designer", 45, "Denver, CO", DESIGN, ["Adobe Illustrator", "Branding", "Logo Design", "Figma"], True,
       4.8, 96, "$30K+", "Brand identities, logos and marketing visuals that feel as good as they look.",
       [("Logo refresh for a coffee roaster", "Ashley nailed the brief on the first round.")]),
    _f("Brandon Martinez", "Full Stack Developer", 70, "San Diego, CA", DEV, ["React", "Node.js", "PostgreSQL", "TypeScript"], True,
       4.9, 100, "$100K+", "Full stack web apps with React and Node: clean code, tests and a product mindset.",
       [("SaaS dashboard rebuild", "Brandon is a true professional; highly recommended.")]),
    _f("Brendan Lee", "Frontend Developer", 50, "Portland, OR", DEV, ["React", "CSS", "JavaScript", "Accessibility"], True,
       4.7, 94, "$20K+", "Pixel-perfect, accessible frontends in React and plain CSS.",
       [("Marketing site in Next.js", "Great eye for detail.")]),
    _f("Marcus Lee", "Full-Stack Engineer", 65, "Toronto, Canada", DEV, ["Django", "React", "Python", "AWS"], True,
       4.8, 97, "$80K+", "Full-stack engineer shipping MVPs: Django or Node APIs with React frontends, deployed on AWS.",
       [("Booking platform MVP", "Marcus took our idea to production in six weeks.")]),
    _f("Priya Patel", "Backend Developer", 60, "Bangalore, India", DEV, ["Node.js", "Go", "PostgreSQL", "REST APIs"], True,
       4.9, 99, "$70K+", "Backend developer: fast, well-tested APIs and the databases behind them.",
       [("Payments API integration", "Priya is reliable and thorough.")]),
    _f("Daniel Kim", "Python Developer", 58, "Seattle, WA", DEV, ["Python", "FastAPI", "Automation", "Web Scraping"], True,
       4.9, 97, "$50K+", "Python developer for automation, scrapers and FastAPI services; available for new projects now.",
       [("Inventory sync scripts", "Daniel automated hours of manual work.")]),
    _f("Aisha Khan", "Data Scientist", 75, "London, UK", DATA, ["Python", "Pandas", "Machine Learning", "SQL"], True,
       5.0, 100, "$90K+", "Data scientist turning messy data into models and dashboards with Python.",
       [("Churn prediction model", "Aisha's model paid for itself in a month.")]),
    _f("James Wilson", "Python Backend Engineer", 68, "Chicago, IL", DEV, ["Python", "Django", "Celery", "Docker"], False,
       4.6, 92, "$40K+", "Django and Celery backends. Currently booked until next quarter.",
       [("Order management backend", "Solid engineering work.")]),
    _f("Emily Chen", "UI/UX Designer", 52, "Vancouver, Canada", DESIGN, ["Figma", "User Research", "Prototyping", "Design Systems"], True,
       4.9, 98, "$60K+", "Product designer crafting intuitive interfaces backed by research.",
       [("Fitness tracker redesign", "Emily made our app a joy to use.")]),
    _f("Michael Brown", "Copywriter", 40, "Boston, MA", WRITING, ["Copywriting", "Landing Pages", "Brand Voice"], True,
       4.7, 93, "$20K+", "Conversion copy for landing pages, product pages and ads.",
       [("Landing page copy", "Michael's copy lifted our signups.")]),
    _f("Jessica Taylor", "Virtual Assistant", 25, "Tampa, FL", ADMIN, ["Scheduling", "Inbox Management", "Research"], True,
       4.8, 95, "$15K+", "Organized, proactive virtual assistant for busy founders.",
       [("Executive assistance", "Jessica keeps everything running.")]),
    _f("David Nguyen", "Data Analyst", 48, "San Jose, CA", DATA, ["SQL", "Tableau", "Excel", "Python"], True,
       4.8, 96, "$35K+", "Data analyst building the reports and dashboards your team actually reads.",
       [("Sales Data Report", "David's dashboards are crystal clear.")]),
    _f("Sophia Garcia", "Illustrator", 42, "Miami, FL", DESIGN, ["Illustration", "Procreate", "Children's Books"], True,
       4.9, 97, "$25K+", "Warm, characterful illustrations for books, brands and packaging.",
       [("Brand Style Guide", "Sophia's illustrations brought our brand to life.")]),
    _f("Ryan Thompson", "WordPress Developer", 38, "Nashville, TN", DEV, ["WordPress", "PHP", "WooCommerce"], True,
       4.6, 91, "$30K+", "WordPress sites and WooCommerce stores that are fast and easy to edit.",
       [("WordPress Site Maintenance", "Ryan is quick to respond and fix issues.")]),
    _f("Olivia Martin", "Social Media Manager", 35, "Atlanta, GA", MARKETING, ["Instagram", "TikTok", "Content Calendar"], True,
       4.7, 94, "$20K+", "Social media strategy and content that grows engaged communities.",
       [("Instagram growth campaign", "Olivia doubled our followers.")]),
    _f("Ethan Wright", "Video Editor", 45, "Los Angeles, CA", DESIGN, ["Premiere Pro", "After Effects", "YouTube"], True,
       4.8, 96, "$40K+", "YouTube and social video editing with motion graphics.",
       [("YouTube channel editing", "Ethan's edits are snappy and on brand.")]),
    _f("Mia Robinson", "SEO Specialist", 50, "Phoenix, AZ", MARKETING, ["SEO", "Keyword Research", "Link Building"], False,
       4.5, 89, "$25K+", "Technical and content SEO for growing sites.", [("SEO audit", "Thorough audit.")]),
    _f("Noah Clark", "DevOps Engineer", 80, "Dublin, Ireland", CATEGORIES[9], ["Kubernetes", "Terraform", "AWS", "CI/CD"], True,
       4.9, 99, "$120K+", "Cloud infrastructure, CI/CD pipelines and reliable deployments.",
       [("Kubernetes migration", "Noah made our deploys boring, in the best way.")]),
    _f("Ava Lewis", "Email Marketing Specialist", 42, "Raleigh, NC", MARKETING, ["Mailchimp", "Klaviyo", "Automation"], True,
       4.7, 95, "$30K+", "Email flows and newsletters that convert.", [("Klaviyo welcome flow", "Great results.")]),
    _f("Liam Walker", "iOS Developer", 72, "New York, NY", DEV, ["Swift", "SwiftUI", "Core Data"], False,
       4.8, 97, "$90K+", "Native iOS apps in Swift and SwiftUI.", [("Habit tracker app", "Top-notch Swift work.")]),
    _f("Isabella Hall", "Bookkeeper", 35, "Columbus, OH", CATEGORIES[7], ["QuickBooks", "Xero", "Payroll"], True,
       4.9, 100, "$30K+", "Bookkeeping and monthly closes for small businesses.", [("Monthly bookkeeping", "Accurate and on time.")]),
    _f("Lucas Allen", "Machine Learning Engineer", 90, "Berlin, Germany", DATA, ["PyTorch", "Python", "NLP", "MLOps"], True,
       5.0, 100, "$150K+", "ML engineer: NLP models from prototype to production.", [("Text classifier", "Brilliant engineer.")]),
    _f("Chloe Young", "Content Writer", 30, "Chicago, IL", WRITING, ["Blog Writing", "SEO Writing", "Editing"], True,
       4.8, 96, "$20K+", "Blog posts and articles people want to read.", [("Blog series on wellness", "Clear, engaging writing.")]),
    _f("Mason King", "Customer Support Specialist", 22, "Manila, Philippines", CATEGORIES[6], ["Zendesk", "Live Chat", "Ticketing"], True,
       4.7, 95, "$10K+", "Friendly, fast customer support over chat and tickets.", [("Support desk coverage", "Customers love Mason.")]),
    _f("Harper Scott", "Motion Designer", 55, "Austin, TX", DESIGN, ["After Effects", "Lottie", "Animation"], True,
       4.8, 95, "$35K+", "Motion design and product animations.", [("App onboarding animations", "Beautiful motion work.")]),
    _f("Logan Green", "Shopify Developer", 60, "Salt Lake City, UT", DEV, ["Shopify", "Liquid", "JavaScript"], True,
       4.7, 93, "$45K+", "Custom Shopify themes and apps.", [("Shopify theme build", "Great store, great communication.")]),
    _f("Ella Adams", "Translator (Spanish-English)", 30, "Madrid, Spain", CATEGORIES[10], ["Spanish", "Translation", "Localization"], True,
       5.0, 100, "$15K+", "Native Spanish translation and localization.", [("Website localization", "Flawless translation.")]),
    _f("Jacob Baker", "QA Tester", 32, "Kraków, Poland", DEV, ["Manual Testing", "Selenium", "Test Plans"], True,
       4.6, 92, "$15K+", "Manual and automated testing for web and mobile apps.", [("Regression testing", "Found bugs we missed.")]),
    _f("Grace Nelson", "Project Manager", 65, "Minneapolis, MN", ADMIN, ["Agile", "Scrum", "Jira", "Roadmaps"], True,
       4.9, 98, "$70K+", "Agile project manager keeping remote teams on track.", [("Product launch coordination", "Kept us on schedule.")]),
    _f("Sofia Rossi", "Product Designer", 58, "Milan, Italy", DESIGN, ["Figma", "Mobile Design", "Prototyping"], True,
       4.8, 96, "$45K+", "Mobile product design with a focus on simplicity.", [("Mobile banking redesign", "Elegant, usable design.")]),
    _f("Omar Haddad", "Cybersecurity Consultant", 85, "Dubai, UAE", CATEGORIES[9], ["Penetration Testing", "Security Audits"], False,
       4.9, 99, "$110K+", "Security audits and penetration tests for web apps.", [("Web app pentest", "Found critical issues fast.")]),
    _f("Hannah Becker", "Technical Writer", 45, "Munich, Germany", WRITING, ["Documentation", "API Docs", "Markdown"], True,
       4.8, 97, "$25K+", "Developer documentation and API references.", [("API documentation", "Docs our users praise.")]),
    _f("Kevin Osei", "Game Developer", 55, "Accra, Ghana", DEV, ["Unity", "C#", "Game Design"], True,
       4.7, 94, "$30K+", "2D and 3D games in Unity.", [("Puzzle game prototype", "Fun and polished.")]),
]
FREELANCER_BY_ID = {f["id"]: f for f in FREELANCERS}

# Contracts Sarah had before (My Hires; "Rehire" starts a new offer to the same freelancer).
PAST_HIRES = [
    {"freelancerId": "davidnguyen", "contractTitle": "Sales Data Report", "period": "Feb 2024 - Apr 2024", "status": "Completed"},
    {"freelancerId": "sophiagarcia", "contractTitle": "Brand Style Guide", "period": "Nov 2023 - Jan 2024", "status": "Completed"},
    {"freelancerId": "ryanthompson", "contractTitle": "WordPress Site Maintenance", "period": "Jun 2023 - Dec 2023", "status": "Completed"},
    {"freelancerId": "gracenelson", "contractTitle": "Product Launch Coordination", "period": "Mar 2023 - May 2023", "status": "Completed"},
    {"freelancerId": "alexrodriguez", "contractTitle": "Mobile App Onboarding Flow", "period": "Jul 2024 - Present", "status": "Active"},
]


def _app(freelancer_id: str, bid: int, letter: str, when: str) -> dict:
    return {"freelancerId": freelancer_id, "name": FREELANCER_BY_ID[freelancer_id]["name"], "bidRate": bid,
            "coverLetter": letter, "submittedAt": when}


def _job(n, title, category, subcategory, skills, rate_from, rate_to, size, duration, level, hire, description,
         applications=(), status="published", created="2024-07-01T10:00:00.000Z"):
    return {
        "id": f"job-{n}",
        "title": title,
        "description": description,
        "category": category,
        "subcategory": subcategory,
        "skills": list(skills),
        "budgetType": "hourly",
        "hourlyRateFrom": rate_from,
        "hourlyRateTo": rate_to,
        "estimateSize": size,
        "estimateTime": duration,
        "estimateLevelExperience": level,
        "estimateHireOpportunity": hire,
        "status": status,
        "createdAt": created,
        "applications": list(applications),
    }


JOBS: list[dict[str, Any]] = [
    _job(1, "Full Stack Developer for Fitness App MVP", DEV, "Full Stack Development", ["React", "Node.js", "PostgreSQL"],
         50, 80, "large", "3 to 6 months", "expert", "yes",
         "Build the first version of a fitness app: workout logging, progress charts and subscriptions.",
         [_app("brandonmartinez", 70, "I have shipped two fitness products with React and Node.", "2024-07-03T09:12:00.000Z"),
          _app("priyapatel", 60, "I can own the backend: workouts API, subscriptions and the database.", "2024-07-03T14:40:00.000Z")],
         created="2024-07-02T16:00:00.000Z"),
    _job(2, "Data Analyst for Sales Dashboard", DATA, "Data Analysis", ["SQL", "Tableau", "Excel"],
         35, 55, "medium", "1 to 3 months", "intermediate", "no",
         "Turn our sales data into a weekly dashboard with trend analysis for the leadership team.",
         [_app("davidnguyen", 48, "I built a similar dashboard for a retail chain.", "2024-07-05T11:00:00.000Z"),
          _app("aishakhan", 70, "I can automate the whole pipeline in Python.", "2024-07-06T08:30:00.000Z")],
         created="2024-07-04T09:00:00.000Z"),
    _job(3, "Logo and Brand Identity Designer", DESIGN, "Brand Identity Design", ["Logo Design", "Branding", "Adobe Illustrator"],
         30, 50, "small", "Less than 1 month", "intermediate", "no",
         "Design a logo, color palette and simple brand guide for our studio's new product line.",
         [_app("ashleycampbell", 45, "Branding is all I do. Portfolio attached.", "2024-07-08T10:20:00.000Z"),
          _app("sophiagarcia", 42, "I'd love to illustrate a playful mark for you.", "2024-07-08T13:05:00.000Z")],
         created="2024-07-07T12:00:00.000Z"),
    _job(4, "Machine Learning Engineer for Recommendation System", DATA, "Machine Learning", ["Python", "PyTorch", "Recommender Systems"],
         70, 110, "large", "More than 6 months", "expert", "yes",
         "Design and train a recommendation model for our content library and serve it behind an API.",
         [_app("lucasallen", 90, "I have built recommenders serving millions of users.", "2024-07-10T07:45:00.000Z")],
         created="2024-07-09T15:00:00.000Z"),
    _job(5, "React Frontend Developer", DEV, "Front-End Development", ["React", "TypeScript", "CSS"],
         40, 65, "medium", "1 to 3 months", "intermediate", "no",
         "Implement our new marketing site and customer portal from finished Figma designs.",
         [_app("brendanlee", 50, "Accessible, fast React frontends are my thing.", "2024-07-11T09:00:00.000Z"),
          _app("brandonmartinez", 70, "Happy to take the portal end to end.", "2024-07-11T18:10:00.000Z")],
         created="2024-07-10T10:00:00.000Z"),
    _job(6, "Blog Content Writer", WRITING, "Content Writing", ["Blog Writing", "SEO Writing"],
         25, 40, "small", "1 to 3 months", "entry", "no",
         "Write four posts a month about productivity and remote work for our company blog.",
         [_app("chloeyoung", 30, "I write about remote work every week.", "2024-07-12T12:00:00.000Z")],
         created="2024-07-11T11:00:00.000Z"),
    _job(7, "Python Backend Developer for REST API", DEV, "Back-End Development", ["Python", "FastAPI", "PostgreSQL"],
         45, 70, "medium", "3 to 6 months", "intermediate", "yes",
         "Build a REST API with FastAPI for our scheduling product, with tests and documentation.",
         [_app("priyapatel", 60, "I can deliver a tested API with CI in a month.", "2024-07-13T10:30:00.000Z"),
          _app("jameswilson", 68, "Django and FastAPI both work for me.", "2024-07-14T09:15:00.000Z")],
         created="2024-07-12T14:00:00.000Z"),
    _job(8, "Customer Support Representative", CATEGORIES[6], "Customer Service & Tech Support", ["Zendesk", "Live Chat"],
         18, 25, "medium", "More than 6 months", "entry", "yes",
         "Answer customer tickets and live chat during US business hours.",
         [_app("masonking", 22, "Three years of Zendesk support experience.", "2024-07-15T06:00:00.000Z")],
         created="2024-07-14T09:00:00.000Z"),
    _job(9, "Data Entry Specialist for Product Catalog", ADMIN, "Data Entry & Transcription Services", ["Data Entry", "Excel", "Google Sheets"],
         15, 22, "small", "Less than 1 month", "entry", "no",
         "Enter 2,000 product records into our catalog spreadsheet and check them for typos.",
         [_app("jessicataylor", 25, "Fast and accurate; I can start today.", "2024-07-16T10:00:00.000Z")],
         created="2024-07-15T13:00:00.000Z"),
    _job(10, "Social Media Manager", MARKETING, "Social Media Marketing", ["Instagram", "TikTok", "Content Calendar"],
         30, 45, "medium", "3 to 6 months", "intermediate", "yes",
         "Plan and publish our Instagram and TikTok content and grow our audience.",
         [_app("oliviamartin", 35, "I grew three brands past 50k followers.", "2024-07-17T15:00:00.000Z")],
         created="2024-07-16T10:00:00.000Z"),
    _job(11, "Video Editor for YouTube Channel", DESIGN, "Video & Animation", ["Premiere Pro", "YouTube"],
         30, 50, "small", "1 to 3 months", "intermediate", "no",
         "Edit two 10-minute videos a week with captions and simple motion graphics.",
         [_app("ethanwright", 45, "Fast turnaround, sample reel attached.", "2024-07-17T19:30:00.000Z"),
          _app("harperscott", 55, "I add motion design on top of the edit.", "2024-07-18T08:00:00.000Z")],
         created="2024-07-17T09:00:00.000Z"),
    _job(12, "Bookkeeper for Small Business", CATEGORIES[7], "Accounting & Bookkeeping", ["QuickBooks", "Bookkeeping"],
         25, 40, "small", "More than 6 months", "intermediate", "no",
         "Monthly bookkeeping and reconciliation in QuickBooks for a ten-person studio.",
         [], status="draft", created="2024-07-18T07:00:00.000Z"),
]
DATA_JOB_IDS = ["job-2", "job-4", "job-9"]


def _msg(author: str, text: str, when: str) -> dict:
    return {"author": author, "message": text, "type": "text", "timestamp": when}


def _contact(freelancer_id: str, messages: list[dict], unread: int) -> dict:
    freelancer = FREELANCER_BY_ID[freelancer_id]
    last = messages[-1]
    return {
        "id": freelancer_id,
        "name": freelancer["name"],
        "job": freelancer["title"],
        "lastMessage": last["message"],
        "lastMessageAuthor": last["author"],
        "lastMessageTime": last["timestamp"],
        "unreadCount": unread,
        "messages": messages,
    }


CONTACTS: list[dict[str, Any]] = [
    _contact("alexrodriguez", [
        _msg(CLIENT_NAME, "Welcome aboard, Alex! The contract for the onboarding flow is now active.", "2024-07-17T15:02:00.000Z"),
        _msg("Alex Rodriguez", "Thank you, Sarah! I'm excited to start. I don't have access to the repository or the design files yet. Could you help me get set up?", "2024-07-18T08:41:00.000Z"),
    ], 1),
    _contact("emilychen", [
        _msg(CLIENT_NAME, "Hi Emily, I loved your fitness tracker case study. Could you take on our app redesign?", "2024-07-16T10:00:00.000Z"),
        _msg("Emily Chen", "Absolutely! When do you need the first round of mockups?", "2024-07-18T09:15:00.000Z"),
    ], 1),
    _contact("michaelbrown", [
        _msg(CLIENT_NAME, "Hi Michael, we need copy for the new landing page.", "2024-07-15T13:20:00.000Z"),
        _msg("Michael Brown", "Happy to help. What's the deadline for the first draft of the landing page copy?", "2024-07-18T10:02:00.000Z"),
    ], 1),
    _contact("jessicataylor", [
        _msg("Jessica Taylor", "Hi Sarah, thanks for inviting me to the data entry job! I've attached my resume and references for you to review.", "2024-07-18T11:30:00.000Z"),
    ], 1),
    _contact("brandonmartinez", [
        _msg("Brandon Martinez", "Hi Sarah, thanks for looking at my proposal for the fitness app MVP. Happy to walk you through similar projects.", "2024-07-04T09:30:00.000Z"),
        _msg(CLIENT_NAME, "Thanks Brandon, your experience looks like a great fit. I'll be in touch soon.", "2024-07-04T11:05:00.000Z"),
    ], 0),
    _contact("davidnguyen", [
        _msg("David Nguyen", "Here is the final sales report with the charts you asked for.", "2024-04-26T16:00:00.000Z"),
        _msg(CLIENT_NAME, "Thanks David, the report looks great!", "2024-04-26T17:10:00.000Z"),
    ], 0),
    _contact("sophiagarcia", [
        _msg(CLIENT_NAME, "The style guide is perfect, thank you Sophia.", "2024-01-20T12:00:00.000Z"),
        _msg("Sophia Garcia", "My pleasure! Let me know whenever you need more illustrations.", "2024-01-20T12:30:00.000Z"),
    ], 0),
]


def seed_state() -> dict[str, Any]:
    """The graded state at the start of every task (a fresh deep copy)."""
    return copy.deepcopy({
        "jobs": {"jobs": JOBS},
        "messages": {"contactList": CONTACTS},
        "offers": {"offers": []},
        "saved": {"savedFreelancerIds": ["sophiagarcia"]},
    })


def freelancer(freelancer_id: str) -> dict[str, Any] | None:
    return FREELANCER_BY_ID.get(freelancer_id)


def search_freelancers(query: str = "", category: str = "") -> list[dict[str, Any]]:
    """Freelancers whose name, title, skills or overview hold every word of `query` (case-insensitive)."""
    words = query.lower().replace(",", " ").split()
    out = []
    for f in FREELANCERS:
        if category and f["category"] != category:
            continue
        text = " ".join([f["name"], f["title"], " ".join(f["skills"]), f["overview"], f["category"]]).lower()
        text = text.replace("-", " ") + " " + text
        if all(w in text for w in words):
            out.append(f)
    return out
