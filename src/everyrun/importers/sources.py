"""Find every activity file in what the user points `everyrun import` at, without trusting it.

Files, folders, `.gz`, `.zip` and the bulk exports of Strava and Garmin Connect all come out as one
stream of `SourceFile` (read lazily, so a 3,000-file import never holds them all in memory) and
`SourceProblem` (what will not be read, and why). Archives are read in memory only: nothing is
ever extracted to disk, member names that climb out of their archive are refused, and every
decompression is capped while it runs, because declared sizes are the attacker's to choose.
"""

from __future__ import annotations

import gzip
import io
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Protocol

from everyrun.domain.errors import CorruptFileError
from everyrun.importers.bulk_exports import (
    DAMAGE_ERRORS,
    MIB,
    STRAVA_CSV,
    STRAVA_FOLDER,
    Layout,
    SizeLimits,
    StravaActivityMeta,
    StravaIndex,
    choose_format,
    counts_as_source,
    damage_reason,
    describe_error,
    detect_layout,
    display_name,
    extension_label,
    folder_layout,
    is_ignored,
    is_noise,
    is_unsafe_member,
    name_format,
    parse_strava_csv,
    printable,
)

__all__ = [
    "DEFAULT_MAX_COMPRESSION_RATIO",
    "DEFAULT_MAX_MEMBER_BYTES",
    "DEFAULT_MAX_ZIP_DEPTH",
    "SourceFile",
    "SourceProblem",
    "StravaActivityMeta",
    "count_sources",
    "iter_sources",
]

DEFAULT_MAX_MEMBER_BYTES = 512 * MIB  # the longest real FIT files are tens of MiB
DEFAULT_MAX_COMPRESSION_RATIO = 1000.0  # activity files compress 3-20:1; zip bombs 1000:1 and up
DEFAULT_MAX_ZIP_DEPTH = 3  # a Garmin export needs 2: export.zip/.../UploadedFiles_Part1.zip
_CHUNK_BYTES = 1 * MIB
_HEAD_BYTES = 4096  # enough to see past an XML declaration and comments to the root element
_ENCRYPTED_FLAG = 0x1
_DAMAGED_HINT = "the file is damaged or not what its name says; export it again from its source"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...


_Opener = Callable[[], AbstractContextManager[_Readable]]


@dataclass(frozen=True)
class SourceFile:
    """One activity file found: the name the user sees, its format, and how to read it later."""

    name: str  # "runs/a.fit", or "export.zip/activities/123.fit.gz" for an archive member
    format: str  # "fit", "gpx" or "tcx": from the name, overruled by the first bytes
    metadata: StravaActivityMeta | None = None
    _load: Callable[[], bytes] = field(kw_only=True, repr=False, compare=False)

    def read(self) -> bytes:
        """The decompressed bytes, read now and not kept, so memory stays flat over an import.

        Raises CorruptFileError when damage only shows while reading: a bad CRC, a truncated
        gzip, a file that vanished, or more bytes than the size or compression-ratio cap allows
        (a zip bomb, caught while decompressing whatever its headers declared).
        """
        try:
            return self._load()
        except CorruptFileError:
            raise
        except DAMAGE_ERRORS as error:
            reason = damage_reason(error, gzipped=self.name.lower().endswith(".gz"))
            raise CorruptFileError(reason, _DAMAGED_HINT) from error


@dataclass(frozen=True)
class SourceProblem:
    """Something found that will not be imported, reported beside its name."""

    name: str
    outcome: str  # "skipped" (not for us) or "failed" (damaged or hostile)
    reason: str


Source = SourceFile | SourceProblem


