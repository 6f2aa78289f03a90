"""Scripted solutions for Udriver's fourteen v2 tasks, and plausible wrong ones (see halo_lib/sites/expert.py).

A rider's steps: search the pickup and pick it from the suggestions, the same for the destination, set the
time (now, or a scheduled date and time), See prices, choose a car, choose how to pay, Request. The wallet
page adds funds and sets the default payment method. Elements are found by role and accessible name only.

`MISTAKES` are episodes a careless agent could produce; each is graded 0 by the task's own script (wrong car
type, paid another way, wrong direction, wrong time, a top-up of the wrong amount, a new card made default).

    .venv/bin/halo eval --mode expert --tasks udriver --sites-port 9240 --out /tmp/udriver_run
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -k udriver -q
"""

from __future__ import annotations

from halo_lib.sites.expert import Answer, Click, Fill, Press, Select, Target
from halo_lib.sites.udriver import seed

PICKUP_SEARCH = Target("searchbox", "Search pickup location")
DEST_SEARCH = Target("searchbox", "Search destination")


def price(pickup_id: int, dest_id: int, car_type: str) -> str:
    return f"${seed.fare(seed.place(pickup_id), seed.place(dest_id), car_type)['finalPrice']:.2f}"


# ---- steps a rider repeats ------------------------------------------------------------------------------
def pickup(query: str, name: str):
    yield Fill(PICKUP_SEARCH, query)
    yield Press(PICKUP_SEARCH, "Enter")
    view = yield Click(Target("button", contains=f"Pick up at {name},"))
    return view


def destination(query: str, name: str):
    yield Fill(DEST_SEARCH, query)
    yield Press(DEST_SEARCH, "Enter")
    view = yield Click(Target("button", contains=f"Drop off at {name},"))
    return view


def route(pickup_query: str, pickup_name: str, dest_query: str, dest_name: str):
    yield from pickup(pickup_query, pickup_name)
    yield from destination(dest_query, dest_name)
    view = yield Click(Target("button", "See prices"))
    return view


def request(car_type: str = "UdriverX", payment: str | None = None):
    """On the rides page: choose the car (UdriverX is preselected), the payment method, and request it."""
    if car_type != "UdriverX":
        yield Click(Target("button", f"Choose {car_type}"))
    if payment is not None:
        yield Select(Target("combobox", "Payment method"), payment)
    view = yield Click(Target("button", f"Request {car_type}"))
    return view


def add_funds(amount: str):
    yield Click(Target("link", "Wallet"))
    yield Fill(Target("textbox", "Amount to add (USD)"), amount)
    view = yield Click(Target("button", "Add funds"))
    return view


# ---- solutions ------------------------------------------------------------------------------------------
def udriver_2(view):
    yield from add_funds("100")
    yield Answer("I added $100 of Udriver credits with your Visa •••• 4242; your wallet balance is now $125.50.")


def udriver_3(view):
    yield from route("1001 Castro", "1001 Castro Street", "1030 Post", "1030 Post Street Apartments")
    yield from request()
    yield Answer(f"Your UdriverX ride from 1001 Castro Street to 1030 Post Street Apartments is booked ({price(118, 565, 'UdriverX')}).")


def udriver_4(view):
    yield from route("1000 Chestnut", "1000 Chestnut St", "Rooftop 25", "Rooftop 25")
    yield from request()
    yield Answer(
        f"Rides from 1000 Chestnut St to Rooftop 25: UdriverX {price(611, 640, 'UdriverX')}, "
        f"UdriverXL {price(611, 640, 'UdriverXL')}. I booked the UdriverX."
    )


def udriver_6(view):
    yield from route("Aaha Indian", "Aaha Indian Cuisine", "Casa Loma", "Casa Loma Hotel")
    # the UdriverX costs $29.33 and the wallet holds $25.50: add credits first
    yield from add_funds("10")
    yield Click(Target("link", "Ride"))
    yield Click(Target("button", "See prices"))
    yield from request(payment="Udriver Wallet")
    yield Answer(
        "Your wallet had $25.50, less than the $29.33 fare, so I added $10 of credits and booked the "
        "UdriverX from Aaha Indian Cuisine to Casa Loma Hotel with your wallet."
    )


