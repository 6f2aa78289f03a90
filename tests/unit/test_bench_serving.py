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
