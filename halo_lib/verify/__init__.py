"""Verification of every step (both feed the gate).

postconditions.py  did the action do what an action of its kind should, checked on the page before and after
loops.py           loop detection over a sliding window of (state fingerprint, action) pairs
"""
