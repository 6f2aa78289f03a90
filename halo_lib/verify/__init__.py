"""Verification of every step: postconditions per action type and loop detection (both feed the gate)."""