def iter_sources(
    paths: Sequence[Path],
    *,
    max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES,
    max_compression_ratio: float = DEFAULT_MAX_COMPRESSION_RATIO,
    max_zip_depth: int = DEFAULT_MAX_ZIP_DEPTH,
) -> Iterator[SourceFile | SourceProblem]:
    """Every activity file in `paths`, in order, and a problem for everything else worth a word.

    Folders are walked recursively in sorted order (each real folder once, so symlink loops end);
    zips, zips in zips (up to `max_zip_depth` deep) and `.gz` files are read in memory. Strava
    exports attach their activities.csv row to each file; Garmin exports yield the files inside
    their nested zips. Members and `.gz` files whose output would pass `max_member_bytes`, or
    `max_compression_ratio` beyond the first MiB, are refused as zip bombs.
    """
    walker = _Walker(SizeLimits(max_member_bytes, max_compression_ratio, max_zip_depth))
    for path in paths:
        yield from walker.path(path, printable(str(path)), "plain")


def count_sources(paths: Sequence[Path]) -> int:
    """About how many items `iter_sources` yields, from names alone (nothing is decompressed).

    For sizing a progress bar. A zip inside a zip counts as one and activities.csv rows without
    a file are not counted, so the true number can be higher.
    """
    visited: set[tuple[int, int]] = set()
    return sum(_count_path(path, visited, "plain") for path in paths)


