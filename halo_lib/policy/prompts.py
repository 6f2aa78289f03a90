"""The worker's and the manager's prompts, built from the goal, the page summary and the step history.

The worker (cheap, every step) gets the action grammar, one worked example, then the goal, its last actions
with their outcomes, the page, and the parser's complaint about its previous reply if there was one; it
answers `Action: <call>`. The manager (on high-stakes steps) gets the same context, the worker's proposal
and why it is being asked; it answers `APPROVE`, `REPLACE: <call>` or `ABORT: <reason>`.

These messages are exactly what the model sees; the step record stores them, and BC export reuses them.

    messages = worker_messages(goal, summary_text, history, feedback="")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS_HELP = """\
click(bid)                    click an element, e.g. click('12')
fill(bid, text)               type text into a text field (replaces what is there), e.g. fill('7', 'blue shoes')
select_option(bid, option)    choose an option of a combobox, e.g. select_option('31', '2')
press(bid, key)               press a key in an element, e.g. press('7', 'Enter')
scroll(dx, dy)                scroll the page, e.g. scroll(0, 600)
goto(url)                     open a URL
go_back()                     go back one page
send_msg_to_user(text)        when the task is done: give your final answer (this ends the task)
report_infeasible(reason)     when the task cannot be done (this ends the task)"""

WORKER_SYSTEM = f"""\
You are a web agent that completes tasks on websites. The page is listed as elements: [bid] role 'name' ...
You act with exactly one action per turn, using the bid of an element on the current page.

Actions:
{ACTIONS_HELP}

Reply with exactly one line: Action: <action>"""

EXAMPLE_USER = """\
Goal: Search the store for "desk lamp".

Previous actions: none

Page: 'Shop' at /
[4] link 'Home'
[7] searchbox 'Search'
[8] button 'Go'
heading 'Deals of the day'

Next action?"""
EXAMPLE_ASSISTANT = "Action: fill('7', 'desk lamp')"

MANAGER_SYSTEM = f"""\
You are the manager of a web agent. A worker proposes the next action on a web page; you check it because it
is high-stakes (it cannot be undone, or the worker is stuck or failing). Approve it, replace it with a better
action, or abort the task.

Actions the worker can take:
{ACTIONS_HELP}

Reply with exactly one line, one of:
APPROVE
REPLACE: <action>
ABORT: <reason>"""


@dataclass(frozen=True)
class HistoryItem:
    action: str
    outcome: str  # "ok", or what went wrong (browser error, failed postcondition)

    def line(self, index: int) -> str:
        return f"{index}. {self.action} -> {self.outcome}"


def _history_block(history: list[HistoryItem], limit: int) -> str:
    if not history:
        return "Previous actions: none"
    start = max(0, len(history) - limit)
    shown = [item.line(start + i + 1) for i, item in enumerate(history[start:])]
    more = f"({start} earlier actions not shown)\n" if start else ""
    return "Previous actions:\n" + more + "\n".join(shown)


def worker_messages(goal: str, page: str, history: list[HistoryItem], feedback: str = "", history_steps: int = 8) -> list[dict]:
    user = f"Goal: {goal}\n\n{_history_block(history, history_steps)}\n\n{page}\n\n"
    if feedback:
        user += f"Your previous reply was rejected: {feedback}\n"
    user += "Next action?"
    return [
        {"role": "system", "content": WORKER_SYSTEM},
        {"role": "user", "content": EXAMPLE_USER},
        {"role": "assistant", "content": EXAMPLE_ASSISTANT},
        {"role": "user", "content": user},
    ]


def manager_messages(
    goal: str, page: str, history: list[HistoryItem], proposal: str | None, reasons: list[str], history_steps: int = 8
) -> list[dict]:
    why = "; ".join(reasons)
    if proposal:
        ask = f"The worker proposes: {proposal}\nYou are asked because: {why}.\nAPPROVE, REPLACE: <action> or ABORT: <reason>?"
    else:
        ask = f"The worker could not produce a valid action ({why}).\nREPLACE: <action> or ABORT: <reason>?"
    user = f"Goal: {goal}\n\n{_history_block(history, history_steps)}\n\n{page}\n\n{ask}"
    return [{"role": "system", "content": MANAGER_SYSTEM}, {"role": "user", "content": user}]


@dataclass(frozen=True)
class Verdict:
    kind: str  # "approve" | "replace" | "abort" | "unparsed"
    text: str = ""  # the replacement action's text, or the abort reason


_VERDICT = re.compile(r"^\W*(APPROVE|REPLACE|ABORT)\b\W*(.*)$", re.IGNORECASE | re.DOTALL)


def parse_verdict(reply: str) -> Verdict:
    """The manager's verdict from the first line that starts with APPROVE, REPLACE or ABORT."""
    for line in (reply or "").strip().splitlines():
        match = _VERDICT.match(line.strip())
        if match:
            kind = match.group(1).lower()
            return Verdict(kind, match.group(2).strip())
    return Verdict("unparsed", (reply or "").strip()[:200])
