"""Macro mining from the real expert trajectories of omnizon-13 and omnizon-24 (SQLite in tmp_path)."""

from __future__ import annotations

import pytest

from halo_lib.cache.macros import SLOT, MacroStore, candidates
from halo_lib.cache.portable import PortableAction
from halo_lib.obs.axtree import find
from halo_lib.obs.summary import summarize
from halo_lib.policy.grammar import Action, parse_action

STEPS = {"omnizon-13": 7, "omnizon-24": 8}


@pytest.fixture
def episodes(load_page, page_summary) -> dict[str, list[PortableAction]]:
    """Each task's expert actions by element identity, captured on the page each was taken on."""
    out = {}
    for task, n in STEPS.items():
        steps = []
        for step in range(n):
            record, summary = load_page(f"{task}__{step}"), page_summary(f"{task}__{step}")
            portable = PortableAction.capture(parse_action(record["action"], summary.bids), summary.nodes)
            assert portable is not None
            steps.append(portable)
        out[task] = steps
    return out


@pytest.fixture
def store(tmp_path):
    store = MacroStore(tmp_path / "cache" / "macros.sqlite")
    yield store
    store.close()


def _shape(macro) -> list[tuple]:
    """A macro as (action, element role, element name, args) per step."""
    return [(s.name, s.element.role if s.element else None, s.element.name if s.element else None, s.args) for s in macro.steps]


SEARCH = [("fill", "searchbox", "Search Omnizon", (SLOT,)), ("press", "searchbox", "Search Omnizon", ("Enter",))]
CHECKOUT = [("click", "button", "Proceed to checkout", ()), ("click", "button", "Place your order", ())]
ADD_AND_CHECKOUT = [("click", "button", "Add to Cart", ())] + CHECKOUT


def test_the_expert_trajectories_are_what_the_tests_assume(episodes):
    names = {task: [s.name for s in steps] for task, steps in episodes.items()}
    assert names["omnizon-13"] == ["fill", "press", "click", "click", "click", "click", "send_msg_to_user"]
    assert names["omnizon-24"] == ["fill", "press", "click", "select_option", "click", "click", "click", "send_msg_to_user"]
    assert episodes["omnizon-13"][0].args == ("cooking pot",)
    assert episodes["omnizon-24"][0].args == ("gaming controllers",)


def test_one_episode_promotes_nothing(store, episodes):
    new = store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    assert new == len(candidates(episodes["omnizon-13"])) > 0
    assert store.promoted() == []
    assert store.match("omnizon", episodes["omnizon-13"][0]) is None
    assert store.stats() == {"candidates": new, "promoted": 0}


def test_the_same_episode_twice_does_not_double_its_support(store, episodes):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    assert store.observe("omnizon-13", "omnizon", episodes["omnizon-13"]) == 0
    assert store.promoted() == []


def test_two_episodes_promote_exactly_the_shared_skills(store, episodes):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    store.observe("omnizon-24", "omnizon", episodes["omnizon-24"])
    # shared by both runs: the search, and add-to-cart through placing the order (the product clicked differs)
    promoted = [_shape(m) for m in store.promoted("omnizon")]
    expected = [SEARCH, CHECKOUT, ADD_AND_CHECKOUT[:2], ADD_AND_CHECKOUT]
    assert sorted(promoted, key=repr) == sorted(expected, key=repr)
    assert all(m.support == 2 for m in store.promoted())
    assert store.promoted("gomail") == []
    assert store.stats()["promoted"] == 4


def test_other_sites_do_not_share_support(store, episodes):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    store.observe("omnizon-24", "omnizon-copy", episodes["omnizon-24"])
    assert store.promoted() == []


