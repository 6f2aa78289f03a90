"""LLM speed on this machine: dequantize, reload, local prefill/decode, and the same through `transformers serve`.

    python -m halo_lib.bench.llm                    # all numbers (~1 min on 2 CPU cores)
    python -m halo_lib.bench.llm --no-dequantize --no-server

`serve_local_model` lives in policy/local_server.py.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from halo_lib.bench.report import finish_report, load_note, start_clock
from halo_lib.policy.local_server import serve_local_model

FILLER = (
    "[12] link 'Inbox (3)', [13] link 'Starred', [14] link 'Sent', [15] button 'Compose', "
    "[16] row 'Alice Martin - Quarterly report - Please find attached the numbers for Q3', "
)


def long_prompt(tokenizer, target_tokens: int = 600) -> list[dict[str, str]]:
    """A chat whose templated prompt is about `target_tokens` long (an AXTree-like page, then a question)."""
    page = ""
    while True:
        messages = [
            {"role": "system", "content": "You are a browser agent. Answer with one action."},
            {"role": "user", "content": f"Page:\n{page}\nRepeat the page's rows back, one per line."},
        ]
        n = len(tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_dict=False))
        if n >= target_tokens:
            return messages
        page += FILLER


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt-tokens", type=int, default=600)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--no-dequantize", action="store_true", help="skip timing a fresh GGUF dequantization")
    parser.add_argument("--no-server", action="store_true", help="skip the transformers-serve numbers")
    args = parser.parse_args(argv)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from halo_lib.policy.backends import BackendSpec, LocalBackend, OpenAIBackend
    from halo_lib.policy.local_model import ensure_local_model

    print(f"torch threads: {torch.get_num_threads()}, cuda: {torch.cuda.is_available()}, {load_note()}")
    if not args.no_dequantize:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            ensure_local_model(Path(tmp) / "model")
            print(f"dequantize GGUF -> HF folder: {time.perf_counter() - start:.1f} s")
    folder = ensure_local_model()
    start = time.perf_counter()
    AutoTokenizer.from_pretrained(folder, local_files_only=True)
    AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, local_files_only=True)
    print(f"reload HF folder: {time.perf_counter() - start:.2f} s")

    llm = LocalBackend(BackendSpec("local", str(folder)))
    messages = long_prompt(llm.tokenizer, args.prompt_tokens)
    llm.complete(messages, max_tokens=4)  # warm-up
    done = llm.complete(messages, max_tokens=args.new_tokens)
    prefill, decode = llm.last_timing["prefill_s"], llm.last_timing["decode_s"]
    print(
        f"local: prompt {done.prompt_tokens} tok, prefill {prefill:.2f} s ({done.prompt_tokens / prefill:.0f} tok/s), "
        f"{done.completion_tokens} new tok, decode {done.completion_tokens / decode:.1f} tok/s, "
        f"total {done.latency_s:.2f} s"
    )
    if args.no_server:
        print(load_note())
        return
    start = time.perf_counter()
    with serve_local_model(folder) as url:
        print(f"transformers serve ready in {time.perf_counter() - start:.1f} s")
        server = OpenAIBackend(BackendSpec("openai", str(folder), base_url=url, api_key_env="HALO_NO_KEY"))
        server.complete(messages, max_tokens=4)  # warm-up
        done = server.complete(messages, max_tokens=args.new_tokens)
        print(
            f"served: prompt {done.prompt_tokens} tok, {done.completion_tokens} new tok in {done.latency_s:.2f} s "
            f"({done.completion_tokens / done.latency_s:.1f} tok/s end to end)"
        )
        start = time.perf_counter()
        first, chunks = 0.0, 0
        stream = server._client.chat.completions.create(
            model=str(folder), messages=messages, max_tokens=args.new_tokens, temperature=0.0, stream=True
        )
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                chunks += 1
                first = first or time.perf_counter() - start
        total = time.perf_counter() - start
        print(
            f"served, streaming: first token after {first:.2f} s, then {(chunks - 1) / max(total - first, 1e-9):.1f} "
            f"chunks/s ({chunks} chunks)"
        )
    print(load_note())


def bench_llm_report(prompt_tokens: int = 600, new_tokens: int = 32, repeats: int = 5, server: bool = True) -> dict:
    """Numbers for the combined report (`halo bench all`): the local model in-process and the same model through
    `transformers serve` (OpenAI-compatible, loopback), each `repeats` calls of one worker-sized step (a page-like
    prompt of ~`prompt_tokens`, `new_tokens` generated, greedy). Returns JSON-ready rows and a markdown table."""
    import statistics

    from halo_lib.policy.backends import BackendSpec, LocalBackend, OpenAIBackend
    from halo_lib.policy.local_model import ensure_local_model

    clock = start_clock()
    folder = ensure_local_model()
    llm = LocalBackend(BackendSpec("local", str(folder)))
    messages = long_prompt(llm.tokenizer, prompt_tokens)
    llm.complete(messages, max_tokens=4)  # warm-up
    rows = []
    calls, prefill, decode = [], [], []
    for _ in range(repeats):
        done = llm.complete(messages, max_tokens=new_tokens, stop=[])
        calls.append(done)
        prefill.append(done.prompt_tokens / llm.last_timing["prefill_s"])
        decode.append(done.completion_tokens / llm.last_timing["decode_s"])
    rows.append(
        {
            "backend": "local (transformers in-process)",
            "prompt_tokens": calls[0].prompt_tokens,
            "new_tokens": statistics.median(c.completion_tokens for c in calls),
            "median_step_s": statistics.median(c.latency_s for c in calls),
            "prefill_tok_s": statistics.median(prefill),
            "decode_tok_s": statistics.median(decode),
            "end_to_end_tok_s": statistics.median(c.completion_tokens / c.latency_s for c in calls),
            "load": load_note(),
        }
    )
    served_error = None
    if server:
        start = time.perf_counter()
        try:
            with serve_local_model(folder) as url:
                ready_s = time.perf_counter() - start
                remote = OpenAIBackend(
                    BackendSpec("openai", str(folder), base_url=url, api_key_env="HALO_NO_KEY", timeout_s=600.0, max_retries=0)
                )
                remote.complete(messages, max_tokens=4)  # warm-up
                served = [remote.complete(messages, max_tokens=new_tokens) for _ in range(repeats)]
        except Exception as exc:  # noqa: BLE001 - keep the in-process numbers when the server part fails
            served_error = f"{type(exc).__name__}: {exc}"
    if server and served_error is None:
        rows.append(
            {
                "backend": "transformers serve (OpenAI-compatible, loopback)",
                "prompt_tokens": served[0].prompt_tokens,
                "new_tokens": statistics.median(c.completion_tokens for c in served),
                "median_step_s": statistics.median(c.latency_s for c in served),
                "prefill_tok_s": None,
                "decode_tok_s": None,
                "end_to_end_tok_s": statistics.median(c.completion_tokens / c.latency_s for c in served),
                "server_ready_s": ready_s,
                "load": load_note(),
            }
        )
    lines = [
        f"One worker-sized step = ~{prompt_tokens}-token page prompt, {new_tokens} new tokens, greedy; median of {repeats} calls",
        "",
        "| backend | prompt tok | new tok | median step (s) | prefill tok/s | decode tok/s | end-to-end tok/s | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        lines.append(
            f"| {row['backend']} | {row['prompt_tokens']} | {row['new_tokens']:.0f} | {row['median_step_s']:.2f} | "
            f"{fmt(row['prefill_tok_s'])} | {fmt(row['decode_tok_s'])} | {fmt(row['end_to_end_tok_s'])} | {row['load']} |"
        )
    if served_error:
        lines.append(f"| transformers serve | failed: {served_error} | | | | | | |")
    report = {
        "kind": "llm",
        "served_error": served_error,
        "prompt_tokens": prompt_tokens,
        "new_tokens": new_tokens,
        "repeats": repeats,
        "rows": rows,
        "markdown": "\n".join(lines),
    }
    return finish_report(report, clock, f"Local model {Path(folder).name}: tokens/s in-process and served")


if __name__ == "__main__":
    main()
