"""Observations on real replica pages: the summary the LLM reads, state fingerprints and element identity."""

from __future__ import annotations

import re
import statistics

import pytest

from halo_lib.config import ObsConfig
from halo_lib.errors import HaloError
from halo_lib.obs.axtree import INTERACTIVE_ROLES, find, find_all, flatten
from halo_lib.obs.fingerprint import fingerprint, page_of
from halo_lib.obs.identity import ElementKey, by_bid, context_of, element_key, resolve
from halo_lib.obs.summary import summarize

ELEMENT_LINE = re.compile(r"^\[([^\]]+)\] (\S+) ")
MORE_LINE = re.compile(r"^\(… (\d+) more elements not shown")


def _all_raw_bids(obs) -> set[str]:
    return {n["browsergym_id"] for n in obs["axtree_object"]["nodes"] if n.get("browsergym_id")}


def _in_dialog(nodes, node) -> bool:
    return any(nodes[i].role in ("dialog", "alertdialog") for i in node.ancestors)


def _listable(nodes):
    """Interactive elements that get a line of their own (options of a select are folded into its line)."""
    out = []
    for node in nodes:
        if not node.bid or node.role not in INTERACTIVE_ROLES:
            continue
        if node.role == "option" and any(nodes[i].role in ("combobox", "MenuListPopup") for i in node.ancestors):
            continue
        out.append(node)
    return out


# ---------------------------------------------------------------------------------------------- summary


def test_summary_bids_are_every_bid_on_the_page(page_name, load_page):
    obs = load_page(page_name)
    summary = summarize(obs)
    assert summary.bids == _all_raw_bids(obs)


def test_summary_lists_elements_in_page_order_and_accounts_for_the_rest(page_name, load_page):
    obs = load_page(page_name)
    summary = summarize(obs)
    lines = summary.text.splitlines()
    shown = [(m.group(1), m.group(2)) for m in map(ELEMENT_LINE.match, lines) if m]
    listable = [(n.bid, n.role) for n in _listable(summary.nodes)]
    assert shown, "no element listed"
    # every listed bid is a real element of that role, listed once, in page order; outside an open dialog
    # the top of the page comes first (a dialog's elements are kept over the page behind it)
    assert shown == [item for item in listable if item in shown]
    in_dialog = {n.bid for n in _listable(summary.nodes) if _in_dialog(summary.nodes, n)}
    outside = [item for item in listable if item[0] not in in_dialog]
    shown_outside = [item for item in shown if item[0] not in in_dialog]
    assert shown_outside == outside[: len(shown_outside)]
    more = [int(m.group(1)) for m in map(MORE_LINE.match, lines) if m]
    if len(shown) < len(listable):
        assert more and more[0] >= len(listable) - len(shown)
        assert more[0] == summary.n_elements - summary.n_shown
    else:
        assert not more and summary.n_shown == summary.n_elements
    # the header names the page
    assert lines[0].startswith(f"Page: {summary.title!r} at /")


def test_small_pages_list_every_element(page_summary):
    summary = page_summary("omnizon-13__5")  # checkout
    listed = {m.group(1) for m in map(ELEMENT_LINE.match, summary.text.splitlines()) if m}
    assert listed == {n.bid for n in _listable(summary.nodes)}
    assert "[67] button 'Place your order'" in summary.text.splitlines()


def test_summary_shows_values_and_states(page_summary):
    lines = page_summary("omnizon-13__1").text.splitlines()  # the search box after the expert typed into it
    assert "[17] searchbox 'Search Omnizon' value='cooking pot'" in lines
    inbox = page_summary("gomail-23__0").text.splitlines()
    assert "[69] checkbox 'Select all' not checked" in inbox
    assert "[144] button 'Starred' pressed" in inbox
    assert "[158] button 'Not starred' not pressed" in inbox


def test_combobox_options_are_folded_into_one_line(page_summary):
    summary = page_summary("omnizon-24__3")  # product page with a Quantity select
    quantity = find(summary.nodes, "combobox", "Quantity")
    options = find_all(summary.nodes, "option", within=quantity)
    assert [o.name for o in options] == [str(i) for i in range(1, 11)]
    lines = summary.text.splitlines()
    quantity_lines = [line for line in lines if line.startswith(f"[{quantity.bid}] ")]
    assert quantity_lines == [f"[{quantity.bid}] combobox 'Quantity' value='1' options: " + " | ".join(o.name for o in options)]
    for option in options:
        assert not any(line.startswith(f"[{option.bid}]") for line in lines)
        assert option.bid in summary.bids  # folded, yet still actionable