class _Walker:
    """One walk over what the user named: the caps, and the folders already seen."""

    def __init__(self, limits: SizeLimits) -> None:
        self.limits = limits
        self.visited: set[tuple[int, int]] = set()

    def path(self, path: Path, name: str, layout: Layout) -> Iterator[Source]:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            reason = "broken link" if path.is_symlink() else describe_error(error)
            yield SourceProblem(name, "failed", reason)
            return
        if stat.S_ISDIR(mode):
            yield from self.folder(path, name, layout)
            return
        kind, gzipped = name_format(path.name)
        if not stat.S_ISREG(mode):
            yield SourceProblem(name, "skipped", "not a regular file")
        elif kind == "zip":
            yield from self.zip_file(path, name, layout)
        elif kind is not None:
            yield self.file(path, name, kind, gzipped)
        elif layout != "garmin":
            label = extension_label(path.name)
            yield SourceProblem(name, "skipped", f"not an activity file ({label})")

    def folder(self, folder: Path, name: str, layout: Layout) -> Iterator[Source]:
        if not _first_visit(folder, self.visited):
            return
        layout = folder_layout(folder, layout)
        if layout == "strava":
            index, problem = _strava_index(
                lambda: _read_file(folder / STRAVA_CSV, self.limits), display_name(name, STRAVA_CSV)
            )
            if problem is not None:
                yield problem
            items = self.folder(folder / STRAVA_FOLDER, display_name(name, STRAVA_FOLDER), "plain")
            yield from _with_strava_metadata(items, display_name(name, ""), index)
            return
        try:
            children = sorted(folder.iterdir())
        except OSError as error:
            yield SourceProblem(name, "failed", f"cannot read folder ({describe_error(error)})")
            return
        for child in children:
            if not is_noise(child.name):
                yield from self.path(child, display_name(name, child.name), layout)

    def file(self, path: Path, name: str, kind: str, gzipped: bool) -> Source:
        try:
            size_bytes = path.stat().st_size
        except OSError as error:
            return SourceProblem(name, "failed", f"cannot read ({describe_error(error)})")
        if not gzipped and size_bytes > self.limits.max_member_bytes:
            cap_mib = self.limits.max_member_bytes / MIB
            return SourceProblem(name, "failed", f"larger than the {cap_mib:g} MiB cap")
        compressed_bytes = size_bytes if gzipped else None
        return self.sniffed(name, kind, gzipped, lambda: path.open("rb"), compressed_bytes)

    def sniffed(
        self, name: str, kind: str, gzipped: bool, open_raw: _Opener, compressed_bytes: int | None
    ) -> Source:
        """Confirm the format from the first bytes, and defer reading the rest until asked."""
        try:
            with _decoded(open_raw, gzipped) as stream:
                head = stream.read(_HEAD_BYTES)
        except DAMAGE_ERRORS as error:
            return SourceProblem(name, "failed", damage_reason(error, gzipped))
        if not head:
            return SourceProblem(name, "failed", "empty file")
        limits = self.limits

        def load() -> bytes:
            with _decoded(open_raw, gzipped) as stream:
                return _read_capped(stream, compressed_bytes, limits)

        return SourceFile(name, choose_format(kind, head), _load=load)

    def zip_file(self, path: Path, name: str, layout: Layout) -> Iterator[Source]:
        archive = _ZipArchive(lambda: zipfile.ZipFile(path), in_memory=False)
        try:
            archive.open()
        except DAMAGE_ERRORS as error:
            yield SourceProblem(name, "failed", f"corrupt zip ({describe_error(error)})")
            return
        try:
            yield from self.zip_members(archive, name, 1, layout)
        finally:
            archive.close()

    def zip_members(
        self, archive: _ZipArchive, name: str, depth: int, inherited: Layout
    ) -> Iterator[Source]:
        infos = sorted(
            (info for info in archive.open().infolist() if not info.is_dir()),
            key=lambda info: info.filename,
        )
        layout = detect_layout({info.filename for info in infos}, inherited)
        items = (item for info in infos for item in self.member(archive, info, name, depth, layout))
        if layout != "strava":
            yield from items
            return
        csv_info = next(info for info in infos if info.filename == STRAVA_CSV)
        index, problem = _strava_index(
            lambda: _read_member(archive, csv_info, self.limits), display_name(name, STRAVA_CSV)
        )
        if problem is not None:
            yield problem
        yield from _with_strava_metadata(items, display_name(name, ""), index)

    def member(
        self, archive: _ZipArchive, info: zipfile.ZipInfo, parent: str, depth: int, layout: Layout
    ) -> Iterator[Source]:
        name = display_name(parent, info.filename)
        if is_unsafe_member(info.filename):
            yield SourceProblem(name, "failed", "unsafe path in archive (points outside it)")
            return
        if is_ignored(info.filename, layout):
            return
        kind, gzipped = name_format(info.filename)
        if kind is None:
            if layout != "garmin":
                label = extension_label(info.filename)
                yield SourceProblem(name, "skipped", f"not an activity file ({label})")
        elif info.flag_bits & _ENCRYPTED_FLAG:
            yield SourceProblem(name, "failed", "encrypted (password-protected) member")
        elif excess := self.limits.excess(info.file_size, info.compress_size):
            yield SourceProblem(name, "failed", excess)
        elif kind == "zip":
            yield from self.nested_zip(archive, info, name, depth, layout)
        else:
            open_raw = partial(archive.member, info)
            yield self.sniffed(name, kind, gzipped, open_raw, info.compress_size)

    def nested_zip(
        self, archive: _ZipArchive, info: zipfile.ZipInfo, name: str, depth: int, layout: Layout
    ) -> Iterator[Source]:
        """A zip inside a zip, read into memory (capped) and walked one level deeper."""
        if depth >= self.limits.max_zip_depth:
            reason = f"zip nested more than {self.limits.max_zip_depth} deep"
            yield SourceProblem(name, "failed", reason)
            return
        try:
            data = _read_member(archive, info, self.limits)
            inner = _ZipArchive(lambda: zipfile.ZipFile(io.BytesIO(data)), in_memory=True)
            inner.open()
        except CorruptFileError as error:
            yield SourceProblem(name, "failed", error.message)
            return
        except DAMAGE_ERRORS as error:
            yield SourceProblem(name, "failed", f"corrupt zip ({describe_error(error)})")
            return
        yield from self.zip_members(inner, name, depth + 1, layout)


