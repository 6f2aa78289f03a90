"""Training precision (TrainCommon.precision): auto picks bfloat16 on a GPU that has it and on a CPU whose flags
show native bf16 instructions, float32 elsewhere; a wrong value is one sentence.

    .venv/bin/python -m pytest tests/unit/test_precision.py -q
"""

from __future__ import annotations

import pytest

from halo_lib.errors import HaloError
from halo_lib.rl.common import cpu_has_native_bf16, use_bf16


def _cpuinfo(tmp_path, flags: str):
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nflags\t\t: fpu sse avx2 {flags}\n")
    return path


@pytest.mark.parametrize(
    "flags, native", [("avx512f avx512_bf16", True), ("amx_tile amx_bf16", True), ("avx512f avx512bw", False), ("", False)]
)
def test_native_bf16_is_read_from_the_cpu_flags(tmp_path, flags, native):
    assert cpu_has_native_bf16(_cpuinfo(tmp_path, flags)) is native
    assert use_bf16("auto", _cpuinfo(tmp_path, flags)) is native  # no GPU in this suite


def test_an_explicit_precision_wins_and_a_wrong_one_is_one_sentence(tmp_path):
    plain = _cpuinfo(tmp_path, "avx2")
    assert use_bf16("bf16", plain) is True and use_bf16("fp32", _cpuinfo(tmp_path, "avx512_bf16")) is False
    assert cpu_has_native_bf16(tmp_path / "missing") is False
    with pytest.raises(HaloError, match=r"^Unknown precision 'fp16': use auto, bf16 or fp32\.$"):
        use_bf16("fp16", plain)
