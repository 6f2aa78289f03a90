"""Observations: what the agent reads about a page.

axtree.py       the AXTree flattened and searched by role + name
summary.py      the page summary for the LLM: interactive elements with bids, headings, text, within a budget
identity.py     element identity that survives bid renumbering (role + name + container)
fingerprint.py  state fingerprints: equal for the same page state, different when it really changed
"""