def udriver_7(view):
    yield from route("22nd Irving", "22nd & Irving", "7-Eleven", "7-Eleven")
    yield from request()
    yield Answer("Your UdriverX from 22nd & Irving to the 7-Eleven at 1900 Noriega St is booked.")


def udriver_9(view):
    yield from route("1 Hotel San Francisco", "1 Hotel San Francisco", "1030 Post", "1030 Post Street Apartments")
    yield from request("UdriverXL", payment="Cash")
    yield Answer("Your UdriverXL from 1 Hotel San Francisco to 1030 Post Street Apartments is booked for now, paid in cash.")


def udriver_11(view):
    yield from route("Club X", "Club X", "Fox Plaza", "Fox Plaza Apartments")
    # UdriverX $22.53 fits the $25.50 wallet; UdriverXL $35.25 does not
    yield from request()
    yield Answer("I booked the UdriverX ($22.53), the ride your $25.50 of credits covers, from Club X to Fox Plaza Apartments.")


def udriver_13(view):
    yield from route("Golden Gate apartments", "Golden Gate Apartments", "Chase Bank", "Chase Bank")
    yield from request()
    yield Answer("Your UdriverX from Golden Gate Apartments to Chase Bank (2 Embarcadero Ctr) is booked for now.")


def udriver_14(view):
    yield Click(Target("link", "Wallet"))
    yield Click(Target("button", "Set Visa •••• 4242 as default"))
    yield Answer("Your Visa •••• 4242 is now your default payment method.")


def udriver_15(view):
    yield from route("388 Beale", "388 Beale", "Amber India", "Amber India")
    yield from request("UdriverXL")
    yield Answer(f"Your UdriverXL from 388 Beale to Amber India is booked ({price(739, 52, 'UdriverXL')}).")


def udriver_16(view):
    yield from route("1 Hotel San Francisco", "1 Hotel San Francisco", "100 Van Ness", "100 Van Ness")
    yield from request()
    yield Answer(f"Your UdriverX from 1 Hotel San Francisco to 100 Van Ness is booked ({price(699, 717, 'UdriverX')}).")


def schedule(day_label: str, hour: str, minute: str, half: str):
    yield Select(Target("combobox", "Pickup date"), day_label)
    yield Select(Target("combobox", "Hour"), hour)
    yield Select(Target("combobox", "Minute"), minute)
    yield Select(Target("combobox", "AM or PM"), half)
    view = yield Click(Target("button", "Schedule pickup"))
    return view


def udriver_17(view):
    yield from pickup("333 Fremont", "333 Fremont Apartments")
    yield from destination("201 Turk", "201 Turk Street Apartments")
    yield from schedule("Thu, Jul 18", "3", "30", "PM")
    yield Click(Target("button", "See prices"))
    yield Answer(
        f"From 333 Fremont Apartments to 201 Turk Street Apartments on July 18 at 3:30 PM: "
        f"UdriverX {price(733, 744, 'UdriverX')}, UdriverXL {price(733, 744, 'UdriverXL')}."
    )


def udriver_19(view):
    yield from route("AI Electronics", "AI Electronics Center", "333 Fremont", "333 Fremont Apartments")
    yield Answer(
        f"From AI Electronics Center to 333 Fremont Apartments: UdriverX {price(370, 733, 'UdriverX')}, "
        f"UdriverXL {price(370, 733, 'UdriverXL')}. Your wallet has $25.50, which is not enough for either ride."
    )


def udriver_20(view):
    yield from route("Club 26 Mix", "Club 26 Mix", "100 Van Ness", "100 Van Ness")
    yield from request()  # UdriverX is the cheapest
    yield Answer(f"I booked the cheapest ride, a UdriverX for {price(226, 717, 'UdriverX')}, from Club 26 Mix to 100 Van Ness.")


SOLUTIONS = {
    "udriver-2": udriver_2,
    "udriver-3": udriver_3,
    "udriver-4": udriver_4,
    "udriver-6": udriver_6,
    "udriver-7": udriver_7,
    "udriver-9": udriver_9,
    "udriver-11": udriver_11,
    "udriver-13": udriver_13,
    "udriver-14": udriver_14,
    "udriver-15": udriver_15,
    "udriver-16": udriver_16,
    "udriver-17": udriver_17,
    "udriver-19": udriver_19,
    "udriver-20": udriver_20,
}


