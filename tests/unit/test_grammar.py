"""parse_action on model-style replies, checked against the bids of a real page (omnizon's home page)."""

from __future__ import annotations

import re

import pytest

from halo_lib.policy.grammar import GRAMMAR, Action, ActionParseError, parse_action

PAGE = "omnizon-13__0"  # [17] searchbox 'Search Omnizon', [18] button 'Go', [24] link 'Cart, 0 items'


@pytest.fixture
def bids(page_summary):
    bids = page_summary(PAGE).bids
    assert {"17", "18", "24"} <= bids
    return bids


BARE_CALLS = [
    ("click('18')", Action("click", ("18",))),
    ("fill('17', 'cooking pot')", Action("fill", ("17", "cooking pot"))),
    ("select_option('17', '2')", Action("select_option", ("17", "2"))),
    ("select_option('17', ['2'])", Action("select_option", ("17", "2"))),
    ("select_option('17', ['1', '2'])", Action("select_option", ("17", ["1", "2"]))),
    ("press('17', 'Enter')", Action("press", ("17", "Enter"))),
    ("scroll(0, 600)", Action("scroll", (0, 600))),
    ("scroll(0, -250.5)", Action("scroll", (0, -250.5))),
    ("goto('http://127.0.0.1:8801/cart')", Action("goto", ("http://127.0.0.1:8801/cart",))),
    ("go_back()", Action("go_back", ())),
    ("send_msg_to_user('Order number 113-4078428-2650501.')", Action("send_msg_to_user", ("Order number 113-4078428-2650501.",))),
    ("report_infeasible('The store has no such item.')", Action("report_infeasible", ("The store has no such item.",))),
    ("noop()", Action("noop", ())),
    ("noop(500)", Action("noop", (500,))),
]


@pytest.mark.parametrize("reply, expected", BARE_CALLS)
def test_every_grammar_function_parses_as_a_bare_call(reply, expected, bids):
    assert parse_action(reply, bids) == expected


def test_the_cases_above_cover_the_whole_grammar():
    # read from the cases themselves: a grammar function added without a case above fails here
    covered = {expected.name for _, expected in BARE_CALLS}
    assert {reply.split("(", 1)[0] for reply, _ in BARE_CALLS} == covered
    assert covered == set(GRAMMAR)


@pytest.mark.parametrize(
    "reply",
    [
        "Action: click('18')",
        "action: click('18')",
        "Next action = click('18')",
        "The search button submits the query.\nAction: click('18')",
        "Thought: the fill is done, so I should use click('24')? No, submit first.\nAction: click('18')",
        "```\nclick('18')\n```",
        "```python\nAction: click('18')\n```",
        "Action: click('18') because it submits the search",
        "click(bid='18')",
        'click("18")',
        "  click ( '18' )  ",
    ],
)
def test_reply_forms_all_give_the_same_action(reply, bids):
    assert parse_action(reply, bids) == Action("click", ("18",))


@pytest.mark.parametrize(
    "reply, text",
    [
        ("fill(bid='17', value='cooking pot')", "cooking pot"),
        ("fill(value='cooking pot', bid='17')", "cooking pot"),
        ("fill('17', value='cooking pot')", "cooking pot"),
        ('fill("17", "cooking pot")', "cooking pot"),
        ("fill('17', 'chef\\'s knife')", "chef's knife"),
        ('fill("17", "the \\"best\\" pot")', 'the "best" pot'),
        ("fill('17', \"chef's knife\")", "chef's knife"),
        ("fill('17', 'Hi Jane,\\n\\nMonday works.')", "Hi Jane,\n\nMonday works."),  # escaped newlines
        ("fill('17', 'Hi Jane,\n\nMonday works.\n\nJordan')", "Hi Jane,\n\nMonday works.\n\nJordan"),  # typed newlines
        ("Action: fill('17', 'Hi Jane,\nsee you then')", "Hi Jane,\nsee you then"),
        ("fill('17', '''two\nlines''')", "two\nlines"),
        ("fill('17', 'click(\"18\") is not an action here')", 'click("18") is not an action here'),
        ("fill('17', '')", ""),
    ],
)
def test_fill_text_forms(reply, text, bids):
    assert parse_action(reply, bids) == Action("fill", ("17", text))


def test_every_expert_action_of_the_saved_episodes_parses_on_its_page(page_name, load_page, page_summary):
    record = load_page(page_name)
    action = parse_action(record["action"], page_summary(page_name).bids)
    assert action.code() == record["action"]


def test_a_multiline_message_from_a_real_episode_keeps_its_newlines(load_page, page_summary):
    record = load_page("gomail-23__4")  # the expert types a reply body into the message box
    action = parse_action(record["action"], page_summary("gomail-23__4").bids)
    assert action.name == "fill"
    assert action.args[1] == "Hi Jane,\n\nMonday at 11 works for me. See you then!\n\nJordan"