def test_text_inside_an_element_is_not_repeated(page_summary):
    summary = page_summary("omnizon-13__5")
    lines = summary.text.splitlines()
    assert lines.count("[67] button 'Place your order'") == 1
    assert "Place your order" not in lines  # the button's own StaticText
    assert "$44.95" in lines  # other text stays


def test_last_action_error_is_reported(load_page):
    obs = load_page("omnizon-13__3")
    obs["last_action_error"] = "TimeoutError: locator.click: Timeout 5000ms exceeded.\n  waiting for element"
    summary = summarize(obs)
    assert summary.error.startswith("TimeoutError: locator.click")
    assert summary.text.splitlines()[-1] == f"Last action failed: {summary.error}"


@pytest.fixture(scope="module")
def tokenizer():
    from halo_lib.policy.local_model import DEFAULT_MODEL_DIR, ensure_local_model, gguf_folder, is_ready

    if not is_ready(DEFAULT_MODEL_DIR):
        try:
            gguf_folder()
        except HaloError as exc:  # neither converted nor installed: only then is the real tokenizer truly absent
            pytest.skip(f"the local SmolLM2 model is unavailable, so its tokenizer cannot measure the budget: {exc}")
    folder = ensure_local_model()  # the model is there: a failure to convert or load it fails the test
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(folder)


def _tokens(tokenizer, text: str) -> int:
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def test_every_page_summary_fits_the_token_budget(tokenizer, load_page, all_pages):
    config = ObsConfig()
    counts = {}
    for name in all_pages:
        counts[name] = _tokens(tokenizer, summarize(load_page(name), config).text)
    values = sorted(counts.values())
    print(
        f"\nsummary tokens (SmolLM2, budget {config.budget_tokens}) over {len(values)} pages: "
        f"min {values[0]}, median {statistics.median(values):.0f}, max {values[-1]} ({max(counts, key=counts.get)})"
    )
    over = {name: n for name, n in counts.items() if n > config.budget_tokens}
    assert not over, f"over the {config.budget_tokens}-token budget: {over}"


@pytest.mark.parametrize("budget", [300, 600])
def test_a_tiny_budget_cuts_elements_and_says_how_many(budget, tokenizer, load_page, all_pages):
    config = ObsConfig(budget_tokens=budget)
    cut_pages = 0
    counts = []
    for name in all_pages:
        obs = load_page(name)
        full, small = summarize(obs), summarize(obs, config)
        counts.append(_tokens(tokenizer, small.text))
        assert counts[-1] <= budget, f"{name}: {counts[-1]} tokens"
        assert small.bids == full.bids  # unlisted elements stay actionable
        if small.n_shown < small.n_elements:
            cut_pages += 1
            left_out = small.n_elements - small.n_shown
            assert small.text.splitlines()[-1] == (f"(… {left_out} more elements not shown: scroll or search to reach them)")
            # outside dialogs the top of the page is kept: the elements listed there are the first ones
            shown = [m.group(1) for m in map(ELEMENT_LINE.match, small.text.splitlines()) if m]
            outside = [n.bid for n in _listable(small.nodes) if not _in_dialog(small.nodes, n)]
            shown_outside = [bid for bid in shown if bid in outside]
            assert shown_outside == outside[: len(shown_outside)]
    print(f"\nbudget {budget}: tokens min {min(counts)}, median {statistics.median(counts):.0f}, max {max(counts)}; {cut_pages} pages cut")
    assert cut_pages >= 5


def test_an_open_dialog_stays_listed_when_the_page_behind_it_is_cut(load_page):
    """Compose open over a 56-mail inbox: the dialog sits at the end of the tree, past the budget; its fields
    are what the next action needs (the expert fills 'To'), so the inbox is cut instead."""
    obs = load_page("gomail-12__1")
    summary = summarize(obs)
    nodes = summary.nodes
    dialog = [n for n in _listable(nodes) if _in_dialog(nodes, n)]
    outside = [n for n in _listable(nodes) if not _in_dialog(nodes, n)]
    assert len(dialog) >= 8 and len(outside) > 100
    shown = {m.group(1) for m in map(ELEMENT_LINE.match, summary.text.splitlines()) if m}
    assert {n.bid for n in dialog} <= shown
    assert not {n.bid for n in outside} <= shown  # the page behind was cut to make room
    target = re.match(r"fill\('(\d+)'", obs["action"]).group(1)
    assert target in shown and "dialog 'New Message'" in summary.text


