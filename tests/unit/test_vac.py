"""The verified action cache (SQLite in tmp_path) with actions captured on real pages."""

from __future__ import annotations

import pytest

from halo_lib.cache.db import CacheError
from halo_lib.cache.portable import PortableAction
from halo_lib.cache.vac import VacEntry, VerifiedActionCache, normalize_goal
from halo_lib.obs.axtree import find
from halo_lib.obs.summary import summarize
from halo_lib.policy.grammar import Action, parse_action

GOAL = "Omnizon: I need to cook for my friends party, order me a nice cooking pot"


@pytest.fixture
def vac(tmp_path):
    cache = VerifiedActionCache(tmp_path / "cache" / "vac.sqlite", scope={"sites": "local", "fp": "fp1"})
    yield cache
    cache.close()


def _expert_entries(vac, page_summary, load_page, task: str, steps: int) -> list[VacEntry]:
    """The VAC entries of an expert episode, keyed like the agent keys them: prev = the previous portable action."""
    entries, prev = [], "start"
    for step in range(steps):
        record, summary = load_page(f"{task}__{step}"), page_summary(f"{task}__{step}")
        portable = PortableAction.capture(parse_action(record["action"], summary.bids), summary.nodes)
        key = vac.key(task.split("-")[0], record["goal"], summary.fingerprint, prev)
        entries.append(VacEntry(key, task.split("-")[0], record["goal"], summary.fingerprint, prev, portable))
        prev = portable.to_json()
    return entries


def test_key_is_stable_for_equal_inputs(vac, tmp_path):
    assert vac.key("omnizon", GOAL, "b97a1ad11b41648b", "start") == vac.key("omnizon", GOAL, "b97a1ad11b41648b", "start")
    same_scope = VerifiedActionCache(tmp_path / "other.sqlite", scope={"fp": "fp1", "sites": "local"})  # key order
    assert same_scope.key("omnizon", GOAL, "b97a1ad11b41648b", "start") == vac.key("omnizon", GOAL, "b97a1ad11b41648b", "start")


def test_key_differs_when_any_part_differs(vac, tmp_path):
    base = vac.key("omnizon", GOAL, "b97a1ad11b41648b", "start")
    variants = [
        vac.key("gomail", GOAL, "b97a1ad11b41648b", "start"),
        vac.key("omnizon", GOAL + " with a lid", "b97a1ad11b41648b", "start"),
        vac.key("omnizon", GOAL, "6be4116de7f1c4c3", "start"),
        vac.key("omnizon", GOAL, "b97a1ad11b41648b", "click(button 'Go')"),
        VerifiedActionCache(tmp_path / "v.sqlite", scope={"sites": "real", "fp": "fp1"}).key("omnizon", GOAL, "b97a1ad11b41648b", "start"),
        VerifiedActionCache(tmp_path / "v.sqlite").key("omnizon", GOAL, "b97a1ad11b41648b", "start"),
    ]
    assert base not in variants
    assert len(set(variants)) == len(variants)


def test_goal_normalization():
    assert normalize_goal("  Order me a Nice cooking pot!! ") == "order me a nice cooking pot"
    assert normalize_goal("Omnizon: order   me a nice,\ncooking pot.") == normalize_goal("omnizon order me a nice cooking pot.")
    assert normalize_goal("Email jane.smith@example.com about $40") == "email jane.smith@example.com about $40"
    assert normalize_goal("order 2 pots") != normalize_goal("order 3 pots")


def test_key_ignores_goal_case_punctuation_and_spacing(vac):
    fp = "b97a1ad11b41648b"
    assert vac.key("omnizon", GOAL, fp, "start") == vac.key(
        "omnizon", "  omnizon I need to cook for my friends' party; ORDER me a nice cooking pot ", fp, "start"
    )


def test_commit_then_lookup_binds_on_a_re_rendered_page(vac, page_summary, load_page, renumber):
    entries = _expert_entries(vac, page_summary, load_page, "omnizon-13", 7)
    assert vac.commit(entries) == 7
    # the product page step: 'Add to Cart'
    portable = vac.lookup(entries[3].key)
    assert portable == entries[3].action
    assert portable.name == "click" and portable.element.name == "Add to Cart"
    # a later visit to a product page whose bids were renumbered
    later = summarize(renumber(load_page("omnizon-24__4"), lambda b: str(int(b) + 300)))
    action = portable.bind(later.nodes)
    assert action == Action("click", (find(later.nodes, "button", "Add to Cart").bid,))
    assert action.bid == "390"
    # the search step replays with its text on the renumbered home page
    search = vac.lookup(entries[0].key).bind(summarize(renumber(load_page("omnizon-24__0"), lambda b: "n" + b)).nodes)
    assert search == Action("fill", ("n17", "cooking pot"))
    # a miss
    assert vac.lookup(vac.key("omnizon", "something else", entries[0].fingerprint, "start")) is None
    assert vac.stats() == {"entries": 7, "hits": 2, "invalidated": 0}


def test_bind_fails_when_the_element_is_not_on_the_page(vac, page_summary, load_page):
    entries = _expert_entries(vac, page_summary, load_page, "omnizon-13", 7)
    place_order = entries[5].action
    assert place_order.element.name == "Place your order"
    assert place_order.bind(page_summary("omnizon-13__0").nodes) is None


