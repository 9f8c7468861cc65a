"""PLAN: from a runner and a goal, the smallest periodized plan in which every session says why.

No I/O here: the service gives the planner the runner's inputs and history as values.
"""
