"""LLM backends for the worker and manager: an OpenAI-compatible HTTP client and an in-process local model.

`resolve_backend(role, ...)` turns a role ("small" worker, "large" manager, "open" worker) plus the
environment into a `BackendSpec` (hashable, loggable: it names the API key's env var, never the key);
`make_backend(spec)` builds the object whose `complete(messages, ...)` returns a `Completion`.

    from halo_lib.policy.backends import resolve_backend, make_backend
    llm = make_backend(resolve_backend("open"))  # local SmolLM2-135M-Instruct unless configured otherwise
    print(llm.complete([{"role": "user", "content": "Say hi"}], max_tokens=16).text)

Environment (role "open"): HALO_WORKER_BACKEND = local | openai | vllm, HALO_WORKER_MODEL, HALO_VLLM_URL,
HALO_VLLM_API_KEY; roles "small"/"large" use OpenAI (gpt-4o-mini / gpt-4o) when OPENAI_API_KEY is set.
"""

from __future__ import annotations

import os
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping

from halo_lib.errors import HaloError

Role = Literal["small", "large", "open"]
BACKEND_NAMES = ("auto", "local", "openai", "vllm")
OPENAI_DEFAULT_MODELS = {"small": "gpt-4o-mini", "large": "gpt-4o", "open": "gpt-4o-mini"}
DEFAULT_VLLM_URL = "http://localhost:8000/v1"


@dataclass(frozen=True)
class BackendSpec:
    """Which LLM to call and how; safe to hash and log (it holds the key's env var name, not the key)."""

    kind: Literal["openai", "local"]  # "openai": any OpenAI-compatible HTTP server; "local": transformers in-process
    model: str  # openai: the model id sent to the server; local: an HF model folder ("" = the default local model)
    base_url: str = ""  # openai: the server's URL ending in /v1 ("" = OpenAI's own API)
    api_key_env: str = "OPENAI_API_KEY"  # NAME of the env var holding the API key (absent: "EMPTY" is sent)
    adapter: str = ""  # LoRA adapter: local: a peft folder; vllm: the served LoRA module name (sent as the model)
    timeout_s: float = 60.0  # openai: per-request timeout
    max_retries: int = 3  # openai: retries after the first attempt on connection errors, timeouts, 429, 5xx
    backoff_s: float = 1.0  # openai: first retry waits this long, then doubles each retry
    dtype: str = "auto"  # local: "float32" | "bfloat16" | "auto" (bfloat16 on CUDA, float32 on CPU)


def resolve_backend(
    role: Role,
    *,
    backend: str = "auto",
    model: str = "",
    adapter: str = "",
    vllm_url: str = "",
    environ: Mapping[str, str] | None = None,
) -> BackendSpec:
    """The backend for `role`: explicit arguments first, then env vars, then the defaults (see module doc)."""
    env = os.environ if environ is None else environ
    if role not in OPENAI_DEFAULT_MODELS:
        raise HaloError(f"Unknown LLM role '{role}': use one of small, large, open.")
    name = backend or "auto"
    if role == "open" and name == "auto":
        name = env.get("HALO_WORKER_BACKEND", "") or "auto"
    if name not in BACKEND_NAMES:
        raise HaloError(f"Unknown LLM backend '{name}': use one of {', '.join(BACKEND_NAMES)}.")
    if role == "open":
        model = model or env.get("HALO_WORKER_MODEL", "")
    has_key = bool(env.get("OPENAI_API_KEY"))
    if name == "auto":
        name = "openai" if role != "open" and has_key else "local"

    if name == "vllm":
        # vLLM serves a LoRA module under the name given to --lora-modules NAME=PATH: HALO_WORKER_MODEL (the
        # seed's convention) or else the adapter folder's name
        served = model or (Path(adapter).name if adapter else "")
        if not served:
            raise HaloError("The vllm backend needs the served model's name: set HALO_WORKER_MODEL or pass --model.")
        url = vllm_url or env.get("HALO_VLLM_URL", "") or DEFAULT_VLLM_URL
        return BackendSpec("openai", served, base_url=url, api_key_env="HALO_VLLM_API_KEY", adapter=adapter)
    if name == "openai":
        if not has_key:
            raise HaloError(
                "The openai backend needs an API key: set OPENAI_API_KEY or run on the local model (halo eval --worker-backend local, or unset HALO_WORKER_BACKEND)."
            )
        if adapter:
            raise HaloError(f"OpenAI cannot load the local LoRA adapter '{adapter}': use the local or vllm backend, or drop the adapter.")
        return BackendSpec("openai", model or OPENAI_DEFAULT_MODELS[role], base_url=env.get("OPENAI_BASE_URL", ""))
    if adapter and not (Path(adapter) / "adapter_config.json").is_file():
        raise HaloError(
            f"LoRA adapter folder '{adapter}' does not exist (no adapter_config.json): train it first, "
            "or set the adapter to '' to use the base model."
        )
    return BackendSpec("local", model, adapter=adapter)


