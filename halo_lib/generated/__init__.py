"""Generated tasks: families of tasks over each replica's seed data, for training on tasks REAL does not have.

family.py the Family interface (sample, goal templates, strict check, page-driven expert) and PageExpert;
checker.py the checker scripts (agisdk's v2 form) and strict-diff helpers; generate.py writes a task set
(task JSONs, checkers, manifest, card); split.py the clean-split rules against REAL v2 goals and parameters.

    halo gen list                                   # families per site
    halo gen tasks --name train --per-family 200
    halo eval --mode expert --tasks gen:train:200
"""
