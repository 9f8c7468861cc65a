"""everyrun: every session with a purpose."""

__version__ = "0.1.0"
