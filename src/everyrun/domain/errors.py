"""Everything everyrun refuses, with a hint of what to do about it.

EveryrunError
├── FileRejectedError          a file we will not import (the batch goes on)
│   ├── NotAnActivityError     a planned workout, a route without times, settings  -> "skipped"
│   ├── UnsupportedFileError   not a format we read                                -> "skipped"
│   ├── CorruptFileError       damaged beyond use, or hostile                      -> "failed"
│   └── StoreRefusedError      the database would not take this file's data        -> "failed"
├── NotFoundError              an id or path that does not exist
└── ConfigurationError         a bad database URL, time zone or setting
"""

from __future__ import annotations


class EveryrunError(Exception):
    """Base for errors a user can act on; `hint` says how."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class FileRejectedError(EveryrunError):
    """A file the import leaves out; the reason is reported beside its name."""

    outcome = "failed"


class NotAnActivityError(FileRejectedError):
    outcome = "skipped"


class UnsupportedFileError(FileRejectedError):
    outcome = "skipped"


class CorruptFileError(FileRejectedError):
    outcome = "failed"


class StoreRefusedError(FileRejectedError):
    outcome = "failed"


class NotFoundError(EveryrunError):
    pass


class ConfigurationError(EveryrunError):
    pass