def test_match_a_search_with_a_new_query(store, episodes, page_summary, load_page, renumber):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    store.observe("omnizon-24", "omnizon", episodes["omnizon-24"])
    home = page_summary("omnizon-13__0")
    first = PortableAction.capture(Action("fill", ("17", "dutch oven")), home.nodes)
    macro = store.match("omnizon", first)
    assert macro is not None and _shape(macro) == SEARCH
    steps = macro.bind("dutch oven")
    assert [(s.name, s.args) for s in steps] == [("fill", ("dutch oven",)), ("press", ("Enter",))]
    # the bound steps play on a re-rendered home page
    page = summarize(renumber(load_page("omnizon-24__0"), lambda b: str(int(b) * 10)))
    assert [s.bind(page.nodes) for s in steps] == [Action("fill", ("170", "dutch oven")), Action("press", ("170", "Enter"))]
    assert "fill(searchbox 'Search Omnizon' in 'Go', '$1') -> press(" in macro.describe()


def test_match_prefers_the_longest_macro(store, episodes, page_summary):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    store.observe("omnizon-24", "omnizon", episodes["omnizon-24"])
    product = page_summary("omnizon-24__4")
    add = PortableAction.capture(Action("click", (find(product.nodes, "button", "Add to Cart").bid,)), product.nodes)
    assert _shape(store.match("omnizon", add)) == ADD_AND_CHECKOUT
    cart = page_summary("omnizon-13__4")
    proceed = PortableAction.capture(Action("click", (find(cart.nodes, "button", "Proceed to checkout").bid,)), cart.nodes)
    assert _shape(store.match("omnizon", proceed)) == CHECKOUT
    # no macro starts with a step that only one episode had
    assert store.match("omnizon", episodes["omnizon-24"][3]) is None  # select_option quantity 2
    assert store.match("omnizon", episodes["omnizon-13"][5]) is None  # place order ends every run


def test_terminal_actions_never_end_up_in_a_macro(store, episodes):
    done = PortableAction("send_msg_to_user", None, ("Done.",))
    a = episodes["omnizon-13"][:-1] + [done]
    b = episodes["omnizon-24"][:-1] + [done]  # both end in the same final answer: still never a macro step
    assert all(all(s.name != "send_msg_to_user" for s in c) for c in candidates(a))
    store.observe("e1", "omnizon", a)
    store.observe("e2", "omnizon", b)
    promoted = store.promoted()
    assert promoted and all(s.name not in ("send_msg_to_user", "report_infeasible") for m in promoted for s in m.steps)
    assert store.match("omnizon", episodes["omnizon-13"][5]) is None


def test_record_replay_updates_counts_and_demotes_abandoned_macros(store, episodes):
    # two length-6 skills with the same first step and the same support: the full search-to-checkout runs
    for episode in ("a1", "a2"):
        store.observe(episode, "omnizon", episodes["omnizon-13"])
    for episode in ("b1", "b2"):
        store.observe(episode, "omnizon", episodes["omnizon-24"])
    first = episodes["omnizon-13"][0]
    chosen = store.match("omnizon", first)
    assert len(chosen.steps) == 6 and chosen.support == 2
    store.record_replay(chosen.id, completed=True)
    store.record_replay(chosen.id, completed=False)
    store.record_replay(chosen.id, completed=False)
    counts = store.con.execute("SELECT replays, completed, abandoned FROM macro_candidates WHERE id = ?", (chosen.id,)).fetchone()
    assert counts == (3, 1, 2)
    other = store.match("omnizon", first)
    assert other.id != chosen.id and len(other.steps) == 6  # the abandoned one lost the tie


def test_the_store_survives_a_reopen(tmp_path, episodes):
    path = tmp_path / "macros.sqlite"
    first = MacroStore(path)
    first.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    first.observe("omnizon-24", "omnizon", episodes["omnizon-24"])
    before = {m.id: _shape(m) for m in first.promoted()}
    first.close()
    second = MacroStore(path)
    try:
        assert {m.id: _shape(m) for m in second.promoted()} == before
        assert _shape(second.match("omnizon", episodes["omnizon-24"][0])) == SEARCH
    finally:
        second.close()


def test_clear(store, episodes):
    store.observe("omnizon-13", "omnizon", episodes["omnizon-13"])
    store.observe("omnizon-24", "omnizon", episodes["omnizon-24"])
    n = store.stats()["candidates"]
    assert store.clear() == n > 0
    assert store.stats() == {"candidates": 0, "promoted": 0}
    assert store.match("omnizon", episodes["omnizon-13"][0]) is None
