"""State diffs in the exact shapes REAL's v2 eval scripts read.

`detailed_diff(initial, final)` -> `{"added", "updated", "deleted"}` with the semantics of the JavaScript
library deep-object-diff's `detailedDiff`, which REAL's Next.js clones report as `initialfinaldiff`:
- `added`: paths absent initially, with the whole new subtree; arrays are walked like objects keyed by
  index, so an element appended to an existing list appears as `{"<index>": {...}}`, while a list under a
  new key stays a list;
- `updated`: paths present in both whose value changed (leaf values; a scalar that became an object gives
  the whole object);
- `deleted`: paths present only initially. deep-object-diff marks them `undefined`, which JSON.stringify
  drops, so a deleted leaf leaves only its (now empty) parent object; we reproduce that JSON exactly.

`collection_diff(initial, final)` compares two id-keyed collections (`{"<id>": item}`) and returns the list
style that gomail's `differences.<collection>` uses: `added` (full new items), `updated`
(`{"id", <changed top-level fields>}`), `deleted` (full removed items).

    >>> detailed_diff({"a": [1], "b": {"c": 1}}, {"a": [1, 2], "b": {"c": 2}, "d": [3]})
    {'added': {'a': {'1': 2}, 'd': [3]}, 'updated': {'b': {'c': 2}}, 'deleted': {}}
"""

from __future__ import annotations

from typing import Any

_UNDEFINED = object()  # deep-object-diff's `undefined`: dropped when serialized


def _is_object(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _keys(value: dict | list) -> list[str]:
    return [str(i) for i in range(len(value))] if isinstance(value, list) else list(value.keys())


def _has(value: dict | list, key: str) -> bool:
    if isinstance(value, list):
        return key.isdigit() and int(key) < len(value)
    return key in value


def _get(value: dict | list, key: str) -> Any:
    return value[int(key)] if isinstance(value, list) else value[key]


def same(a: Any, b: Any) -> bool:
    """JavaScript `===` on JSON values, extended structurally (a deep copy never shares identity)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def _empty_object(value: Any) -> bool:
    return _is_object(value) and len(value) == 0


def added_diff(lhs: Any, rhs: Any) -> dict:
    if same(lhs, rhs) or not _is_object(lhs) or not _is_object(rhs):
        return {}
    out: dict[str, Any] = {}
    for key in _keys(rhs):
        if _has(lhs, key):
            difference = added_diff(_get(lhs, key), _get(rhs, key))
            if _is_object(difference) and not difference:
                continue
            out[key] = difference
        else:
            out[key] = _get(rhs, key)
    return out


def updated_diff(lhs: Any, rhs: Any) -> Any:
    if same(lhs, rhs):
        return {}
    if not _is_object(lhs) or not _is_object(rhs):
        return rhs
    out: dict[str, Any] = {}
    for key in _keys(rhs):
        if not _has(lhs, key):
            continue
        left, right = _get(lhs, key), _get(rhs, key)
        difference = updated_diff(left, right)
        if _empty_object(difference) and (_empty_object(left) or not _empty_object(right)):
            continue
        out[key] = difference
    return out


def deleted_diff(lhs: Any, rhs: Any) -> dict:
    if same(lhs, rhs) or not _is_object(lhs) or not _is_object(rhs):
        return {}
    out: dict[str, Any] = {}
    for key in _keys(lhs):
        if _has(rhs, key):
            difference = deleted_diff(_get(lhs, key), _get(rhs, key))
            if _is_object(difference) and not difference:
                continue
            out[key] = difference
        else:
            out[key] = _UNDEFINED
    return out


def _drop_undefined(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_undefined(v) for k, v in value.items() if v is not _UNDEFINED}
    if isinstance(value, list):
        return [None if v is _UNDEFINED else _drop_undefined(v) for v in value]
    return value


def detailed_diff(initial: Any, final: Any) -> dict[str, Any]:
    """deep-object-diff's detailedDiff, as its JSON would read."""
    return {
        "added": _drop_undefined(added_diff(initial, final)),
        "updated": _drop_undefined(updated_diff(initial, final)),
        "deleted": _drop_undefined(deleted_diff(initial, final)),
    }


def collection_diff(initial: dict[str, dict], final: dict[str, dict]) -> dict[str, list[dict]]:
    """Item-level diff of two id-keyed collections (gomail's `differences.emails` shape)."""
    added = [item for key, item in final.items() if key not in initial]
    deleted = [item for key, item in initial.items() if key not in final]
    updated = []
    for key, item in final.items():
        before = initial.get(key)
        if before is None:
            continue
        changed = {field: value for field, value in item.items() if field not in before or not same(before[field], value)}
        if changed:
            updated.append({"id": item.get("id", key), **changed})
    return {"added": added, "updated": updated, "deleted": deleted}