_TARGET = re.compile(r"^(click|fill|select_option|press)\(\s*(['\"])(.*?)\2")


def _target_listed(summary, action: str) -> bool | None:
    match = _TARGET.match(action or "")
    if not match:
        return None
    return match.group(3) in {m.group(1) for m in map(ELEMENT_LINE.match, summary.text.splitlines()) if m}


@pytest.mark.parametrize("budget", [300, 500])
def test_with_the_goal_the_experts_next_target_is_listed_on_more_cut_pages(budget, tokenizer, load_page, all_pages):
    """The saved pages carry their task's goal and the expert's next action: a goal-aware cut lists that action's
    element more often than a plain top-down cut, within the same token budget, in page order."""
    plain, aware, pages = 0, 0, 0
    for name in all_pages:
        obs = load_page(name)
        without = summarize(obs, ObsConfig(budget_tokens=budget, goal_aware=False), goal=obs["goal"])
        with_goal = summarize(obs, ObsConfig(budget_tokens=budget), goal=obs["goal"])
        listed = _target_listed(with_goal, obs.get("action"))
        if listed is None:
            continue
        pages += 1
        plain += _target_listed(without, obs["action"])
        aware += listed
        assert _tokens(tokenizer, with_goal.text) <= budget, name
        assert with_goal.bids == without.bids
        every_line = iter(summarize(obs, ObsConfig(budget_tokens=10**6)).text.splitlines())
        kept = [line for line in with_goal.text.splitlines() if not MORE_LINE.match(line)]
        assert all(line in every_line for line in kept), f"{name}: lines out of page order"  # a subsequence
    print(f"\nbudget {budget}: the expert's target listed on {plain}/{pages} pages top-down, {aware}/{pages} goal-aware")
    assert aware > plain


def test_a_goal_keeps_its_link_and_the_forms_controls_over_unrelated_links(load_page):
    """An inbox cut to a tiny budget: without the goal the bottom rows go first, whatever they are; with it, the
    row the goal names stays, and the page's buttons outlast rows the goal does not name."""
    obs = load_page("gomail-12__0")
    nodes = flatten(obs["axtree_object"])
    rows = [n for n in nodes if n.role == "link" and n.bid and len(n.name) > 30]
    last = rows[-1]
    goal = f"Open the email '{last.name[:40]}' and archive it"
    config = ObsConfig(budget_tokens=300)
    plain = summarize(obs, ObsConfig(budget_tokens=300, goal_aware=False), goal=goal)
    aware = summarize(obs, config, goal=goal)
    assert f"[{last.bid}]" not in plain.text and f"[{last.bid}]" in aware.text
    compose = find(nodes, "button", "Compose")
    assert f"[{compose.bid}]" in aware.text
    # no goal: the plain cut, whatever the config says
    assert summarize(obs, config).text == summarize(obs, ObsConfig(budget_tokens=300, goal_aware=False), goal=goal).text


# ------------------------------------------------------------------------------------------ fingerprint


def _fp(obs) -> str:
    return fingerprint(flatten(obs["axtree_object"]), obs["url"])


def test_fingerprint_is_equal_for_the_same_page_in_different_episodes(load_page):
    a, b = load_page("omnizon-13__0"), load_page("omnizon-24__0")
    assert a["goal"] != b["goal"]
    assert _fp(a) == _fp(b)
    assert re.fullmatch(r"[0-9a-f]{16}", _fp(a))


def test_fingerprint_changes_after_a_fill(load_page):
    before, after = load_page("omnizon-13__0"), load_page("omnizon-13__1")
    assert before["url"] == after["url"]
    assert _fp(before) != _fp(after)
    # typed text is state: two different queries are two states
    assert _fp(after) != _fp(load_page("omnizon-24__1"))


def test_fingerprint_changes_after_navigation(load_page):
    pages = [load_page(f"omnizon-13__{i}") for i in range(7)]
    fps = [_fp(p) for p in pages]
    assert len(set(fps)) == len(fps)


def test_fingerprint_ignores_scheme_host_port_and_fragment(load_page):
    obs = load_page("omnizon-13__2")
    moved = dict(obs, url=obs["url"].replace("http://127.0.0.1:8801", "https://localhost:9001") + "#results")
    assert _fp(moved) == _fp(obs)
    assert page_of(obs["url"]) == "/search?q=cooking pot"
    assert page_of("http://h/search?b=2&a=1") == page_of("http://h/search?a=1&b=2")


