"""Ranked decoding (policy/ranked.py): the page's candidate actions, their packed scores, the chosen reply."""

from __future__ import annotations

import pytest

from halo_lib.agent.build import resolve_mode_backends
from halo_lib.config import AgentConfig, load_mode
from halo_lib.errors import HaloError
from halo_lib.policy.grammar import parse_action
from halo_lib.policy.prompts import worker_messages
from halo_lib.policy.ranked import REPLY_PREFIX, _finish, candidate_actions, page_elements, ranked_complete

PAGE = """Page: 'Shop' at /
[4] link 'Home'
[7] searchbox 'Search'
[8] button 'Go'
[9] combobox 'Sort by'
heading 'Deals of the day'
[12] link "Tony's lamps"
Next action?"""


def test_candidates_come_from_the_last_page_and_fit_each_role():
    prompt = "Goal: x\n\nPrevious actions:\n1. click('99') -> ok\n\nPage: 'Old' at /a\n[99] link 'Old'\n\n" + "\n" + PAGE
    assert page_elements(prompt) == [("4", "link"), ("7", "searchbox"), ("8", "button"), ("9", "combobox"), ("12", "link")]
    candidates = candidate_actions(page_elements(prompt))
    assert "click('99')" not in candidates  # the worked example's or an older page's bids are not on this page
    assert {c for c in candidates if c.startswith("fill(")} == {"fill('7', '", "fill('9', '"}
    assert {c for c in candidates if c.startswith("press(")} == {"press('7', 'Enter')", "press('9', 'Enter')"}
    assert [c for c in candidates if c.startswith("select_option(")] == ["select_option('9', '"]
    assert [c for c in candidates if c.startswith("click(")] == [f"click('{b}')" for b in ("4", "7", "8", "9", "12")]
    assert {"scroll(0, 600)", "go_back()", "send_msg_to_user('"} <= set(candidates)
    for candidate in candidates:  # every complete candidate is a valid action on this page
        if not candidate.endswith("'") or candidate.endswith("')"):
            parse_action(candidate, bids={"4", "7", "8", "9", "12"})


def test_an_open_candidate_and_its_argument_make_one_canonical_action():
    assert _finish("fill('7', '", "Tony's lamps") == "fill('7', \"Tony's lamps\")"
    assert _finish("send_msg_to_user('", "Done.") == "send_msg_to_user('Done.')"
    assert parse_action(_finish("select_option('9', '", "Price"), bids={"9"}).args == ("9", "Price")


@pytest.fixture(scope="module")
def base():
    from halo_lib.policy.backends import BackendSpec, LocalBackend

    return LocalBackend(BackendSpec("local", ""))


def _naive_logprob(backend, ids, continuation):
    import torch

    with torch.inference_mode():
        logits = backend.model(input_ids=torch.tensor([ids + continuation])).logits[0].float()
    logp = torch.log_softmax(logits, dim=-1)
    return float(sum(logp[len(ids) - 1 + j, t] for j, t in enumerate(continuation)))


def test_packed_scores_equal_scoring_each_continuation_alone(base):
    ids = base.prompt_ids(worker_messages("Search the store for lamps.", PAGE, []))
    texts = [REPLY_PREFIX + c for c in ("click('8')", "fill('7', '", "go_back()")] + ["A"]  # one single-token
    continuations = [base.tokenizer.encode(t, add_special_tokens=False) for t in texts]
    packed = base.continuation_logprobs(ids, continuations)
    alone = [_naive_logprob(base, ids, c) for c in continuations]
    assert packed == pytest.approx(alone, abs=2e-3)
    assert len(set(round(s, 2) for s in packed)) == len(packed)  # distinct: each was scored on its own tokens


def test_the_reply_is_the_best_scored_action_on_the_page(base):
    messages = worker_messages("Search the store for desk lamps.", PAGE, [])
    completion = ranked_complete(base, messages, max_tokens=16)
    action = parse_action(completion.text, bids={"4", "7", "8", "9", "12"})  # always one valid action on this page
    candidates = candidate_actions(page_elements(PAGE))
    ids = base.prompt_ids(messages)
    # the packed scores equal scoring alone (test above)
    scores = base.continuation_logprobs(ids, [base.tokenizer.encode(REPLY_PREFIX + c, add_special_tokens=False) for c in candidates])
    best = candidates[max(range(len(candidates)), key=scores.__getitem__)]
    assert action.code() == best or (best.endswith("'") and action.code().startswith(best.rstrip("'")))
    assert completion.prompt_tokens == len(ids) and completion.completion_tokens > 0
    # sampling among the candidates is seeded: the same seed, the same action
    drawn = [ranked_complete(base, messages, max_tokens=8, temperature=1.0, seed=7).text for _ in range(2)]
    assert drawn[0] == drawn[1]
    parse_action(drawn[0], bids={"4", "7", "8", "9", "12"})


def test_ranked_decoding_needs_the_in_process_model():
    with pytest.raises(HaloError, match="in-process model") as err:
        resolve_mode_backends(load_mode("qwen_worker_zero"), AgentConfig(worker_backend="vllm", worker_model="m", worker_decoding="ranked"))
    assert str(err.value).count(". ") <= 1
