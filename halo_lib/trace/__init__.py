"""What a run leaves behind.

episode.py   per-step JSONL records + screenshots
manifest.py  the run manifest (config, code version, hashes)
redact.py    keep secrets out of everything a run writes
"""
