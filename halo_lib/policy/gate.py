"""The gate: decides when the manager must look at a step, and says why.

Reasons (each recorded with the step):
- "irreversible: <what>"  the action cannot be undone: the final answer or giving up, or a click/Enter on an
                           element named like place order, buy now, pay, purchase, send, delete, remove,
                           discard, submit, confirm, empty trash (the word within the name's first three words:
                           "Send", "Yes, delete", "Confirm and pay"; an email link whose preview says "can you
                           send me ..." only opens the email)
- "loop"                   the same action in the same state again (verify/loops.py), or a short state cycle
- "errors"                 the last `error_streak` steps failed (browser error or failed postcondition)
- "unparseable"            the worker's reply could not be parsed into a valid action

    reasons = gate_reasons(action, summary, loops, recent_failures, error_streak)
"""

from __future__ import annotations

import re

from halo_lib.obs.identity import by_bid
from halo_lib.obs.summary import ObsSummary
from halo_lib.policy.grammar import Action
from halo_lib.verify.loops import LoopDetector

IRREVERSIBLE_NAMES = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(place (your )?order|buy now|pay|purchase|send|delete|remove|discard|submit|confirm|empty trash)\b",
    re.IGNORECASE,
)


def irreversible(action: Action, summary: ObsSummary) -> str | None:
    """What makes `action` irreversible, or None."""
    if action.name == "send_msg_to_user":
        return "final answer"
    if action.name == "report_infeasible":
        return "giving up"
    if action.name == "click" or (action.name == "press" and str(action.args[1]).lower() == "enter"):
        node = by_bid(summary.nodes, action.bid or "")
        if node is not None and node.role in ("button", "link", "menuitem", "option") and IRREVERSIBLE_NAMES.search(node.name):
            return f"{node.role} {node.name[:60]!r}"
    return None


def gate_reasons(
    action: Action | None, summary: ObsSummary, loops: LoopDetector, recent_failures: list[bool], error_streak: int
) -> list[str]:
    """Why the manager must review this step ([] = it need not). `action` None means the worker gave no valid action."""
    reasons = []
    if action is None:
        return ["unparseable"]
    what = irreversible(action, summary)
    if what:
        reasons.append(f"irreversible: {what}")
    if loops.would_loop(summary.fingerprint, action.code()) or loops.cycling():
        reasons.append("loop")
    if error_streak > 0 and len(recent_failures) >= error_streak and all(recent_failures[-error_streak:]):
        reasons.append("errors")
    return reasons
