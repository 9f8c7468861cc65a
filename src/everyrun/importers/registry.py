"""One reader per file format; the import service asks here and never names a format itself."""

from __future__ import annotations

from collections.abc import Callable

from everyrun.domain.activity import Activity
from everyrun.domain.errors import CorruptFileError, FileRejectedError, UnsupportedFileError
from everyrun.importers.fit import read_fit
from everyrun.importers.gpx import read_gpx
from everyrun.importers.tcx import read_tcx

Reader = Callable[[bytes, str], list[Activity]]

READERS: dict[str, Reader] = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}


def read_activities(file_format: str, data: bytes, source_name: str) -> list[Activity]:
    """Activities in one file; any failure is a FileRejectedError naming what went wrong."""
    reader = READERS.get(file_format)
    if reader is None:
        raise UnsupportedFileError(f"no reader for .{file_format} files")
    try:
        return reader(data, source_name)
    except FileRejectedError:
        raise
    except (MemoryError, RecursionError) as error:
        raise CorruptFileError(
            f"file too large or too deeply nested to read ({type(error).__name__})"
        ) from error
    except Exception as error:
        raise CorruptFileError(
            f"could not read this {file_format.upper()} file: {error}"
        ) from error
