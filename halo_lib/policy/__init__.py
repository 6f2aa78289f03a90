"""Policies: objects with `act(obs) -> action string` and a `source` label.

    scripted.py   a fixed list of actions (baselines, replays, a human typing actions)
The scripted expert lives with the replicas (sites/expert.py); the LLM worker and manager come with the agent.
"""