@pytest.mark.parametrize("new_bid", [lambda b: "x" + b, lambda b: str(int(b) + 1000)], ids=["prefixed", "shifted"])
@pytest.mark.parametrize("name", ["omnizon-13__0", "omnizon-24__3", "gomail-23__0", "gomail-23__4"])
def test_fingerprint_is_stable_when_bids_are_renumbered(name, new_bid, load_page, renumber):
    obs = load_page(name)
    moved = renumber(obs, new_bid)
    assert summarize(moved).bids == {new_bid(b) for b in summarize(obs).bids}
    assert _fp(moved) == _fp(obs)


def test_fingerprint_is_stable_when_counters_and_clocks_change(load_page, raw_nodes):
    obs = load_page("gomail-23__0")
    edited = load_page("gomail-23__0")
    (inbox,) = raw_nodes(edited, "link", "Inbox 17")
    inbox["name"]["value"] = "Inbox 16"
    for node in raw_nodes(edited, "StaticText", "17") + raw_nodes(edited, "InlineTextBox", "17"):
        node["name"]["value"] = "16"
    for node in raw_nodes(edited, "cell", "9:12 AM") + raw_nodes(edited, "StaticText", "9:12 AM"):
        node["name"]["value"] = "9:14 AM"
    assert _fp(edited) == _fp(obs)
    assert "[24] link 'Inbox 16'" in summarize(edited).text  # the edit did land on the page


def test_fingerprint_is_stable_when_static_text_changes(load_page, raw_nodes):
    obs = load_page("omnizon-24__3")
    edited = load_page("omnizon-24__3")
    changed = 0
    for node in raw_nodes(edited, "StaticText"):
        if "November 28" in node["name"]["value"]:
            node["name"]["value"] = node["name"]["value"].replace("Saturday, November 28", "Monday, November 30")
            changed += 1
    for node in raw_nodes(edited, "StaticText", "$69.99"):
        node["name"]["value"] = "$64.99"
        changed += 1
    assert changed >= 5
    assert "Monday, November 30" in summarize(edited).text
    assert _fp(edited) == _fp(obs)


def test_fingerprint_changes_when_a_checkbox_flips(load_page, raw_nodes):
    obs = load_page("gomail-23__0")
    edited = load_page("gomail-23__0")
    (box,) = raw_nodes(edited, "checkbox", "Charles Davis, Intro call with Brightline Logistics")
    (checked,) = [p for p in box["properties"] if p["name"] == "checked"]
    assert checked["value"]["value"] == "false"
    checked["value"]["value"] = "true"
    assert _fp(edited) != _fp(obs)
    checked["value"]["value"] = "false"
    assert _fp(edited) == _fp(obs)


def test_fingerprint_changes_when_a_dialog_opens(load_page):
    inbox, dialog = load_page("gomail-16__0"), load_page("gomail-16__1")
    assert inbox["url"] == dialog["url"]
    assert _fp(inbox) != _fp(dialog)


# --------------------------------------------------------------------------------------------- identity


def test_key_resolves_on_another_page_of_the_same_kind_after_renumbering(load_page, page_summary, renumber):
    pairs = [  # (page the key is taken on, page of the same kind in another episode, role, name)
        ("omnizon-13__3", "omnizon-24__3", "button", "Add to Cart"),
        ("omnizon-13__3", "omnizon-24__3", "combobox", "Quantity"),
        ("omnizon-13__4", "omnizon-24__5", "button", "Proceed to checkout"),
        ("omnizon-13__5", "omnizon-24__6", "button", "Place your order"),
        ("omnizon-13__0", "omnizon-24__1", "searchbox", "Search Omnizon"),
        ("gomail-23__3", "gomail-23__6", "button", "Reply"),
    ]
    for source, target, role, name in pairs:
        here = page_summary(source)
        node = find(here.nodes, role, name)
        key = element_key(here.nodes, node)
        assert key.role == role and key.name == name
        moved = summarize(renumber(load_page(target), lambda b: f"r{b}"))
        found = resolve(moved.nodes, key)
        assert found is not None, (source, target, key)
        assert (found.role, found.name) == (role, name)
        assert found.bid.startswith("r") and found.bid in moved.bids


