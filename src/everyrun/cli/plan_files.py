"""Export files written whole or not at all: a temporary file (or folder) beside the target,
then one rename. An existing target is kept unless the caller says to replace it."""

from __future__ import annotations

import os
import secrets
import shutil
import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from everyrun.domain.errors import EveryrunError


class ExportFileError(EveryrunError):
    """A target that exists or cannot be written; the hint says what to do."""


def _check_target(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise ExportFileError(f"{path} is a folder", "give a file name")
    if path.exists() and not force:
        raise ExportFileError(f"{path} already exists", "add --force to replace it")
    if not path.parent.is_dir():
        raise ExportFileError(f"no such folder: {path.parent}", "create it first")


def _beside(path: Path) -> Path:
    """A name no one else uses, in the target's folder, so the final rename stays on one disk."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """`data` at `path`, or nothing at all when writing fails."""
    _check_target(path, force=force)
    temporary = _beside(path)
    try:
        with temporary.open("xb") as file:  # "x": a new file, with the umask's permissions
            file.write(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportFileError(
            f"cannot write {path}: {error.strerror}", "choose a folder you can write to"
        ) from None


def write_zip(path: Path, files: Mapping[str, bytes], *, force: bool) -> int:
    """The files in one .zip archive; its size in bytes."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    write_file(path, data, force=force)
    return len(data)


def write_directory(path: Path, files: Mapping[str, bytes], *, force: bool) -> int:
    """The files in a new folder at `path` (made whole, then renamed into place); the bytes written.

    With `force`, an existing folder receives the files (same names replaced, others kept): a
    folder of the runner's own is never deleted."""
    if path.exists() and not path.is_dir():
        if not force:
            raise ExportFileError(f"{path} already exists", "add --force to replace it")
        raise ExportFileError(f"{path} is a file, not a folder", "give a folder or a .zip name")
    if path.is_dir():
        if not force:
            raise ExportFileError(
                f"{path} already exists", "give a new folder, or add --force to write into it"
            )
        for name, data in files.items():
            write_file(path / name, data, force=True)
        return sum(len(data) for data in files.values())
    if not path.parent.is_dir():
        raise ExportFileError(f"no such folder: {path.parent}", "create it first")
    temporary = _beside(path)
    try:
        temporary.mkdir()
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        temporary.rename(path)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ExportFileError(
            f"cannot write {path}: {error.strerror}", "choose a folder you can write to"
        ) from None
    return sum(len(data) for data in files.values())
