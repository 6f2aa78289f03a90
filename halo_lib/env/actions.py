"""BrowserGym's action mapping with HALO's element timeout in place of agisdk's fixed 500 ms.

agisdk 0.3.5 (its copy of BrowserGym) writes `timeout=500` into every element action it generates
(`elem.click(..., timeout=500)`, `fill`, `select_option`, `press`, `hover`, ...: core/action/functions.py, pasted
into the action code by `inspect.getsource`). No argument of `BrowserEnv` or `HighLevelActionSet` changes it:
`BrowserEnv(timeout=...)` sets only the context's default, which these calls override. What BrowserEnv does let
a caller choose is the `action_mapping` (action string -> Python code), so HALO passes its own: agisdk's
`HighLevelActionSet` (same actions, same parser, same code) with each `timeout=500` replaced by
`EnvConfig.element_timeout_ms`. Playwright returns as soon as the element is actionable, so a longer bound
costs nothing on a quiet machine; it only stops a busy one from failing a click the page would have taken.

    to_code = action_mapping(2000)
    code = to_code("click('12')")        # Python that BrowserGym's execute_python_code runs
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

AGISDK_ELEMENT_TIMEOUT = re.compile(r"timeout=500\b")


@lru_cache(maxsize=16)
def action_mapping(element_timeout_ms: int) -> Callable[[str], str]:
    """agisdk's default action mapping, its element actions bounded by `element_timeout_ms` instead of 500 ms."""
    from agisdk.REAL.browsergym.core.action.highlevel import HighLevelActionSet

    action_set = HighLevelActionSet()
    includes, replaced = AGISDK_ELEMENT_TIMEOUT.subn(f"timeout={int(element_timeout_ms)}", action_set.python_includes)
    if not replaced:
        raise RuntimeError("agisdk's action code no longer contains `timeout=500`: update halo_lib/env/actions.py for this agisdk version.")
    action_set.python_includes = includes
    return action_set.to_python_code
