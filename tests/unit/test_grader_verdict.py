"""What an episode records of agisdk's grader: SUCCESS, FAILURE, or a crash (never counted as a plain 0)."""

from __future__ import annotations

from halo_lib.runner.episode import grader_verdict


def script(ok: bool, output: str, return_code: int = 0, stderr: str | None = None) -> tuple:
    return ok, {"script": "eval_x_1.py", "output": output, "stderr": stderr, "return_code": return_code}


def test_verdicts_from_agisdk_results():
    assert grader_verdict(None) is None and grader_verdict({"env_state": {}}) is None
    assert grader_verdict({"results": [script(True, "SUCCESS")]}) == "SUCCESS"
    assert grader_verdict({"results": [script(False, "FAILURE: no order")]}) == "FAILURE"
    crashed = grader_verdict({"results": [script(False, "", 1, "Traceback ...\nKeyError: 'orders'")]})
    assert crashed == "crashed: eval_x_1.py: KeyError: 'orders'"
    assert grader_verdict({"results": [script(False, "")]}).startswith("crashed: eval_x_1.py: no SUCCESS or FAILURE")
    timed_out = grader_verdict({"results": [(False, {"error": "Script eval_x_1.py timed out after 30 seconds", "script": "eval_x_1.py"})]})
    assert timed_out.startswith("crashed") and "timed out" in timed_out
    assert grader_verdict({"results": [script(True, "SUCCESS"), (False, "llm said no")]}) == "FAILURE"
