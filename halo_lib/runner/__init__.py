"""Running agents.

    episode.py      one episode: policy from a mode, the step loop, records, the grader's verdict
    eval.py         evaluation runs with resume (`halo eval`)
    parallel.py     Ray workers for parallel episodes
    experiments.py  several modes on the same tasks and seeds, one folder per mode
    results.py      reading finished runs back: summaries, episodes, step records
    smoke.py        `halo smoke`: the installation checked end to end
"""
