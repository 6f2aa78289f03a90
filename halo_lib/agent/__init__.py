"""The agent: the orchestrator (orchestrator.py) and how a mode becomes one (build.py)."""
