"""What a run leaves behind: per-step JSONL + screenshots (episode.py) and the manifest (manifest.py)."""
