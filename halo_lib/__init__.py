"""HALO: a research workbench for a hierarchical browser agent on AGI Inc's REAL benchmark (v2).

Importing the package has no side effects (no folders, browsers or network). The map is DESIGN.md;
each sub-package's docstring says what it holds:

    env/      task resolution, system Chromium, agisdk BrowserEnv glue, pre-flight checks
    sites/    offline replicas of REAL sites + their scripted experts
    obs/      AXTree flattening and element lookup
    policy/   policies that turn observations into actions
    runner/   episodes, evaluation runs, parallel execution, benchmarks
    trace/    step records, screenshots, run manifests
    cli.py    the `halo` command
"""
__version__ = "0.1.0"