def test_key_survives_a_json_round_trip(page_summary):
    summary = page_summary("gomail-23__0")
    node = find(summary.nodes, "button", "Not starred")
    key = element_key(summary.nodes, node)
    assert ElementKey.from_dict(key.to_dict()) == key
    assert "Not starred" in key.describe() and key.context in key.describe()


def test_each_rows_star_button_resolves_to_its_own_row(page_summary, load_page, renumber):
    inbox = page_summary("gomail-23__0")
    stars = find_all(inbox.nodes, "button", "Not starred")
    assert len(stars) >= 10
    keys = [element_key(inbox.nodes, star) for star in stars]
    assert len({k.context for k in keys}) == len(keys)  # the row tells them apart
    for star, key in zip(stars, keys):
        row = next(inbox.nodes[i] for i in reversed(star.ancestors) if inbox.nodes[i].role == "row")
        row_box = find(inbox.nodes, "checkbox", within=row)  # its aria-label: "<sender>, <subject>"
        assert key.context == row_box.name[:60]
        assert resolve(inbox.nodes, key) is star
    # after a re-render, each key still lands on the same row's star
    moved = summarize(renumber(load_page("gomail-23__0"), lambda b: str(int(b) + 5000)))
    for star, key in zip(stars, keys):
        assert resolve(moved.nodes, key).bid == str(int(star.bid) + 5000)


def test_star_keys_from_the_inbox_resolve_to_the_same_emails_in_search_results(page_summary):
    inbox, results = page_summary("gomail-23__0"), page_summary("gomail-23__8")  # search for "support"
    acme = next(s for s in find_all(inbox.nodes, "button", "Not starred") if "Acme Cloud Support" in context_of(inbox.nodes, s))
    found = resolve(results.nodes, element_key(inbox.nodes, acme))
    assert found is not None and found.bid != acme.bid
    assert context_of(results.nodes, found).startswith("Acme Cloud Support, Support ticket #48213")
    # an email that is not among the results: its star has no match there
    uber = next(s for s in find_all(inbox.nodes, "button", "Not starred") if context_of(inbox.nodes, s).startswith("Uber"))
    assert resolve(results.nodes, element_key(inbox.nodes, uber)) is None


@pytest.mark.parametrize("name", ["gomail-23__0", "gomail-23__4", "omnizon-13__3", "omnizon-24__2"])
def test_every_element_resolves_back_to_itself_and_duplicates_get_distinct_nth(name, page_summary):
    summary = page_summary(name)
    keys = {}
    for node in summary.nodes:
        if not node.bid:
            continue
        key = element_key(summary.nodes, node)
        assert key not in keys, f"{node} and {keys.get(key)} share {key}"
        keys[key] = node
        assert resolve(summary.nodes, key) is node, f"{node} -> {key} -> {resolve(summary.nodes, key)}"
    assert max(k.nth for k in keys) >= 2  # real lookalikes (rows, list items) are on these pages


def test_a_key_whose_element_is_gone_resolves_to_none(page_summary):
    checkout = page_summary("omnizon-13__5")
    place = element_key(checkout.nodes, find(checkout.nodes, "button", "Place your order"))
    assert resolve(page_summary("omnizon-13__0").nodes, place) is None
    assert resolve(page_summary("gomail-23__0").nodes, place) is None
    reply = page_summary("gomail-23__3")
    assert resolve(page_summary("gomail-23__2").nodes, element_key(reply.nodes, find(reply.nodes, "button", "Reply"))) is None


def test_a_digit_changed_counter_still_resolves_when_unique(page_summary, load_page, raw_nodes):
    inbox = page_summary("gomail-23__0")
    key = element_key(inbox.nodes, find(inbox.nodes, "link", "Inbox 17"))
    # a real later page: after deleting the support emails the counter reads 13
    later = page_summary("gomail-23__10")
    found = resolve(later.nodes, key)
    assert found is not None and found.name == "Inbox 13" and found is by_bid(later.nodes, found.bid)
    # an edited copy: 17 -> 18
    edited = load_page("gomail-23__0")
    (link,) = raw_nodes(edited, "link", "Inbox 17")
    link["name"]["value"] = "Inbox 18"
    assert resolve(summarize(edited).nodes, key).name == "Inbox 18"
    # not unique any more: another folder link that also reads "Inbox <n>" -> no guess
    (sent,) = raw_nodes(edited, "link", "Sent")
    sent["name"]["value"] = "Inbox 2"
    assert resolve(summarize(edited).nodes, key) is None
