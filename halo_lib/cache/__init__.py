"""The agent's memories, in SQLite under artifacts/cache/: the verified action cache and the macro store.

portable.py   an action by element identity (survives bid renumbering)
vac.py        state -> the action verified to work there
macros.py     multi-step skills mined from successful trajectories
db.py         SQLite connections: WAL for parallel workers, bounded lock waits
admin.py      list and clear the caches (`halo cache`, the notebooks)
"""
