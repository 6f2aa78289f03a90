"""halo bench serving: the worker's real prompts through the in-process model in float32 and bfloat16 (the vLLM rows
need ./run.sh serve-env and run in tests/rl's heavy tests); bad input is one sentence."""

from __future__ import annotations

import pytest

from halo_lib.bench.serving import action_of, bench_serving, load_prompts
from halo_lib.errors import HaloError
from halo_lib.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "fixtures" / "rl" / "dataset" / "bc_val.jsonl"


def test_bad_prompt_files_are_one_sentence(tmp_path):
    with pytest.raises(HaloError, match="does not exist"):
        load_prompts(tmp_path / "nope.jsonl", 3)
    (tmp_path / "x.jsonl").write_text('{"chosen": 1}\n')
    with pytest.raises(HaloError, match="holds no BC rows"):
        load_prompts(tmp_path / "x.jsonl", 3)


def test_actions_are_compared_parsed():
    assert action_of("Action: click('12')") == action_of("click( '12' )\n") == "click('12',)"
    assert action_of("I think so").startswith("<unparsed>")


@pytest.mark.heavy  # loads the local model twice (fp32, bf16)
def test_in_process_float32_and_bfloat16_answer_the_same_prompts(tmp_path):
    report = bench_serving(str(DATA), n=2, out_dir=tmp_path)
    fp32, bf16 = report["rows"]
    assert (fp32["backend"], bf16["backend"]) == ("in-process float32", "in-process bfloat16")
    assert fp32["n"] == bf16["n"] == 2 and fp32["same_as_float32"] == 1.0 and 0.0 <= bf16["same_as_float32"] <= 1.0
    assert all(row["mean_s"] > 0 for row in report["rows"]) and report["machine"]["cores"] >= 1
    assert len(list(tmp_path.glob("bench_serving_*.json"))) == 1 and "| in-process bfloat16 | 1 |" in report["markdown"]


def _run(folder, episodes: dict[str, list[tuple[str, str]]]):
    """A run folder whose episodes hold these (action, page fingerprint) steps, each with the worker's reply."""
    import json

    (folder / "episodes").mkdir(parents=True)
    for name, steps in episodes.items():
        records = [{"type": "start", "task_id": name.split("__")[0]}]
        records += [
            {
                "type": "step",
                "step": i,
                "action": a,
                "source": "worker",
                "decision": {"fingerprint": f, "worker": [{"text": f"Action: {a}"}]},
            }
            for i, (a, f) in enumerate(steps)
        ]
        (folder / "episodes" / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records + [{"type": "end"}]))
    return folder


def test_episodes_are_compared_step_by_step_with_the_first_difference_and_its_page(tmp_path):
    from halo_lib.bench.serving import compare_steps, step_actions

    reference = step_actions(
        _run(
            tmp_path / "fp32",
            {"v2.a-1__0": [("click('1')", "p0"), ("click('2')", "p1"), ("fill('3', 'x')", "p2")], "v2.b-1__0": [("click('9')", "q0")]},
        )
    )
    other = step_actions(
        _run(tmp_path / "bf16", {"v2.a-1__0": [("click('1')", "p0"), ("click('4')", "p1")], "v2.b-1__0": [("click('9')", "q0")]})
    )
    assert reference["v2.a-1__0"][1] == {"action": "click('2')", "source": "worker", "fingerprint": "p1", "reply": "Action: click('2')"}
    a, b = compare_steps(reference, other)
    assert a["first_diff_step"] == 1 and a["same_steps"] == 1 and a["steps"] == [3, 2]
    assert (a["reference_action"], a["action"], a["same_page"]) == ("click('2')", "click('4')", True)  # same page: the model differs
    assert b == {"episode": "v2.b-1__0", "steps": [1, 1], "same_steps": 1, "first_diff_step": None}
    shorter = compare_steps(reference, step_actions(_run(tmp_path / "short", {"v2.a-1__0": [("click('1')", "p0")]})))
    assert shorter[0]["first_diff_step"] == 1 and shorter[0]["action"] == "(episode ended)"
    assert shorter[1] == {"episode": "v2.b-1__0", "first_diff_step": None, "missing": True}


def test_serving_needs_prompts_or_tasks_and_episodes_need_an_adapter(tmp_path):
    from halo_lib.bench.serving import bench_episodes

    with pytest.raises(HaloError, match="Give --data"):
        bench_serving("", tasks="")
    with pytest.raises(HaloError, match="need a trained adapter"):
        bench_episodes("v2.gomail-1", "", 2, False, [1, 2], tmp_path)


def test_parallel_levels_are_one_and_each_count_given():
    from halo_lib.bench.serving import parallel_levels

    assert parallel_levels(2) == [1, 2]
    assert parallel_levels("4,2") == [1, 2, 4]
    assert parallel_levels([1]) == [1]
    with pytest.raises(HaloError, match="is not a count"):
        parallel_levels("two")
    with pytest.raises(HaloError, match="under 1"):
        parallel_levels("0,2")
