"""detailed_diff follows deep-object-diff's detailedDiff as serialized by JSON.stringify; collection_diff is
gomail's list-style differences."""

from halo_lib.sites.diff import collection_diff, detailed_diff


def test_appended_list_element_is_keyed_by_index():
    diff = detailed_diff({"order": {"orders": []}}, {"order": {"orders": [{"id": "1"}]}})
    assert diff["added"] == {"order": {"orders": {"0": {"id": "1"}}}}
    assert diff["updated"] == {}
    assert diff["deleted"] == {}


def test_list_under_a_new_key_stays_a_list():
    diff = detailed_diff({}, {"ride": {"trips": [1, 2]}})
    assert diff["added"] == {"ride": {"trips": [1, 2]}}


def test_changed_leaf_is_updated_and_new_key_is_added():
    before = {"router": {"location": {"pathname": "/"}}, "emails": {"3": {"trash": False}}}
    after = {"router": {"location": {"pathname": "/confirmation"}}, "emails": {"3": {"trash": True, "x": 1}}}
    diff = detailed_diff(before, after)
    assert diff["updated"] == {"router": {"location": {"pathname": "/confirmation"}}, "emails": {"3": {"trash": True}}}
    assert diff["added"] == {"emails": {"3": {"x": 1}}}


def test_bool_and_int_are_different_values():
    assert detailed_diff({"a": 1}, {"a": True})["updated"] == {"a": True}
    assert detailed_diff({"a": 1}, {"a": 1.0})["updated"] == {}


def test_scalar_that_becomes_an_object_is_updated_whole():
    assert detailed_diff({"a": "x"}, {"a": {"b": 1}})["updated"] == {"a": {"b": 1}}


def test_emptied_list_is_an_updated_empty_object():
    diff = detailed_diff({"cart": {"items": [1, 2]}}, {"cart": {"items": []}})
    assert diff["updated"] == {"cart": {"items": {}}}


def test_deleted_leaves_only_the_parent_like_json_stringify():
    diff = detailed_diff({"email": {"emails": {"52": {"id": "52"}, "53": {"id": "53"}}}}, {"email": {"emails": {"53": {"id": "53"}}}})
    assert diff["deleted"] == {"email": {"emails": {}}}


def test_no_change_gives_three_empty_sections():
    state = {"a": [1, {"b": None}], "c": ""}
    assert detailed_diff(state, {"a": [1, {"b": None}], "c": ""}) == {"added": {}, "updated": {}, "deleted": {}}


def test_collection_diff_lists_added_changed_fields_and_deleted():
    before = {"1": {"id": "1", "isRead": False, "trash": False}, "2": {"id": "2", "subject": "hi"}}
    after = {"1": {"id": "1", "isRead": True, "trash": False}, "9": {"id": "9", "subject": "new"}}
    diff = collection_diff(before, after)
    assert diff["added"] == [{"id": "9", "subject": "new"}]
    assert diff["updated"] == [{"id": "1", "isRead": True}]
    assert diff["deleted"] == [{"id": "2", "subject": "hi"}]
