"""Notebook support: everything the numbered notebooks in notebooks/ call, so the notebooks stay glue + plots.

    params.py    the notebooks' flat parameters -> typed configs (unknown or misspelled names rejected), paths
    runs.py      eval/rollout runs over one or several modes (rollouts with progress signals via halo_lib.rl.rollout),
                 results tables with standard error, the journal CSV
    debugger.py  step records -> StepView / EpisodeView (what the step-through viewer shows), the episode index the
                 picker filters (site, outcome, deciding layer; natural order), the acted element's box on the screenshot
    widget.py    the ipywidgets AgentXray-style viewer built on debugger.py, the filtered picker, the run view, side by side
    runview.py   a run folder's episode table (outcome, steps, error, error_kind, cost) and its errors grouped
    live.py      LiveEpisode: step a task one action at a time, the agent's or one typed by hand
    export.py    trajectories of finished episodes from run folders (table + JSONL), an RL dataset card's counts
    report.py    run folders -> plotly figures -> an HTML report (one shared plotly.min.js beside the reports)
    paired.py    runs on the same tasks: flipped tasks, McNemar's exact test, paired bootstrap CI, where trajectories parted
    hygiene.py   the git clean filter that commits notebooks without outputs (`./run.sh setup` installs it)
    threads.py   episodes off the kernel's asyncio loop (Playwright's sync API refuses to run inside one)
    headless.py  headless runs (papermill): `halo nb run NOTEBOOK -f params/...yaml`, `halo nb matrix`

Importing this package imports none of ipywidgets, plotly, pandas or papermill; each module imports what it uses.
"""