@pytest.mark.parametrize(
    "action",
    [
        Action("click", ("18",)),
        Action("fill", ("17", 'it\'s a "quoted" text\nwith a newline and a back\\slash')),
        Action("select_option", ("17", "2")),
        Action("select_option", ("17", ["1", "2"])),
        Action("press", ("17", "Control+a")),
        Action("scroll", (0, -300)),
        Action("scroll", (10.5, 0)),
        Action("goto", ("http://127.0.0.1:8801/search?q=pot&page=2",)),
        Action("go_back", ()),
        Action("send_msg_to_user", ("Done: order 113-4078428-2650501.",)),
        Action("report_infeasible", ("No such product.",)),
        Action("noop", ()),
        Action("noop", (1000,)),
    ],
)
def test_code_round_trips_through_the_parser(action, bids):
    assert parse_action(action.code(), bids) == action
    assert parse_action(f"Action: {action.code()}", bids) == action


def _error(reply, bids) -> str:
    with pytest.raises(ActionParseError) as info:
        parse_action(reply, bids)
    message = str(info.value)
    prose = re.sub(r"`[^`]*`", "`…`", message)  # quoted model output may hold anything
    assert "\n" not in prose and prose.endswith("."), f"not one sentence: {message!r}"
    assert re.search(r"[.!?]\s+[A-Z]", prose) is None, f"more than one sentence: {message!r}"
    return message


def test_unknown_function_is_named(bids):
    assert "`hover`" in _error("hover('18')", bids)
    assert "`type`" in _error("Action: type('17', 'pot')", bids)


def test_a_reply_without_any_call_is_rejected(bids):
    assert "No action found" in _error("I think I should search for a pot (the box is at the top).", bids)


def test_bid_not_on_the_page(bids, page_summary):
    elsewhere = sorted(page_summary("gomail-16__1").bids - bids)  # real bids of gomail's label dialog
    assert elsewhere
    for bid in (elsewhere[0], "99999", ""):
        message = _error(f"click('{bid}')", bids)
        assert f"[{bid}]" in message
    assert "[99999]" in _error("fill('99999', 'pot')", bids)
    # the bid of an element on this page is accepted by the same parser
    assert parse_action("click('24')", bids).bid == "24"


@pytest.mark.parametrize(
    "reply, fragment",
    [
        ("click()", "click() takes (bid)"),
        ("click('18', '17')", "click() takes (bid)"),
        ("fill('17')", "fill() takes (bid, value)"),
        ("press('17')", "press() takes (bid, key_comb)"),
        ("go_back('17')", "go_back() takes ()"),
        ("scroll(0)", "scroll() takes (delta_x, delta_y)"),
        ("fill('17', 'a', 'b')", "fill() takes (bid, value)"),
        ("fill('17', text='pot')", "no argument `text`"),
        ("click('18', bid='18')", "got `bid` twice"),
    ],
)
def test_missing_or_extra_arguments(reply, fragment, bids):
    assert fragment in _error(reply, bids)


@pytest.mark.parametrize(
    "reply, fragment",
    [
        ("click(12)", "`bid` must be a string"),
        ("click(17)", "`bid` must be a string"),
        ("scroll('a', 'b')", "`delta_x` must be a number"),
        ("scroll(0, '600')", "`delta_y` must be a number"),
        ("scroll(True, 0)", "`delta_x` must be a number"),
        ("fill('17', 42)", "`value` must be a string"),
        ("select_option('17', [1, 2])", "options must be strings"),
        ("noop('soon')", "`wait_ms` must be a number"),
    ],
)
def test_wrong_types(reply, fragment, bids):
    assert fragment in _error(reply, bids)


@pytest.mark.parametrize("reply", ["click(x)", "click(bid)", "fill('17', query)", "click(str(18))", "scroll(0, 3 * y)"])
def test_non_literal_arguments(reply, bids):
    assert "literal" in _error(reply, bids)


@pytest.mark.parametrize(
    "reply",
    [
        "click('18') click('24')",
        "click('18'); click('24')",
        "fill('17', 'pot')\npress('17', 'Enter')",
        "Action: click('18')\nAction: click('24')",
    ],
)
def test_two_actions_in_one_reply(reply, bids):
    assert "exactly one action" in _error(reply, bids)


@pytest.mark.parametrize("reply", ["", "   ", "\n\n", None])
def test_empty_reply(reply, bids):
    assert "empty" in _error(reply, bids)


@pytest.mark.parametrize("reply", ["fill('17', 'cooking pot", "click('18'", "fill('17', \"pot)", "Action: click("])
def test_unterminated_call(reply, bids):
    assert "cut off" in _error(reply, bids)


def test_malformed_call_is_rejected(bids):
    assert "not a valid call" in _error("fill('17',, 'pot')", bids)
    assert "not a valid call" in _error("Action: click('18' + )", bids)


def test_without_bids_any_bid_is_accepted_but_types_are_still_checked():
    assert parse_action("click('4242')") == Action("click", ("4242",))
    with pytest.raises(ActionParseError):
        parse_action("click(4242)")


def test_terminal_and_bid_properties():
    assert parse_action("send_msg_to_user('done')").is_terminal
    assert parse_action("report_infeasible('no')").is_terminal
    assert not parse_action("click('1')").is_terminal
    assert parse_action("press('7', 'Enter')").bid == "7"
    assert parse_action("goto('http://x/')").bid is None
