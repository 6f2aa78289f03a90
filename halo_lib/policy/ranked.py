"""Ranked decoding: the worker picks its action among those the page allows, by the model's own likelihood.

A small model decoding freely spends its first tokens on the action's name and its bid before it has seen what
they commit it to (the CPU-trained BC worker answered `click` on 60 of 60 unseen pages, where the expert
filled a field on 22 and picked an option on 4). Here every action the page allows is written out from the page listing in the prompt
(the lines `[bid] role 'name'`):

    click(bid)                      every element with a bid
    fill(bid, '…  press(bid, 'Enter')   text fields (textbox, searchbox, combobox, spinbutton)
    select_option(bid, '…           comboboxes and list boxes
    scroll(0, 600)  scroll(0, -600)  go_back()  send_msg_to_user('…  report_infeasible('…

Each is scored as log P("Action: <candidate>" | prompt) in one packed pass (LocalBackend.continuation_logprobs);
the best wins, and when it ends in an open quote (a text argument), the argument is generated greedily after it
until the quote closes. The reply is therefore always one valid action on this page, and a trained policy's
choice between typing and clicking is made on the whole action, not on its first word.

Needs the in-process backend (the scores come from the model's logits); `AgentConfig.worker_decoding`.

    from halo_lib.policy.ranked import ranked_complete
    completion = ranked_complete(local_backend, worker_messages(goal, page, history))
"""

from __future__ import annotations

import re
import time
from typing import Any

from halo_lib.policy.backends import Completion, cut_at_stop, seeded_generator
from halo_lib.policy.grammar import Action

TEXT_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton"})
SELECT_ROLES = frozenset({"combobox", "listbox"})
PAGE_ELEMENT = re.compile(r"^\[([^\]\s]+)\] (\S+)", re.MULTILINE)
REPLY_PREFIX = "Action: "
OPEN = "'"  # a candidate ending in an open quote takes a generated text argument
ARGUMENT_END = ["')", "'\n"]  # where a generated text argument ends
WORKER_STOP = ["\n\n"]  # where the worker's free reply ends (one action line, perhaps a thought before it)
PAGE_FREE_ACTIONS = ("scroll(0, 600)", "scroll(0, -600)", "go_back()", "send_msg_to_user('", "report_infeasible('")


def page_elements(prompt: str) -> list[tuple[str, str]]:
    """(bid, role) of every element listed in the prompt's last page (after its last line starting `Page:`)."""
    start = prompt.rfind("\nPage:")
    page = prompt[start:] if start >= 0 else prompt
    return [(m.group(1), m.group(2)) for m in PAGE_ELEMENT.finditer(page)]


def candidate_actions(elements: list[tuple[str, str]]) -> list[str]:
    """Every action the listed elements allow (see module doc); those ending in `'` take a text argument."""
    out: list[str] = []
    for bid, role in elements:
        out.append(f"click({bid!r})")
        if role in TEXT_ROLES:
            out += [f"fill({bid!r}, {OPEN}", f"press({bid!r}, 'Enter')"]
        if role in SELECT_ROLES:
            out.append(f"select_option({bid!r}, {OPEN}")
    out += PAGE_FREE_ACTIONS
    return list(dict.fromkeys(out))


def _finish(head: str, argument: str) -> str:
    """The canonical call for an open candidate and its generated argument (quotes in it escaped by repr)."""
    name, _, rest = head.partition("(")
    fixed = re.findall(r"'([^']*)'", rest[: -len(OPEN)])  # the bid of fill and select_option
    return Action(name, (*fixed, argument)).code()


def ranked_complete(
    backend: Any, messages: list[dict[str, Any]], *, max_tokens: int = 64, temperature: float = 0.0, seed: int | None = None
) -> Completion:
    """The best-scoring action on the page in the last user message, as a Completion `Action: <call>`.

    At temperature > 0 (rollouts) the action is drawn from softmax(score / temperature) and its argument sampled."""
    import torch

    start = time.perf_counter()
    tokenizer = backend.tokenizer
    ids = backend.prompt_ids(messages)
    candidates = candidate_actions(page_elements(str(messages[-1]["content"])))
    encoded = [tokenizer.encode(REPLY_PREFIX + c, add_special_tokens=False) for c in candidates]
    scores = backend.continuation_logprobs(ids, encoded)
    if temperature > 0:
        probs = torch.softmax(torch.tensor(scores) / temperature, dim=0)
        best = int(torch.multinomial(probs, 1, generator=seeded_generator(seed)))
    else:
        best = max(range(len(candidates)), key=scores.__getitem__)
    head, generated = candidates[best], 0
    if head.endswith(OPEN):
        new, _, _ = backend.generate_ids(ids + encoded[best], max_tokens=max_tokens, temperature=temperature, stop=ARGUMENT_END, seed=seed)
        generated = len(new)
        argument, _ = cut_at_stop(backend.decode(new), ARGUMENT_END)
        action = _finish(head, argument.strip("\n"))
    else:
        action = head
    completion = Completion(
        text=REPLY_PREFIX + action,
        prompt_tokens=len(ids),
        completion_tokens=len(encoded[best]) + generated,
        latency_s=time.perf_counter() - start,
        model=backend.model_name() + " (ranked)",
        finish_reason="stop",
    )
    return backend._record(completion)


def worker_complete(
    backend: Any, messages: list[dict[str, Any]], *, decoding: str, max_tokens: int, temperature: float = 0.0, seed: int | None = None
) -> Completion:
    """The worker's reply under `decoding` (AgentConfig.worker_decoding): ranked, or the backend's free completion."""
    if decoding == "ranked":
        return ranked_complete(backend, messages, max_tokens=max_tokens, temperature=temperature, seed=seed)
    return backend.complete(messages, max_tokens=max_tokens, temperature=temperature, stop=WORKER_STOP, seed=seed)
