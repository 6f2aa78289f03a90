"""Running agents.

episode.py      one episode: policy from a mode, the step loop, records, the grader's verdict
eval.py         evaluation runs with resume (`halo eval`)
parallel.py     Ray workers for parallel episodes
cluster.py      episodes on a joined Ray cluster that shares nothing but Ray: files returned, replicas per node,
                caches through a driver actor (`halo eval --ray-address`)
study.py        studies (params/studies/*.yaml): arms of modes on the same tasks, one run folder per arm; the one
                loop over modes (`halo study`, `halo eval --experiment`, the notebooks' modes, bench agent)
results.py      reading finished runs back: summaries, episodes, step records
smoke.py        `halo smoke`: the installation checked end to end
"""