class _ZipArchive:
    """A zip opened once for its walk and shared by its members' `read()`.

    On disk, the walk closes it when done and a later `read()` opens it again for that member
    alone. In memory (a zip inside a zip) it holds no file handle and stays open.
    """

    def __init__(self, opener: Callable[[], zipfile.ZipFile], *, in_memory: bool) -> None:
        self._opener = opener
        self._in_memory = in_memory
        self._zip: zipfile.ZipFile | None = None

    def open(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = self._opener()
        return self._zip

    def close(self) -> None:
        if self._zip is not None and not self._in_memory:
            self._zip.close()
            self._zip = None

    @contextmanager
    def member(self, info: zipfile.ZipInfo) -> Iterator[_Readable]:
        if self._zip is not None:
            with self._zip.open(info) as stream:
                yield stream
            return
        with self._opener() as archive, archive.open(info) as stream:
            yield stream


def _with_strava_metadata(
    items: Iterable[Source], prefix: str, index: StravaIndex
) -> Iterator[Source]:
    """Attach activities.csv rows to the files they name; report rows whose file never came."""
    seen: set[str] = set()
    for item in items:
        relative = item.name.removeprefix(prefix)
        seen.add(relative)
        meta = index.meta_for(relative)
        yield replace(item, metadata=meta) if isinstance(item, SourceFile) and meta else item
    for meta, reason in index.unmatched(seen):
        label = f'{prefix}{STRAVA_CSV}: {meta.activity_id} "{meta.name or ""}"'
        yield SourceProblem(printable(label), "skipped", reason)


def _strava_index(
    load: Callable[[], bytes], csv_name: str
) -> tuple[StravaIndex, SourceProblem | None]:
    try:
        return StravaIndex(parse_strava_csv(load())), None
    except CorruptFileError as error:
        return StravaIndex([]), SourceProblem(csv_name, "failed", error.message)
    except DAMAGE_ERRORS as error:
        reason = f"cannot read ({describe_error(error)})"
        return StravaIndex([]), SourceProblem(csv_name, "failed", reason)


def _count_path(path: Path, visited: set[tuple[int, int]], layout: Layout) -> int:
    try:
        mode = path.stat().st_mode
    except OSError:
        return 1
    if stat.S_ISDIR(mode):
        if not _first_visit(path, visited):
            return 0
        layout = folder_layout(path, layout)
        if layout == "strava":
            return _count_path(path / STRAVA_FOLDER, visited, "plain")
        try:
            children = sorted(path.iterdir())
        except OSError:
            return 1
        return sum(_count_path(c, visited, layout) for c in children if not is_noise(c.name))
    kind, _ = name_format(path.name)
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [info.filename for info in archive.infolist() if not info.is_dir()]
        except DAMAGE_ERRORS:
            return 1
        layout = detect_layout(set(names), layout)
        return sum(counts_as_source(member, layout) for member in names)
    return int(kind is not None or layout != "garmin")


def _first_visit(folder: Path, visited: set[tuple[int, int]]) -> bool:
    """False for a folder seen before: a symlink loop, or the same folder reached twice."""
    try:
        info = folder.stat()
    except OSError:
        return True  # reading it will report the problem
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return False
    visited.add(key)
    return True


@contextmanager
def _decoded(open_raw: _Opener, gzipped: bool) -> Iterator[_Readable]:
    with open_raw() as raw:
        if not gzipped:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
            yield unzipped


def _read_capped(stream: _Readable, compressed_bytes: int | None, limits: SizeLimits) -> bytes:
    """Decompress in chunks and stop at the caps: headers may declare any size they like."""
    data = bytearray()
    while chunk := stream.read(_CHUNK_BYTES):
        data += chunk
        if excess := limits.excess(len(data), compressed_bytes):
            raise CorruptFileError(excess, "this is not an activity recording")
    return bytes(data)


def _read_member(archive: _ZipArchive, info: zipfile.ZipInfo, limits: SizeLimits) -> bytes:
    with archive.member(info) as stream:
        return _read_capped(stream, info.compress_size, limits)


def _read_file(path: Path, limits: SizeLimits) -> bytes:
    with path.open("rb") as stream:
        return _read_capped(stream, None, limits)
