"""Benchmarks that print numbers (`halo bench ...`); each writes a JSON + markdown report.

    step.py      step and reset time: agisdk's defaults vs HALO's settings, same task, one run   halo bench step
    parallel.py  episodes/min and peak memory with 1, 2, 4 Ray workers                         halo bench parallel
    load.py      the expert at 1/2/4/6 workers and beside a CPU hog; a soak run (tasks x N)       halo bench load / soak
    agent.py     per mode: success, steps, LLM calls and tokens; cold, seeded, second pass     halo bench agent
    llm.py       local model speed: dequantize, reload, prefill/decode, through a server       halo bench llm
    serving.py   the worker's prompts through in-process fp32/bf16 and vLLM LoRA/merged: latency, same actions   halo bench serving
    train.py     BC training tokens/s: HALO's trainer vs a plain TRL SFTTrainer               halo bench train
    all.py       every section above in one report                                            halo bench all
    report.py    the one report format: machine header (cores, load average, RSS, code version, wall time),
                 load-average record, JSON + markdown writer (<stem>_<time>.json/.md)

Numbers are measured as ratios within one run where the machine is noisy.
"""
