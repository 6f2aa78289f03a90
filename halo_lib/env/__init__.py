"""The environment layer: REAL v2 tasks opened in agisdk's BrowserEnv on the system Chromium.

tasks.py        task references -> ResolvedTask (goal, evals, URL: local replica or real site)
browser.py      system Chromium for both of agisdk's browsers
settle.py       the settled-page wait that replaces agisdk's fixed 0.5 s sleep (adaptive to load)
actions.py      agisdk's action mapping with EnvConfig.element_timeout_ms in place of its fixed 500 ms
environment.py  HaloWebCloneTask / HaloBrowserEnv / open_env, quiet agisdk, private eval temp dirs
preflight.py    checks before a run, each failing with one actionable sentence
"""