# ---- plausible wrong episodes (each earns 0) ------------------------------------------------------------
def top_up_twice(view):  # udriver-2: 2 x $50 is not one $100 top-up
    yield from add_funds("50")
    yield Fill(Target("textbox", "Amount to add (USD)"), "50")
    yield Click(Target("button", "Add funds"))
    yield Answer("I added $100 of credits.")


def top_up_ten(view):  # udriver-2: the wrong amount
    yield from add_funds("10")
    yield Answer("I added credits to your balance.")


def casa_loma_by_card(view):  # udriver-6: paid by card, not with credits
    yield from route("Aaha Indian", "Aaha Indian Cuisine", "Casa Loma", "Casa Loma Hotel")
    yield from request(payment="Visa •••• 4242")
    yield Answer("I booked the ride with your card.")


def irving_reversed(view):  # udriver-7: from the 7-Eleven to 22nd & Irving
    yield from route("7-Eleven", "7-Eleven", "22nd Irving", "22nd & Irving")
    yield from request()
    yield Answer("Your ride is booked.")


def xl_by_card(view):  # udriver-9: the card, not cash
    yield from route("1 Hotel San Francisco", "1 Hotel San Francisco", "1030 Post", "1030 Post Street Apartments")
    yield from request("UdriverXL", payment="Visa •••• 4242")
    yield Answer("Your UdriverXL is booked.")


def club_x_by_card(view):  # udriver-11: not paid with the credits
    yield from route("Club X", "Club X", "Fox Plaza", "Fox Plaza Apartments")
    yield from request("UdriverXL", payment="Visa •••• 4242")
    yield Answer("I booked the UdriverXL with your card.")


def chase_xl(view):  # udriver-13: the wrong car type
    yield from route("Golden Gate apartments", "Golden Gate Apartments", "Chase Bank", "Chase Bank")
    yield from request("UdriverXL")
    yield Answer("Your ride to Chase Bank is booked.")


def new_card_default(view):  # udriver-14: a new card made default, not the card on file
    yield Click(Target("link", "Wallet"))
    yield Fill(Target("textbox", "Card number"), "5555 5555 5555 4444")
    yield Fill(Target("textbox", "Expiry (MM/YY)"), "10/28")
    yield Fill(Target("textbox", "CVC"), "123")
    yield Fill(Target("textbox", "Name on card"), "Jordan Lee")
    yield Click(Target("button", "Save card"))
    yield Click(Target("button", "Set Mastercard •••• 4444 as default"))
    yield Answer("Your new card is the default payment method.")


def beale_standard(view):  # udriver-15: UdriverX, not the XL the group asked for
    yield from route("388 Beale", "388 Beale", "Amber India", "Amber India")
    yield from request()
    yield Answer("Your ride to Amber India is booked.")


def fremont_wrong_time(view):  # udriver-17: 3:00 PM instead of 3:30 PM
    yield from pickup("333 Fremont", "333 Fremont Apartments")
    yield from destination("201 Turk", "201 Turk Street Apartments")
    yield from schedule("Thu, Jul 18", "3", "00", "PM")
    yield Click(Target("button", "See prices"))
    yield Answer("The UdriverX costs $21.68.")


def electronics_reversed(view):  # udriver-19: the route the wrong way round
    yield from route("333 Fremont", "333 Fremont Apartments", "AI Electronics", "AI Electronics Center")
    yield Answer("The ride costs $27.20 and you have $25.50.")


def club_26_xl(view):  # udriver-20: not the cheapest car
    yield from route("Club 26 Mix", "Club 26 Mix", "100 Van Ness", "100 Van Ness")
    yield from request("UdriverXL")
    yield Answer("I booked a UdriverXL.")


MISTAKES = {
    "udriver-2": [top_up_twice, top_up_ten],
    "udriver-6": [casa_loma_by_card],
    "udriver-7": [irving_reversed],
    "udriver-9": [xl_by_card],
    "udriver-11": [club_x_by_card],
    "udriver-13": [chase_xl],
    "udriver-14": [new_card_default],
    "udriver-15": [beale_standard],
    "udriver-17": [fremont_wrong_time],
    "udriver-19": [electronics_reversed],
    "udriver-20": [club_26_xl],
}
