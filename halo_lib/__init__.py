"""HALO: a research workbench for a hierarchical browser agent on AGI Inc's REAL benchmark (v2).

Importing the package has no side effects (no folders, browsers or network). Each sub-package's docstring
says what it holds (tests/unit/test_layout.py checks that this list names every one):

    agent/     the orchestrator (macro -> cache -> worker -> gate -> manager) and mode -> agent
    bench/     benchmarks that print numbers: step, parallel, agent, llm, train, all
    cache/     the verified action cache and the macro store (SQLite)
    generated/ task families per replica: generated tasks, strict checkers, page-driven experts, clean split
    env/       task resolution, system Chromium, agisdk BrowserEnv glue, pre-flight checks
    notebook/  what the numbered notebooks call: params, runs, debugger, compare report, papermill runner
    obs/       AXTree flattening, page summary for the LLM, element identity, state fingerprint
    policy/    action grammar and parser, prompts, gate, LLM backends, scripted policies
    rl/        rollouts -> trajectories -> BC/DPO/GRPO datasets -> LoRA trainers -> serving -> result table
    runner/    episodes, evaluation runs with resume, studies (arms of modes), Ray workers
    sites/     offline replicas of REAL sites (one sub-package per site) + their scripted experts
    trace/     step records, screenshots, run manifests
    verify/    postconditions and loop detection
    cli.py     the `halo` command
    cli_args.py  command-line flags generated from the config dataclasses (help from the field comments)
    config.py  the typed configs (Env, Sites, Run, Agent, Obs, Mode) and the step limits
    paths.py   the project root and the artifacts root ($HALO_ARTIFACTS)
    ports.py   free loopback ports for HALO's servers, below the kernel's ephemeral range
"""

__version__ = "0.1.0"