def test_the_same_page_before_and_after_replying_gets_two_entries(vac, page_summary, load_page):
    """gomail-23 steps 3 and 6: one open email (same fingerprint) where the right action differs; prev tells them apart."""
    entries = _expert_entries(vac, page_summary, load_page, "gomail-23", 11)
    assert entries[3].fingerprint == entries[6].fingerprint
    assert entries[3].key != entries[6].key
    assert vac.commit(entries) == 11
    assert vac.lookup(entries[3].key).element.name == "Reply"
    assert vac.lookup(entries[6].key).name == "fill"


def test_an_ambiguous_key_is_not_written(vac, page_summary):
    summary = page_summary("omnizon-13__3")
    key = vac.key("omnizon", GOAL, summary.fingerprint, "start")
    add = PortableAction.capture(Action("click", ("90",)), summary.nodes)
    buy = PortableAction.capture(Action("click", ("91",)), summary.nodes)
    other = vac.key("omnizon", GOAL, page_summary("omnizon-13__4").fingerprint, "start")
    proceed = PortableAction.capture(Action("click", ("83",)), page_summary("omnizon-13__4").nodes)
    written = vac.commit(
        [
            VacEntry(key, "omnizon", GOAL, summary.fingerprint, "start", add),
            VacEntry(other, "omnizon", GOAL, "fp", "start", proceed),
            VacEntry(key, "omnizon", GOAL, summary.fingerprint, "start", buy),
            VacEntry(key, "omnizon", GOAL, summary.fingerprint, "start", add),
        ]
    )
    assert written == 1
    assert vac.lookup(key) is None
    assert vac.lookup(other) == proceed
    # the same action twice at one key is not ambiguous
    assert vac.commit([VacEntry(key, "omnizon", GOAL, summary.fingerprint, "start", add)] * 2) == 1
    assert vac.lookup(key) == add


def test_recommitting_counts_verifications(vac, page_summary, load_page):
    entries = _expert_entries(vac, page_summary, load_page, "omnizon-13", 3)
    vac.commit(entries)
    vac.commit(entries[:1])
    verified = {e["key"]: e["verified"] for e in vac.entries()}
    assert verified[entries[0].key] == 2 and verified[entries[1].key] == 1


def test_invalidate_removes_the_entry_and_is_counted(vac, page_summary, load_page):
    entries = _expert_entries(vac, page_summary, load_page, "omnizon-13", 7)
    vac.commit(entries)
    vac.invalidate(entries[3].key, "postcondition failed: nothing changed on the page")
    assert vac.lookup(entries[3].key) is None
    assert vac.lookup(entries[4].key) is not None
    assert vac.stats()["entries"] == 6 and vac.stats()["invalidated"] == 1
    row = vac.con.execute("SELECT action, reason FROM vac_invalidated").fetchone()
    assert PortableAction.from_json(row[0]) == entries[3].action
    assert row[1] == "postcondition failed: nothing changed on the page"


def test_the_cache_survives_a_reopen(tmp_path, page_summary, load_page):
    path = tmp_path / "vac.sqlite"
    first = VerifiedActionCache(path, scope={"sites": "local"})
    entries = _expert_entries(first, page_summary, load_page, "omnizon-24", 8)
    assert first.commit(entries) == 8
    first.close()
    second = VerifiedActionCache(path, scope={"sites": "local"})
    try:
        assert second.key("omnizon", GOAL, "x", "start") == first.key("omnizon", GOAL, "x", "start")
        assert [second.lookup(e.key) for e in entries] == [e.action for e in entries]
        assert second.stats()["entries"] == 8
    finally:
        second.close()


def test_clear(vac, page_summary, load_page):
    entries = _expert_entries(vac, page_summary, load_page, "omnizon-13", 7)
    vac.commit(entries)
    vac.invalidate(entries[0].key, "stale")
    assert vac.clear() == 6
    assert vac.stats() == {"entries": 0, "hits": 0, "invalidated": 0}
    assert vac.lookup(entries[1].key) is None
    assert vac.entries() == []


def test_entries_describe_actions(vac, page_summary, load_page):
    vac.commit(_expert_entries(vac, page_summary, load_page, "omnizon-13", 7))
    vac.commit(_expert_entries(vac, page_summary, load_page, "gomail-16", 4))
    described = {e["action"] for e in vac.entries(site="omnizon")}
    assert "fill(searchbox 'Search Omnizon' in 'Go', 'cooking pot')" in described
    assert "click(button 'Place your order')" in described
    assert len(vac.entries(site="omnizon")) == 7 and len(vac.entries()) == 11
    assert all(e["site"] == "omnizon" and e["goal"] == normalize_goal(GOAL) for e in vac.entries(site="omnizon"))
    assert len(vac.entries(limit=3)) == 3


def test_a_corrupt_file_raises_cache_error(tmp_path):
    path = tmp_path / "vac.sqlite"
    path.write_bytes(b"this is not a database, just some garbage bytes\x00\x01\x02" * 200)
    cache = VerifiedActionCache(path)
    with pytest.raises(CacheError) as info:
        cache.lookup("k")
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message and message.endswith(".")
    assert message.count(": ") <= 2 and "delete it" in message
