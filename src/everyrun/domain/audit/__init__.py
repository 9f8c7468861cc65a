"""AUDIT: what was done against what was planned, judged by each session's purpose.

No I/O here: the service hands in planned sessions, done sessions with their evidence, wellness
and load as values.
"""
