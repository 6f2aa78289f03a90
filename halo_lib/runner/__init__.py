"""Running agents: one episode (episode.py), evaluation runs with resume (eval.py), Ray workers
(parallel.py), and the step-time benchmark (bench.py)."""
