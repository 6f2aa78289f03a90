"""LLM backends for real: the dequantized local model, a LoRA adapter, `transformers serve` on loopback,
and the HTTP client's retries against tiny loopback servers (no mocks of the model or of HTTP)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from halo_lib.errors import HaloError
from halo_lib.policy import local_model
from halo_lib.policy.backends import BackendError, BackendSpec, LocalBackend, OpenAIBackend, make_backend
from halo_lib.policy.local_server import serve_local_model
from halo_lib.ports import free_port
from halo_lib.policy.local_model import ensure_local_model

FAKE_KEY = "sk-test-DO-NOT-LEAK-0123456789abcdef"
QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]
POEM = [{"role": "user", "content": "Write a long poem about the sea."}]


# ---------------------------------------------------------------- local model


@pytest.fixture(scope="module")
def model_dir():
    return ensure_local_model()


@pytest.fixture(scope="module")
def base(model_dir):
    return LocalBackend(BackendSpec("local", ""))


@pytest.mark.slow
def test_dequantized_folder_loads_and_second_call_returns_at_once(model_dir):
    from transformers import AutoConfig

    assert AutoConfig.from_pretrained(model_dir, local_files_only=True).model_type == "llama"
    weights = model_dir / "model.safetensors"
    before = (model_dir.stat().st_mtime_ns, weights.stat().st_mtime_ns)
    start = time.perf_counter()
    assert ensure_local_model() == model_dir
    assert time.perf_counter() - start < 2
    assert (model_dir.stat().st_mtime_ns, weights.stat().st_mtime_ns) == before


@pytest.mark.slow
def test_parallel_processes_dequantize_once(tmp_path):
    code = "import sys; from halo_lib.policy.local_model import ensure_local_model; print(ensure_local_model(sys.argv[1]))"
    dest = tmp_path / "model"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(dest)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=180) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert [out.strip() for out, _ in outputs] == [str(dest)] * 2
    assert sum("de-quantizing GGUF" in err for _, err in outputs) == 1  # the other process waited on the lock
    assert local_model.is_ready(dest) and [p.name for p in tmp_path.iterdir() if p.name != ".model.lock"] == ["model"]


def test_missing_model_package_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(local_model, "GGUF_PACKAGE", "halo_no_such_package")
    with pytest.raises(HaloError, match=r"run\.sh setup"):
        ensure_local_model(tmp_path / "model")
    assert not (tmp_path / "model").exists()


@pytest.mark.slow
def test_local_generation_counts_tokens_exactly(base):
    done = base.complete(POEM, max_tokens=8)
    assert done.text.strip() and done.finish_reason == "length"
    assert done.prompt_tokens == len(base.tokenizer.apply_chat_template(POEM, add_generation_prompt=True, return_dict=False))
    assert done.completion_tokens == 8 == len(base.tokenizer(done.text, add_special_tokens=False).input_ids)
    assert done.latency_s > 0 and done.attempts == 1


@pytest.mark.slow
def test_local_greedy_matches_transformers_generate(base):
    import torch

    done = base.complete(QUESTION, max_tokens=24)
    assert "Paris" in done.text and done.finish_reason == "stop"  # ended by the end-of-turn token
    prompt = torch.tensor([base.prompt_ids(QUESTION)], device=base.device)  # on the model's device (cuda or cpu)
    reference = base.model.generate(prompt, max_new_tokens=24, do_sample=False)[0, prompt.shape[1] :]
    assert done.text == base.tokenizer.decode(reference, skip_special_tokens=True)
    assert done.completion_tokens == len(reference)  # the end-of-turn token counts


@pytest.mark.slow
def test_local_stop_strings_and_seeded_sampling(base):
    calls_before = base.usage.calls
    cut = base.complete(QUESTION, max_tokens=24, stop=["Paris"])
    assert "Paris" not in cut.text and cut.text.startswith("The capital") and cut.finish_reason == "stop"
    a = base.complete(POEM, max_tokens=12, temperature=1.0, seed=7)
    b = base.complete(POEM, max_tokens=12, temperature=1.0, seed=7)
    others = {base.complete(POEM, max_tokens=12, temperature=1.5, seed=s).text for s in (1, 2, 3)}
    assert a.text == b.text and len(others | {a.text}) > 1
    assert base.usage.calls == calls_before + 6
    import torch

    assert base.describe() == f"local SmolLM2-135M-Instruct on {'cuda' if torch.cuda.is_available() else 'cpu'}"


@pytest.mark.slow
def test_local_models_are_shared_within_a_process(base):
    again = make_backend(BackendSpec("local", str(base.folder)))
    assert again.model is base.model and again.usage.calls == 0


@pytest.fixture(scope="module")
def adapter_dir(model_dir, tmp_path_factory):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32, local_files_only=True)
    config = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False, task_type="CAUSAL_LM")
    out = tmp_path_factory.mktemp("lora") / "adapter"
    get_peft_model(model, config).save_pretrained(out)
    return out


@pytest.mark.slow
def test_lora_adapter_loads_and_changes_the_output(base, adapter_dir):
    import torch

    tuned = LocalBackend(BackendSpec("local", "", adapter=str(adapter_dir)))
    assert tuned.model is not base.model and "adapter" in tuned.describe()
    prompt = torch.tensor([base.prompt_ids(POEM)], device=base.device)
    with torch.inference_mode():
        delta = (tuned.model(input_ids=prompt).logits - base.model(input_ids=prompt).logits).abs().max()
    assert delta > 1e-2
    assert tuned.complete(POEM, max_tokens=16).text != base.complete(POEM, max_tokens=16).text


@pytest.mark.slow
def test_batched_greedy_replies_are_the_single_prompt_replies(base):
    # prompts of different lengths, so the shorter ones are left-padded in the batch
    conversations = [
        POEM,
        [{"role": "user", "content": "Name one colour."}],
        [
            {"role": "system", "content": "You answer with one action."},
            {"role": "user", "content": "Page: [12] button 'Search'. Next action?"},
        ],
    ]
    alone = [base.complete(c, max_tokens=24, stop=["\n\n"]).text for c in conversations]
    assert base.greedy_texts(conversations, max_tokens=24, stop=["\n\n"], batch_size=2) == alone
    assert len(set(alone)) == 3


# ---------------------------------------------------------------- transformers serve on loopback


@pytest.fixture(scope="module")
def served(model_dir):
    with serve_local_model(model_dir, timeout_s=90) as url:
        yield url


@pytest.mark.slow
def test_openai_backend_against_transformers_serve(served, model_dir, base, monkeypatch):
    monkeypatch.delenv("HALO_TEST_NO_KEY", raising=False)
    llm = make_backend(BackendSpec("openai", str(model_dir), base_url=served, api_key_env="HALO_TEST_NO_KEY"))
    assert isinstance(llm, OpenAIBackend)
    done = llm.complete(QUESTION, max_tokens=24)
    local = base.complete(QUESTION, max_tokens=24)
    assert "Paris" in done.text and done.text.strip() == local.text.strip()  # same weights, greedy both ways
    assert done.prompt_tokens == local.prompt_tokens and 0 < done.completion_tokens <= 24
    assert 0 < done.latency_s < 30 and done.attempts == 1 and done.model == str(model_dir)
    cut = llm.complete(QUESTION, max_tokens=24, stop=["Paris"])  # the server keeps the stop string; we cut it
    assert "Paris" not in cut.text and cut.text.startswith("The capital")
    assert llm.usage.calls == 2 and llm.usage.completion_tokens == done.completion_tokens + cut.completion_tokens
    wrong = OpenAIBackend(BackendSpec("openai", "no-such-model", base_url=served, api_key_env="HALO_TEST_NO_KEY"))
    with pytest.raises(BackendError, match=r"refused the request for model 'no-such-model' \(HTTP 400: .*pinned"):
        wrong.complete(QUESTION)


# ---------------------------------------------------------------- retries against tiny loopback servers


CHAT_JSON = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 0,
    "model": "tiny-test",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "click('12')"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 11, "completion_tokens": 5, "total_tokens": 16},
}


@pytest.fixture
def scripted_server():
    """A loopback HTTP server answering POSTs with a scripted list of (status, body); yields (url, seen)."""
    script: list[tuple[int, dict]] = []
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            status, body = script.pop(0) if len(script) > 1 else script[0]
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", script, seen
    server.shutdown()
    server.server_close()


def spec_for(url: str, **kw) -> BackendSpec:
    return BackendSpec("openai", "tiny-test", base_url=url, **{"timeout_s": 5.0, "backoff_s": 0.01, **kw})


def test_retries_on_5xx_then_succeeds(scripted_server):
    url, script, seen = scripted_server
    error = {"error": {"message": "overloaded", "type": "server_error"}}
    script.extend([(500, error), (500, error), (200, CHAT_JSON)])
    done = OpenAIBackend(spec_for(url)).complete(QUESTION, max_tokens=7, stop=["\n"], seed=3)
    assert done.attempts == 3 and len(seen) == 3
    assert (done.text, done.prompt_tokens, done.completion_tokens, done.model) == ("click('12')", 11, 5, "tiny-test")
    assert seen[-1]["max_tokens"] == 7 and seen[-1]["stop"] == ["\n"] and seen[-1]["seed"] == 3


def test_server_without_usage_gets_estimated_tokens(scripted_server):
    url, script, _ = scripted_server
    script.append((200, {k: v for k, v in CHAT_JSON.items() if k != "usage"}))
    done = OpenAIBackend(spec_for(url)).complete(QUESTION)
    assert done.completion_tokens == len("click('12')") // 4 and done.prompt_tokens > 0


def test_client_errors_are_not_retried_and_never_show_the_key(scripted_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    url, script, seen = scripted_server
    script.append((401, {"error": {"message": f"Incorrect API key provided: {FAKE_KEY}", "type": "invalid_request"}}))
    with pytest.raises(BackendError) as err:
        OpenAIBackend(spec_for(url)).complete(QUESTION)
    assert len(seen) == 1 and err.value.status == 401 and err.value.attempts == 1
    assert "OPENAI_API_KEY" in str(err.value) and FAKE_KEY not in "".join(traceback.format_exception(err.value))
    script[0] = (400, {"error": {"message": "max_tokens is too large", "type": "invalid_request_error"}})
    with pytest.raises(BackendError, match="HTTP 400: max_tokens is too large"):
        OpenAIBackend(spec_for(url)).complete(QUESTION)
    assert len(seen) == 2


def test_server_that_never_answers_times_out_in_bounded_time():
    with socket.socket() as silent:  # accepts connections (kernel backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        start = time.perf_counter()
        with pytest.raises(BackendError, match="did not answer within 0.5 s after 2 attempts"):
            OpenAIBackend(spec_for(url, timeout_s=0.5, max_retries=1)).complete(QUESTION)
        assert time.perf_counter() - start < 5


def test_unreachable_server_is_one_sentence_without_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    with pytest.raises(BackendError) as err:
        OpenAIBackend(spec_for(url, max_retries=2)).complete(QUESTION)
    message = str(err.value)
    assert message == f"LLM server at {url} is unreachable after 3 attempts."
    assert FAKE_KEY not in "".join(traceback.format_exception(err.value)) and err.value.attempts == 3