@dataclass
class Completion:
    """One answer from a backend."""

    text: str  # the generated text, cut before the first stop string
    prompt_tokens: int
    completion_tokens: int  # tokens the model generated (an end-of-turn token included)
    latency_s: float  # wall time of the whole call, retries and backoff included
    model: str  # what answered (the server's model id, or the local folder [+ adapter])
    attempts: int = 1  # HTTP attempts it took (1 = no retry); always 1 for the local backend
    finish_reason: str = ""  # "stop" (end of turn or a stop string) or "length" (max_tokens reached)


@dataclass
class Usage:
    """Cumulative usage of one backend object."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0

    def add(self, completion: Completion) -> None:
        self.calls += 1
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        self.latency_s += completion.latency_s


class BackendError(RuntimeError):
    """An LLM call failed at run time (server down, timeout, refused request); the message is one sentence."""

    def __init__(self, message: str, *, attempts: int = 0, status: int | None = None):
        super().__init__(message)
        self.attempts = attempts
        self.status = status


class Backend:
    """What the agent calls: `complete(messages, ...) -> Completion`, cumulative `usage`, `describe()`."""

    spec: BackendSpec

    def __init__(self, spec: BackendSpec):
        self.spec = spec
        self.usage = Usage()

    def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 64,
        temperature: float = 0.0,
        stop: list[str] | None = None,
        seed: int | None = None,
    ) -> Completion:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def _record(self, completion: Completion) -> Completion:
        self.usage.add(completion)
        return completion


def cut_at_stop(text: str, stop: list[str] | None) -> tuple[str, bool]:
    """`text` cut before the earliest stop string, and whether one was found."""
    cuts = [text.find(s) for s in stop or [] if s and s in text]
    return (text[: min(cuts)], True) if cuts else (text, False)


# ---------------------------------------------------------------- OpenAI-compatible HTTP servers


class OpenAIBackend(Backend):
    """Chat completions over HTTP (OpenAI, vLLM, `transformers serve`, llama.cpp...), with retries."""

    def __init__(self, spec: BackendSpec):
        import openai

        super().__init__(spec)
        self._key = os.environ.get(spec.api_key_env, "") or "EMPTY"
        self.base_url = spec.base_url or "https://api.openai.com/v1"
        # retries are ours (counted, bounded, only on transient errors), so the client's own are off
        self._client = openai.OpenAI(api_key=self._key, base_url=self.base_url, timeout=spec.timeout_s, max_retries=0)

    def describe(self) -> str:
        return f"openai-compatible {self.spec.model} at {self.base_url}"

    def complete(self, messages, *, max_tokens=64, temperature=0.0, stop=None, seed=None) -> Completion:
        import openai

        kwargs: dict[str, Any] = dict(model=self.spec.model, messages=messages, max_tokens=max_tokens, temperature=temperature)
        if stop:
            kwargs["stop"] = list(stop)
        if seed is not None:
            kwargs["seed"] = seed
        start = time.perf_counter()
        attempts = 0
        while True:
            attempts += 1
            try:
                response = self._client.chat.completions.create(**kwargs)
                break
            except openai.APIStatusError as err:
                status = err.status_code
                if status not in (408, 429) and status < 500:
                    raise BackendError(self._refused(status, err), attempts=attempts, status=status) from None
                failure, last_status = f"answered HTTP {status}", status
            except openai.APIConnectionError as err:  # includes APITimeoutError
                timed_out = isinstance(err, openai.APITimeoutError)
                failure = f"did not answer within {self.spec.timeout_s:g} s" if timed_out else "is unreachable"
                last_status = None
            except (openai.APIResponseValidationError, ValueError) as err:  # a body that is not a chat completion
                # not retried: a server that answers garbage once will do it again; the body is left out (it may
                # echo request headers, the key among them)
                raise BackendError(
                    f"LLM server at {self.base_url} answered with something that is not an OpenAI chat completion "
                    f"({type(err).__name__}): check that the URL points at an OpenAI-compatible /v1 endpoint.",
                    attempts=attempts,
                ) from None
            if attempts > self.spec.max_retries:
                raise BackendError(
                    f"LLM server at {self.base_url} {failure} after {attempts} attempts.",
                    attempts=attempts,
                    status=last_status,
                ) from None
            delay = self.spec.backoff_s * 2 ** (attempts - 1)
            time.sleep(delay * (0.75 + 0.5 * random.random()))  # jitter: parallel workers don't retry in step

        latency = time.perf_counter() - start
        if isinstance(response, (str, bytes)) or not getattr(response, "choices", None):
            raise BackendError(f"LLM server at {self.base_url} answered without any choice.", attempts=attempts)
        choice = response.choices[0]
        raw = choice.message.content or ""
        text, stopped = cut_at_stop(raw, stop)  # some servers (transformers serve) keep the stop string
        usage = response.usage
        prompt_tokens = usage.prompt_tokens if usage else sum(len(str(m.get("content", ""))) for m in messages) // 4
        completion_tokens = usage.completion_tokens if usage else len(raw) // 4
        return self._record(
            Completion(
                text=text,
                prompt_tokens=int(prompt_tokens),
                completion_tokens=int(completion_tokens),
                latency_s=latency,
                model=response.model or self.spec.model,
                attempts=attempts,
                finish_reason="stop" if stopped else (choice.finish_reason or ""),
            )
        )

    def _refused(self, status: int, err: Exception) -> str:
        where = f"LLM server at {self.base_url}"
        if status in (401, 403):  # the server's own message may echo part of the key: leave it out
            return f"{where} rejected the API key from ${self.spec.api_key_env} (HTTP {status}): check that key."
        body = getattr(err, "body", None)
        if isinstance(body, dict):  # OpenAI/vLLM: {"message": ...} or {"error": {...}}; FastAPI: {"detail": ...}
            inner = body.get("error") if isinstance(body.get("error"), dict) else body
            detail = str(inner.get("message") or inner.get("detail") or body)
        else:
            detail = str(getattr(err, "message", "") or err)
        detail = " ".join(detail.split())[:300]
        detail = detail.replace(self._key, "***") if self._key != "EMPTY" else detail
        return f"{where} refused the request for model '{self.spec.model}' (HTTP {status}: {detail.rstrip('.')})."


# ---------------------------------------------------------------- local model, in-process


_LOADED: dict[tuple[str, str, str], tuple[Any, Any, str]] = {}  # (folder, adapter, dtype) -> (model, tokenizer, device)
_LOAD_LOCK = threading.Lock()
LOCAL_DTYPES = ("auto", "float32", "bfloat16")


def load_local(folder: str, adapter: str = "", dtype_name: str = "auto") -> tuple[Any, Any, str]:
    """(model, tokenizer, device) for an HF folder (+ peft adapter), loaded once per process."""
    if dtype_name not in LOCAL_DTYPES:
        raise HaloError(f"Unknown local model dtype '{dtype_name}': use one of {', '.join(LOCAL_DTYPES)}.")
    key = (str(Path(folder).resolve()), str(Path(adapter).resolve()) if adapter else "", dtype_name)
    with _LOAD_LOCK:
        if key not in _LOADED:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            device = "cuda" if torch.cuda.is_available() else "cpu"
            if dtype_name == "auto":
                dtype_name = "bfloat16" if device == "cuda" else "float32"
            dtype = getattr(torch, dtype_name)
            try:
                tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
                # an adapter merges in float32, then the merged model takes `dtype`
                model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32 if adapter else dtype, local_files_only=True)
            except OSError:
                raise HaloError(
                    f"Local model '{folder}' could not be loaded offline: give a model folder with "
                    "config.json, or leave the model empty for the default local model."
                ) from None
            if adapter:  # merged into the weights: the same model, without LoRA's extra matmuls at every layer
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, adapter, local_files_only=True).merge_and_unload()
            model.to(device=device, dtype=dtype).eval()
            _LOADED[key] = (model, tokenizer, device)
        return _LOADED[key]


class LocalBackend(Backend):
    """Generation with transformers (+ peft) in this process: greedy at temperature 0, else seeded sampling."""

    def __init__(self, spec: BackendSpec):
        super().__init__(spec)
        if spec.model:
            self.folder = spec.model
        else:
            from halo_lib.policy.local_model import ensure_local_model

            self.folder = str(ensure_local_model())
        self.model, self.tokenizer, self.device = load_local(self.folder, spec.adapter, spec.dtype)
        eos = {self.tokenizer.eos_token_id, *_as_list(self.model.generation_config.eos_token_id)}
        self._eos_ids = {i for i in eos if i is not None}
        self.last_timing: dict[str, float] = {}  # prefill_s, decode_s of the last call (for benchmarks)

    def describe(self) -> str:
        name = Path(self.folder).name + (f" + adapter {Path(self.spec.adapter).name}" if self.spec.adapter else "")
        return f"local {name} on {self.device}"

    def prompt_ids(self, messages: list[dict[str, Any]]) -> list[int]:
        """The chat-templated prompt's token ids, ending with the assistant turn's header."""
        ids = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_dict=False)
        return list(ids)

    def complete(self, messages, *, max_tokens=64, temperature=0.0, stop=None, seed=None) -> Completion:
        start = time.perf_counter()
        ids = self.prompt_ids(messages)
        new, finish, prefill_done = self.generate_ids(ids, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=seed)
        end = time.perf_counter()
        self.last_timing = {"prefill_s": prefill_done - start, "decode_s": end - prefill_done}
        text, _ = cut_at_stop(self.decode(new), stop)
        return self._record(Completion(text, len(ids), len(new), end - start, self.model_name(), 1, finish))

    def greedy_texts(
        self, conversations: list[list[dict[str, Any]]], *, max_tokens: int, stop: list[str] | None = None, batch_size: int = 32
    ) -> list[str]:
        """Greedy replies to many conversations, `batch_size` at a time (left-padded, transformers' `generate`): the
        replies `complete` gives at temperature 0, up to float rounding across padded rows (for GPU evaluation)."""
        import torch

        texts: list[str] = []
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else min(self._eos_ids)
        for start in range(0, len(conversations), batch_size):
            batch = [self.prompt_ids(m) for m in conversations[start : start + batch_size]]
            width = max(len(ids) for ids in batch)
            input_ids = torch.tensor([[pad] * (width - len(ids)) + ids for ids in batch], device=self.device)
            mask = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in batch], device=self.device)
            with torch.inference_mode():
                out = self.model.generate(
                    input_ids=input_ids, attention_mask=mask, max_new_tokens=max_tokens, do_sample=False, pad_token_id=pad
                )
            for row in out[:, width:].tolist():
                end = next((i for i, t in enumerate(row) if t in self._eos_ids), len(row))
                texts.append(cut_at_stop(self.decode(row[:end]), stop)[0])
        return texts

    def model_name(self) -> str:
        return self.folder + (f"+{self.spec.adapter}" if self.spec.adapter else "")

    def decode(self, tokens: list[int]) -> str:
        """Generated tokens as text, end-of-turn tokens left out."""
        return self.tokenizer.decode([t for t in tokens if t not in self._eos_ids], skip_special_tokens=True)

    def generate_ids(
        self, ids: list[int], *, max_tokens: int, temperature: float = 0.0, stop: list[str] | None = None, seed: int | None = None
    ) -> tuple[list[int], str, float]:
        """Tokens generated after the token ids `ids` (greedy at temperature 0, else seeded sampling): (new tokens,
        finish reason "stop" or "length", time.perf_counter() when the prefill ended)."""
        import torch

        generator = seeded_generator(seed, self.device) if temperature > 0 else None
        new: list[int] = []
        finish = "length"
        with torch.inference_mode():
            prompt = torch.tensor([ids], device=self.device)
            out = self.model(input_ids=prompt, use_cache=True, logits_to_keep=1)
            prefill_done = time.perf_counter()
            while len(new) < max_tokens:
                logits = out.logits[0, -1].float()
                if generator is None:
                    token = int(torch.argmax(logits))
                else:
                    probs = torch.softmax(logits / temperature, dim=-1)
                    token = int(torch.multinomial(probs, 1, generator=generator))
                new.append(token)
                if token in self._eos_ids:
                    finish = "stop"
                    break
                if stop and cut_at_stop(self.tokenizer.decode(new, skip_special_tokens=True), stop)[1]:
                    finish = "stop"
                    break
                if len(new) < max_tokens:
                    next_input = torch.tensor([[token]], device=self.device)
                    out = self.model(input_ids=next_input, cache=out.cache, use_cache=True)
        return new, finish, prefill_done

    def continuation_logprobs(self, ids: list[int], continuations: list[list[int]]) -> list[float]:
        """log P(continuation | ids) for each continuation, in one pass over the prompt and one over all of them.

        The continuations are packed into one sequence after the prompt's cache, each attending to the prompt and
        to its own earlier tokens only (a 4D mask, positions restarting after the prompt), so scoring 100 candidate
        actions costs about one prefill of their total length, not 100 prompts."""
        import torch

        if not continuations or any(not c for c in continuations):
            raise ValueError("every continuation needs at least one token")
        length = len(ids)
        with torch.inference_mode():
            out = self.model(input_ids=torch.tensor([ids], device=self.device), use_cache=True, logits_to_keep=1)
            first = torch.log_softmax(out.logits[0, -1].float(), dim=-1)
            scores = [float(first[c[0]]) for c in continuations]
            packed, positions, segments = [], [], []
            for c in continuations:
                segments.append((len(packed), len(c) - 1))
                packed.extend(c[:-1])  # the last token is only predicted, never fed
                positions.extend(range(length, length + len(c) - 1))
            if not packed:
                return scores
            total = len(packed)
            mask = torch.zeros(total, length + total, dtype=torch.bool, device=self.device)
            mask[:, :length] = True
            for offset, n in segments:
                if n:
                    mask[offset : offset + n, length + offset : length + offset + n] = torch.tril(
                        torch.ones(n, n, dtype=torch.bool, device=self.device)
                    )
            rest = self.model(
                input_ids=torch.tensor([packed], device=self.device),
                cache=out.cache,
                attention_mask=mask[None, None],
                position_ids=torch.tensor([positions], device=self.device),
                use_cache=True,
            )
            logp = torch.log_softmax(rest.logits[0].float(), dim=-1)
            for i, (c, (offset, n)) in enumerate(zip(continuations, segments)):
                if n:
                    rows = torch.arange(offset, offset + n, device=self.device)
                    scores[i] += float(logp[rows, torch.tensor(c[1:], device=self.device)].sum())
        return scores


def seeded_generator(seed: int | None, device: str = "cpu"):
    """A torch generator seeded with `seed` (a fresh random seed when None), for sampling at temperature > 0."""
    import torch

    generator = torch.Generator(device=device)
    if seed is not None:
        generator.manual_seed(seed)
    else:
        generator.seed()
    return generator


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def make_backend(spec: BackendSpec) -> OpenAIBackend | LocalBackend:
    """The backend object for `spec`."""
    return OpenAIBackend(spec) if spec.kind == "openai" else LocalBackend(spec)
