"""ADAPT: re-plan the coming days when life happens, and say what changed and why."""
