"""Gomail's seed mailbox: 56 received emails, the contacts the compose box suggests, and two labels.

The ids and flags are fixed by REAL's v2 eval scripts (see /work/shared/REAL-v2-STATE.md, PART 1 gomail):

    "1", "22"                     from John Doe (gomail-24 checks "1")
    2 6 10 14 16 21 26 28 31 37 47 49 53      the only starred emails (gomail-5)
    3 4 5 6 17 36 38 56           the only emails with "notification" in sender or subject (gomail-2)
    48                            the only Uber email (gomail-2)
    3 14 34 40 50                 the only no-reply senders (gomail-26)
    46 47 48                      the only emails of today, Thu 2024-07-18 (gomail-17)
    52 53 54 55 56                the only emails older than two months (gomail-11)
    8 19 33 44                    the only Amazon emails (gomail-1)
    12 24 41                      the only emails containing "alerts" (gomail-21)
    7 11 13 15 20 23 27 30 35 39 42 45 51   "support" in the subject, the only ones mentioning it (gomail-23)
    9                             from Jane Smith (gomail-23)
    17 unread, all on the first inbox page (gomail-1)

Dates are ISO timestamps ("2024-07-17T15:41:00.000Z"), read as the site's local clock.
Run `python -m halo_lib.sites.gomail.seed` to print the inbox as the site sorts it.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

ME_NAME = "Jordan Lee"
ME = "jordan.lee@example.com"
NOW = datetime(2024, 7, 18, 10, 30)  # the site's frozen clock: Thursday, July 18, 2024, 10:30 AM

CONTACTS: list[dict[str, str]] = [
    {"name": name, "email": f"{name.lower().replace(' ', '.')}@example.com"}
    for name in (
        "Alexa Richardson",
        "Angela White",
        "Ashley Campbell",
        "Barbara Thomas",
        "Brian King",
        "Carol Adams",
        "Charles Davis",
        "Danielle Brooks",
        "David Martinez",
        "Emily Johnson",
        "Jane Smith",
        "John Doe",
        "Kevin Moore",
        "Laura Chen",
        "Linda Parker",
        "Michael Brown",
        "Priya Patel",
        "Robert Taylor",
        "Sarah Wilson",
        "Tom Anderson",
    )
]

LABELS = [{"id": "1", "label": "Work"}, {"id": "2", "label": "Personal"}]

STARRED = {"2", "6", "10", "14", "16", "21", "26", "28", "31", "37", "47", "49", "53"}
UNREAD = {"4", "5", "7", "8", "12", "15", "17", "20", "24", "29", "33", "39", "41", "43", "46", "47", "48"}
WORK = {"1", "2", "10", "16", "21", "37", "43", "49", "52"}
PERSONAL = {"18", "26", "32"}

# Fixed dates; ids 1-45 get one day each going back from yesterday (see _date).
DATES = {
    "46": "2024-07-18T08:05",
    "47": "2024-07-18T09:12",
    "48": "2024-07-18T07:48",
    "49": "2024-05-31T16:20",
    "50": "2024-05-30T06:00",
    "51": "2024-05-28T13:37",
    "52": "2024-05-10T11:02",
    "53": "2024-04-22T09:45",
    "54": "2024-04-03T18:10",
    "55": "2024-03-15T14:25",
    "56": "2024-02-27T20:40",
}

# (id, sender name, sender address, subject, HTML body)
MAIL: list[tuple[str, str, str, str, str]] = [
    (
        "1",
        "John Doe",
        "john.doe@example.com",
        "Quarterly review slides",
        "<p>Hi Jordan,</p><p>I've put together a first draft of the slides for next week's quarterly review. Could you "
        "look over the revenue section before Friday? I'm not sure the churn numbers match what finance sent over.</p>"
        "<p>Thanks,<br>John</p>",
    ),
    (
        "2",
        "Emily Johnson",
        "emily.johnson@example.com",
        "Offsite agenda – final version",
        "<p>Hi all,</p><p>Here is the final agenda for the Lake Tahoe offsite on August 8–9. Day one is strategy "
        "sessions, day two is team activities. Please book your travel by July 26.</p><p>Emily</p>",
    ),
    (
        "3",
        "GitHub",
        "noreply@github.com",
        "[GitHub] Notification: A new SSH key was added to your account",
        "<p>Hey jordanlee,</p><p>A new public key was added to your account: <strong>MacBook Pro (work)</strong>.</p>"
        "<p>If you did not add this key, remove it from your account settings right away.</p>",
    ),
    (
        "4",
        "LinkedIn",
        "notifications@linkedin.com",
        "You appeared in 9 searches this week",
        "<p>Jordan, you appeared in 9 searches this week.</p><p>Recruiters from two software companies and 3 others "
        "viewed your profile. See who's looking and what they searched for.</p>",
    ),
    (
        "5",
        "Slack",
        "notification@slack.com",
        "New messages in #design-team",
        "<p>You have 4 unread messages in #design-team from Sarah Wilson and Laura Chen.</p>"
        "<p><strong>Sarah:</strong> Uploaded the new onboarding mocks, feedback welcome!</p>",
    ),
    (
        "6",
        "Google Calendar",
        "calendar-notification@google.com",
        "Notification: Design review @ Fri Jul 19, 2pm - 3pm (PDT)",
        "<p>This is a reminder for the following event.</p><p><strong>Design review</strong><br>Friday Jul 19, 2024 "
        "2pm – 3pm (PDT)<br>Conference Room B and video call</p><p>Organizer: Sarah Wilson</p>",
    ),
    (
        "7",
        "Acme Cloud Support",
        "support@acmecloud.io",
        "Support ticket #48213: We received your request",
        '<p>Hi Jordan,</p><p>Thanks for contacting Acme Cloud support. Your ticket #48213 ("Storage quota not '
        'updating") has been received and an engineer will respond within 24 hours.</p><p>Acme Cloud Support</p>',
    ),
    (
        "8",
        "Amazon.com",
        "auto-confirm@amazon.com",
        "Your Amazon.com order #112-4839201-7723 has shipped",
        "<p>Hello Jordan,</p><p>Your package with <em>Logitech MX Master 3S Wireless Mouse</em> has shipped and will "
        "arrive Saturday, July 13.</p><p>Track your package in Your Orders on Amazon.com.</p>",
    ),
    (
        "9",
        "Jane Smith",
        "jane.smith@example.com",
        "Can we move our 1:1 to Monday?",
        "<p>Hi Jordan,</p><p>Something came up on Thursday afternoon. Would Monday at 11 work for our 1:1 instead? "
        "Let me know either way.</p><p>Thanks,<br>Jane</p>",
    ),
    (
        "10",
        "Michael Brown",
        "michael.brown@example.com",
        "Signed contract – Northwind renewal",
        "<p>Jordan,</p><p>Great news: Northwind signed the two-year renewal this morning. The countersigned PDF is in "
        "the shared drive under Contracts/2024.</p><p>Michael</p>",
    ),
    (
        "11",
        "Figma Support",
        "support@figma.com",
        "Re: Support request – billing seat count",
        "<p>Hi Jordan,</p><p>I've corrected the seat count on your Professional plan from 14 to 12, and a prorated "
        "credit will appear on your next invoice.</p><p>Best,<br>Marco, Figma Support</p>",
    ),
    (
        "12",
        "Chase",
        "alerts@chase.com",
        "A $1,249.00 transaction was made on your credit card",
        "<p>Your card ending in 4417 was used for a $1,249.00 purchase at BEST BUY #1123 on Jul 6, 2024.</p>"
        "<p>If you don't recognize this transaction, call the number on the back of your card.</p>"
        "<p>You are receiving this email because you turned on account alerts.</p>",
    ),
    (
        "13",
        "Dell Support",
        "support@dell.com",
        "Your Dell support case 1849-2201 has been updated",
        "<p>Hello Jordan,</p><p>A replacement battery for your Latitude 7440 has been approved and will ship within "
        "two business days. No further action is needed.</p><p>Dell Technical Support</p>",
    ),
    (
        "14",
        "Delta Air Lines",
        "noreply@delta.com",
        "Your trip confirmation: SFO to JFK, August 3",
        "<p>Confirmation #GX7K2P</p><p>Sat, Aug 3 · DL 1482 · SFO 7:05 AM → JFK 3:40 PM · Seat 21C</p>"
        "<p>Check in opens 24 hours before departure. Please do not reply to this message.</p>",
    ),
    (
        "15",
        "Shopify Support",
        "support@shopify.com",
        "Support: Action needed on your payment settings",
        "<p>Hi Jordan,</p><p>To keep receiving payouts for Lee Ceramics, please confirm your bank account details in "
        "Settings › Payments by July 25.</p><p>Shopify Support</p>",
    ),
    (
        "16",
        "Sarah Wilson",
        "sarah.wilson@example.com",
        "Design specs for the onboarding flow",
        "<p>Hey Jordan,</p><p>The specs for the new onboarding flow are ready: five screens, a progress bar and the "
        "skip option you asked for. Can you review them before the design review on Friday?</p><p>Sarah</p>",
    ),
    (
        "17",
        "Dropbox",
        "notifications@dropbox.com",
        "Michael Brown shared “Q3 Planning” with you",
        "<p>Michael Brown invited you to view the folder <strong>Q3 Planning</strong>.</p>"
        "<p>Open the folder to see 12 files, including the budget model and the hiring plan.</p>",
    ),
    (
        "18",
        "David Martinez",
        "david.martinez@example.com",
        "Photos from the team hike",
        "<p>Hi Jordan,</p><p>I uploaded the photos from Saturday's hike at Mount Tamalpais to the shared album. "
        "The group shot at the summit came out great!</p><p>David</p>",
    ),
    (
        "19",
        "Amazon.com",
        "order-update@amazon.com",
        "Delivered: Your Amazon package was left at the front door",
        "<p>Your package was delivered.</p><p><em>Anker USB-C Charger 65W</em> was left at the front door at "
        "2:14 PM.</p><p>Questions about this delivery? Visit Your Orders on Amazon.com.</p>",
    ),
    (
        "20",
        "Atlassian Support",
        "support@atlassian.com",
        "Support case ATL-55120 has been resolved",
        '<p>Hi Jordan,</p><p>We\'ve restored the missing permissions on your Confluence space "Product". '
        "If everything looks right, this case will close automatically in 3 days.</p>",
    ),
    (
        "21",
        "Laura Chen",
        "laura.chen@example.com",
        "Interview feedback for the PM role",
        "<p>Hi Jordan,</p><p>Here is my feedback on the three product manager candidates from Tuesday. I'd move "
        "forward with Maya; her case study was the strongest by far.</p><p>Laura</p>",
    ),
    (
        "22",
        "John Doe",
        "john.doe@example.com",
        "Parking permits for the new office",
        "<p>Hi Jordan,</p><p>Facilities is handing out parking permits for the Mission Street office next week. "
        "Do you want one for the garage or should I give yours to the new hire?</p><p>John</p>",
    ),
    (
        "23",
        "HubSpot Support",
        "support@hubspot.com",
        "Your support ticket #77104 has been closed",
        "<p>Hi Jordan,</p><p>Your ticket about duplicate contacts after the CSV import has been closed. We merged "
        "318 duplicate records.</p><p>HubSpot Support</p>",
    ),
    (
        "24",
        "Google Alerts",
        "googlealerts@google.com",
        "Google Alert - electric vehicles",
        "<p><strong>NEWS</strong></p><p>Battery prices fall for the third straight quarter, making electric "
        "vehicles cheaper to build.</p><p>City council approves 200 new charging stations downtown.</p>"
        "<p>You are receiving this email because you subscribed to Google Alerts.</p>",
    ),
    (
        "25",
        "Robert Taylor",
        "robert.taylor@example.com",
        "Invoice #2024-117 from Taylor Consulting",
        "<p>Hi Jordan,</p><p>Please find invoice #2024-117 for June's analytics work: 32 hours, $4,800 total, due "
        "on August 1.</p><p>Best regards,<br>Robert Taylor</p>",
    ),
    (
        "26",
        "Linda Parker",
        "linda.parker@example.com",
        "Family reunion – August 17",
        "<p>Hi sweetie,</p><p>The family reunion is at Aunt Rose's place on August 17. Can you bring your famous "
        "lemon bars? Let me know if you need a place to stay.</p><p>Love,<br>Aunt Linda</p>",
    ),
    (
        "27",
        "IT Support",
        "it-support@example.com",
        "IT Support: Scheduled maintenance this Saturday",
        "<p>Hello everyone,</p><p>The VPN and the internal wiki will be unavailable on Saturday from 6:00 to 10:00 AM "
        "while we upgrade our servers.</p><p>IT Support</p>",
    ),
    (
        "28",
        "Priya Patel",
        "priya.patel@example.com",
        "Conference talk accepted at DevWorld 2024",
        '<p>Jordan!</p><p>Our talk "Shipping design systems at scale" was accepted for DevWorld in September. '
        "Let's start on the outline next week.</p><p>Priya</p>",
    ),
    (
        "29",
        "Netflix",
        "info@mailer.netflix.com",
        "New on Netflix this week",
        "<p>Jordan, here's what's new this week: three new documentaries, the final season of a fan favorite and "
        "a stand-up special everyone is talking about.</p>",
    ),
    (
        "30",
        "Apple Support",
        "support@apple.com",
        "Your Apple Support case: 102938475",
        "<p>Dear Jordan,</p><p>Thank you for contacting Apple Support. Your repair for iPhone 15 Pro is complete "
        "and ready for pickup at Apple Union Square.</p>",
    ),
    (
        "31",
        "People Team",
        "people@example.com",
        "Benefits enrollment closes July 31",
        "<p>Hi Jordan,</p><p>Open enrollment for 2024–2025 benefits closes on July 31. If you don't make a choice, "
        "your current medical, dental and vision plans carry over.</p><p>People Team</p>",
    ),
    (
        "32",
        "Tom Anderson",
        "tom.anderson@example.com",
        "Book club pick for August",
        "<p>Hey!</p><p>August's book club pick is <em>Tomorrow, and Tomorrow, and Tomorrow</em>. We'll meet at my "
        "place on the 22nd at 7 PM.</p><p>Tom</p>",
    ),
    (
        "33",
        "Amazon Web Services",
        "aws-billing@amazon.com",
        "AWS Billing: Your invoice for May 2024 is available",
        "<p>Greetings from Amazon Web Services,</p><p>Your invoice for May 2024 is now available. Total amount due: "
        "$312.58, charged to the card on file.</p>",
    ),
    (
        "34",
        "Spotify",
        "noreply@spotify.com",
        "Your Spotify Premium receipt",
        "<p>Thanks for your payment, Jordan.</p><p>Premium Individual · $10.99 · Jun 14, 2024</p>"
        "<p>This is an automated message. Please do not reply.</p>",
    ),
    (
        "35",
        "Adobe Support",
        "support@adobe.com",
        "Adobe Support: Follow-up on your Creative Cloud request",
        "<p>Hi Jordan,</p><p>Your Creative Cloud license has been moved to your new laptop. Sign out and back in "
        "to refresh your apps.</p><p>Adobe Customer Care</p>",
    ),
    (
        "36",
        "Trello",
        "notifications@trello.com",
        "4 cards were updated on the Marketing board",
        "<p>Here's what changed on <strong>Marketing</strong> while you were away:</p><p>Priya moved \"Launch blog "
        'post" to Done. Emily added a checklist to "Newsletter redesign".</p>',
    ),
    (
        "37",
        "Kevin Moore",
        "kevin.moore@example.com",
        "New project: Atlas data platform",
        "<p>Hi Jordan,</p><p>Leadership approved Atlas, our new data platform, and I'd like you on the core team. "
        "We're still finalizing scope and timeline.</p><p>Kevin</p>",
    ),
    (
        "38",
        "Jira",
        "jira-notifications@atlassian.net",
        "[JIRA] (ENG-2043) Checkout page times out on slow connections",
        "<p>Kevin Moore assigned ENG-2043 to you.</p><p><strong>Priority:</strong> High<br><strong>Sprint:</strong> "
        "Sprint 31</p><p>The checkout page times out after 10 seconds on 3G connections.</p>",
    ),
    (
        "39",
        "Notion Support",
        "support@makenotion.com",
        "Re: Support – workspace export failing",
        "<p>Hi Jordan,</p><p>Our engineers found the cause of the failing export: one page embeds a 2 GB video. "
        "Remove the embed and the export should finish normally.</p><p>Notion Support</p>",
    ),
    (
        "40",
        "Zoom",
        "noreply@zoom.us",
        "Cloud recording is now available: Weekly product sync",
        "<p>Hi Jordan,</p><p>Your cloud recording of <strong>Weekly product sync</strong> (52 minutes) is now "
        "available to view and share.</p><p>This is an automated message, please do not reply.</p>",
    ),
    (
        "41",
        "National Weather Service",
        "alerts@weather.gov",
        "Heat advisory in effect until Sunday 8 PM",
        "<p>HEAT ADVISORY for San Francisco Bay Area until Sunday 8 PM PDT.</p><p>Temperatures up to 102°F are "
        "expected inland. Drink plenty of fluids and check on neighbors.</p>",
    ),
    (
        "42",
        "Stripe Support",
        "support@stripe.com",
        "Support update: your payout delay has been resolved",
        "<p>Hi Jordan,</p><p>The payout delay on your account has been resolved. Payouts will resume on your usual "
        "two-day schedule.</p><p>Stripe Support</p>",
    ),
    (
        "43",
        "Carol Adams",
        "carol.adams@example.com",
        "Agenda for Tuesday's planning meeting",
        "<p>Hi Jordan,</p><p>Here's the agenda for Tuesday's planning meeting at 9:00 AM: Q3 roadmap, hiring, and "
        "the Atlas budget. Please add anything I missed.</p><p>Carol</p>",
    ),
    (
        "44",
        "Amazon Prime",
        "prime@amazon.com",
        "Your Prime membership renews on July 2",
        "<p>Hello Jordan,</p><p>Your Amazon Prime membership will renew on July 2, 2024 for $139.00. No action is "
        "required to keep your benefits.</p>",
    ),
    (
        "45",
        "Xfinity Support",
        "support@xfinity.com",
        "Xfinity Support: your technician appointment is confirmed",
        "<p>Hi Jordan,</p><p>Your technician appointment is confirmed for Saturday, June 8 between 10 AM and "
        "12 PM.</p><p>Xfinity Support</p>",
    ),
    (
        "46",
        "Charles Davis",
        "charles.davis@example.com",
        "Intro call with Brightline Logistics",
        "<p>Hi Jordan,</p><p>Quick heads-up: I had a good intro call with Brightline Logistics yesterday. They're "
        "evaluating vendors for Q4 and I'll send a summary by Monday.</p><p>Charles</p>",
    ),
    (
        "47",
        "Angela White",
        "angela.white@example.com",
        "Slides for Friday's all-hands",
        "<p>Hi Jordan,</p><p>Can you send me your two slides for Friday's all-hands by tomorrow noon? Keep it to "
        "wins from Q2 and one ask for Q3.</p><p>Thanks!<br>Angela</p>",
    ),
    (
        "48",
        "Uber",
        "receipts@uber.com",
        "Your Thursday morning trip with Uber",
        "<p>Thanks for riding, Jordan.</p><p><strong>Total: $23.47</strong></p><p>7:12 AM · 1455 Market St<br>7:31 AM · 500 Howard St</p>",
    ),
    (
        "49",
        "Brian King",
        "brian.king@example.com",
        "Budget approval for Q3 hires",
        "<p>Jordan,</p><p>Finance approved the budget for two Q3 hires on your team. Go ahead and open the requisitions.</p><p>Brian</p>",
    ),
    (
        "50",
        "Medium Daily Digest",
        "noreply@medium.com",
        "New Leadership Articles You Can't Miss",
        "<p>Today's highlights</p><p><strong>The quiet art of running a great 1:1</strong> · 7 min read</p>"
        "<p><strong>Why your team needs fewer meetings</strong> · 5 min read</p>",
    ),
    (
        "51",
        "Canva Support",
        "support@canva.com",
        "Support request received: brand kit fonts",
        "<p>Hi Jordan,</p><p>We've received your request about uploading custom fonts to your brand kit. "
        "We'll get back to you within two business days.</p><p>Canva Support</p>",
    ),
    (
        "52",
        "Barbara Thomas",
        "barbara.thomas@example.com",
        "Project plan draft for the website redesign",
        "<p>Hi Jordan,</p><p>Attached is my first draft of the project plan for the website redesign: milestones, "
        "owners and a rough timeline through October.</p><p>Barbara</p>",
    ),
    (
        "53",
        "Alexa Richardson",
        "alexa.richardson@example.com",
        "Work permit paperwork",
        "<p>Hi Jordan,</p><p>I've started the renewal of your work permit. I'll need your signature on a couple of "
        "forms before we can file; I'll send them over when they're ready.</p><p>Alexa</p>",
    ),
    (
        "54",
        "Ashley Campbell",
        "ashley.campbell@example.com",
        "Restaurant ideas for the team dinner",
        "<p>Hi Jordan,</p><p>A few restaurant ideas for the next team dinner: Nopa, Burma Love or Flour + Water. "
        "Which one do you like?</p><p>Ashley</p>",
    ),
    (
        "55",
        "Danielle Brooks",
        "danielle.brooks@example.com",
        "Server migration schedule",
        "<p>Hi Jordan,</p><p>Infrastructure will migrate the build servers over the next two weekends. I'll keep "
        "you posted on progress.</p><p>Danielle</p>",
    ),
    (
        "56",
        "Facebook",
        "notification@facebookmail.com",
        "You have 3 new notifications",
        "<p>Jordan, a lot has happened on Facebook since you last logged in.</p><p>David Martinez and 2 others "
        "commented on your photo.</p>",
    ),
]


def _date(email_id: str) -> str:
    if email_id in DATES:
        stamp = datetime.fromisoformat(DATES[email_id])
    else:
        n = int(email_id)  # 1..45: one a day, from yesterday back to June 2
        day = NOW.date() - timedelta(days=1 + (n - 1) * 45 // 44)
        stamp = datetime(day.year, day.month, day.day, 7 + (n * 5) % 12, (n * 17) % 60)
    return stamp.strftime("%Y-%m-%dT%H:%M:00.000Z")


def make_email(**fields) -> dict:
    """An email object with every field the site uses (defaults for a received, read, filed-nowhere email)."""
    email = {
        "id": "",
        "from": "",
        "fromName": "",
        "to": [ME],
        "cc": [],
        "bcc": [],
        "subject": "",
        "content": "",
        "date": "",
        "isRead": True,
        "starred": False,
        "trash": False,
        "archived": False,
        "spam": False,
        "draft": False,
        "sent": False,
        "isReply": False,
        "inReplyTo": None,
        "labels": [],
        "snoozed": False,
        "snoozeUntil": None,
    }
    email.update(fields)
    return email


def _labels(email_id: str) -> list[str]:
    return ["Work"] if email_id in WORK else ["Personal"] if email_id in PERSONAL else []


EMAILS: dict[str, dict] = {
    eid: make_email(
        id=eid,
        fromName=name,
        **{"from": address},
        subject=subject,
        content=body,
        date=_date(eid),
        isRead=eid not in UNREAD,
        starred=eid in STARRED,
        labels=_labels(eid),
    )
    for eid, name, address, subject, body in MAIL
}


def seed_state() -> dict:
    """A fresh copy of the whole initial state."""
    return {
        "email": {"emails": copy.deepcopy(EMAILS)},
        "settings": {"customLabels": copy.deepcopy(LABELS)},
        "ui": {"snackbar": {"message": ""}, "searchInputValue": ""},
    }


if __name__ == "__main__":
    for email in sorted(EMAILS.values(), key=lambda e: e["date"], reverse=True):
        flags = ("*" if email["starred"] else " ") + (" " if email["isRead"] else "U")
        print(f"{email['id']:>3} {flags} {email['date'][:16]}  {email['fromName']:<26} {email['subject']}")
