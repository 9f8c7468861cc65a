"""What the things a user imports are, judged without reading them: formats from names and first
bytes, clutter to pass over, member names that would escape their archive, size caps, how to
word damage, and the layouts of the bulk exports Strava and Garmin Connect hand out (with
Strava's activities.csv). Rules only: all reading happens in `everyrun.importers.sources`.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from everyrun.domain.errors import CorruptFileError

MIB = 1024 * 1024
ACTIVITY_FORMATS = frozenset({"fit", "gpx", "tcx"})

# How to treat the names in a folder or zip: "strava" reads only activities.csv and activities/;
# "garmin" stays quiet about the JSON and other non-activity files of a Garmin Connect export.
Layout = Literal["plain", "strava", "garmin"]

STRAVA_CSV = "activities.csv"
STRAVA_FOLDER = "activities"
GARMIN_FOLDER = "DI_CONNECT"
MANUAL_ENTRY_REASON = "listed in activities.csv but no file (manual Strava entry)"

# Left behind by operating systems and archivers; never the user's data, never worth a report line.
_NOISE_NAMES = frozenset(
    {"__macosx", "thumbs.db", "desktop.ini", "$recycle.bin", "system volume information"}
)
# What damaged or hostile input raises from zipfile, gzip, zlib, bz2 and lzma (bz2 and gzip
# raise OSError subclasses; unknown compression methods raise NotImplementedError).
DAMAGE_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,
    struct.error,
)
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?(gpx|TrainingCenterDatabase)[\s>/]")


@dataclass(frozen=True)
class SizeLimits:
    """How much one file or member may expand to before it counts as a zip bomb."""

    max_member_bytes: int
    max_compression_ratio: float
    max_zip_depth: int
    ratio_floor_bytes: int = MIB  # below this any ratio is harmless (a small file of zeros)

    def excess(self, size_bytes: int, compressed_bytes: int | None) -> str | None:
        """Why `size_bytes` of output is too much, or None while it is fine."""
        if size_bytes > self.max_member_bytes:
            return f"zip bomb: expands past the {self.max_member_bytes / MIB:g} MiB cap"
        if compressed_bytes is None or size_bytes <= self.ratio_floor_bytes:
            return None
        if size_bytes > self.max_compression_ratio * max(compressed_bytes, 1):
            return f"zip bomb: compressed more than {self.max_compression_ratio:g}:1"
        return None


@dataclass(frozen=True)
class StravaActivityMeta:
    """What Strava's activities.csv says about an activity that its file may not (name, gear)."""

    activity_id: str
    name: str | None
    activity_type: str | None  # Strava's words: "Run", "Virtual Ride", "Weight Training"...
    gear: str | None
    date_text: str | None  # as Strava wrote it, e.g. "Jan 5, 2024, 7:02:11 AM" (UTC)
    elapsed_s: float | None = None  # the first "Elapsed Time" column
    distance_text: str | None = None  # the first "Distance" column, in the account's unit (km/mi)


@dataclass(frozen=True)
class StravaRow:
    """One line of activities.csv and the export path of its file (None: a manual entry)."""

    filename: str | None  # e.g. "activities/123456.fit.gz"
    meta: StravaActivityMeta


class StravaIndex:
    """activities.csv rows by file, to label files and to report rows no file answered."""

    def __init__(self, rows: list[StravaRow]) -> None:
        self._rows = rows
        self._by_file: dict[str, StravaActivityMeta] = {}
        for row in rows:
            if row.filename is not None:
                self._by_file.setdefault(row.filename, row.meta)

    def meta_for(self, relative: str) -> StravaActivityMeta | None:
        return self._by_file.get(relative)

    def unmatched(self, seen: Collection[str]) -> Iterator[tuple[StravaActivityMeta, str]]:
        """Rows whose file is not among `seen` export paths, with the reason to report."""
        for row in self._rows:
            if row.filename is None:
                yield row.meta, MANUAL_ENTRY_REASON
            elif row.filename not in seen:
                yield row.meta, f"listed in activities.csv but {row.filename} is not in the export"


def is_noise(component: str) -> bool:
    """Hidden files (.DS_Store, ._resource forks, .git) and OS clutter are not activities."""
    return component.startswith(".") or component.lower() in _NOISE_NAMES


def is_unsafe_member(name: str) -> bool:
    """A member name that would land outside its archive if anything ever extracted it."""
    posix = name.replace("\\", "/")
    return posix.startswith("/") or bool(_DRIVE_LETTER.match(posix)) or ".." in posix.split("/")


def is_ignored(relative: str, layout: Layout) -> bool:
    """Names passed over in silence: OS clutter, and all of a Strava export but activities/."""
    parts = [part for part in relative.replace("\\", "/").split("/") if part not in ("", ".")]
    if any(is_noise(part) for part in parts):
        return True
    return layout == "strava" and (len(parts) < 2 or parts[0] != STRAVA_FOLDER)


def counts_as_source(member: str, layout: Layout) -> bool:
    """Whether a member will yield an item (a file or a reported problem) when walked."""
    if is_unsafe_member(member):
        return True
    if is_ignored(member, layout):
        return False
    return name_format(member)[0] is not None or layout != "garmin"


def name_format(name: str) -> tuple[str | None, bool]:
    """(`fit`, `gpx`, `tcx`, `zip` or None; gzipped?) from a file name, ignoring case."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    gzipped = base.endswith(".gz")
    _, dot, suffix = base.removesuffix(".gz").rpartition(".")
    if dot and suffix in ACTIVITY_FORMATS:
        return suffix, gzipped
    if dot and suffix == "zip" and not gzipped:
        return "zip", False
    return None, gzipped


def extension_label(name: str) -> str:
    """The extension as a user would name it: ".jpg", ".tar.gz" or "no extension"."""
    suffixes = name.replace("\\", "/").rsplit("/", 1)[-1].lower().split(".")[1:]
    if not suffixes:
        return "no extension"
    if suffixes[-1] == "gz" and len(suffixes) >= 2:
        return f".{suffixes[-2]}.gz"
    return f".{suffixes[-1]}"


def sniff_format(head: bytes) -> str | None:
    """`fit`, `gpx` or `tcx` when the first bytes prove it, `xml` for other XML, else None."""
    if head[8:12] == b".FIT":
        return "fit"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()  # Garmin Connect TCX: spaces first
    if not text.startswith(b"<"):
        return None
    root = _XML_ROOT.search(text)
    if root is None:
        return "xml"
    return "gpx" if root.group(1) == b"gpx" else "tcx"


def choose_format(named: str, head: bytes) -> str:
    """The format the first bytes prove, else the one the name says (the reader then decides)."""
    sniffed = sniff_format(head)
    return sniffed if sniffed is not None and sniffed in ACTIVITY_FORMATS else named


def detect_layout(names: Collection[str], inherited: Layout = "plain") -> Layout:
    """What kind of archive holds these member names (zips inside a Garmin export stay Garmin)."""
    if STRAVA_CSV in names and any(name.startswith(f"{STRAVA_FOLDER}/") for name in names):
        return "strava"
    if inherited == "garmin" or any(name.startswith(f"{GARMIN_FOLDER}/") for name in names):
        return "garmin"
    return "plain"


def folder_layout(folder: Path, inherited: Layout) -> Layout:
    """What kind of folder this is: an unzipped Strava or Garmin export, or just a folder."""
    if (folder / STRAVA_CSV).is_file() and (folder / STRAVA_FOLDER).is_dir():
        return "strava"
    if inherited == "garmin" or (folder / GARMIN_FOLDER).is_dir():
        return "garmin"
    return "plain"


def damage_reason(error: Exception, gzipped: bool) -> str:
    """What to tell the user about a file whose first bytes could not be read."""
    if gzipped and isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"corrupt gzip ({describe_error(error)})"
    if isinstance(error, zipfile.BadZipFile):
        return f"damaged zip member ({describe_error(error)})"
    return f"cannot read ({describe_error(error)})"


def describe_error(error: BaseException) -> str:
    """A short, printable account of an I/O or archive error."""
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, EOFError):
        return "the data ends early"
    if isinstance(error, OSError) and error.strerror:
        return str(error.strerror)
    return printable(str(error)) or type(error).__name__


def display_name(parent: str, child: str) -> str:
    """The name a user sees for `child` inside `parent` (a folder or an archive)."""
    return f"{parent.rstrip('/')}/{printable(child)}"


def printable(text: str) -> str:
    """Names come from strangers: escape control characters before anyone prints them."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def parse_strava_csv(data: bytes) -> list[StravaRow]:
    """Rows of a Strava activities.csv, by column title (the first of duplicated titles wins).

    Raises CorruptFileError when the bytes are not CSV with the columns Strava writes.
    """
    text = data.decode("utf-8-sig", errors="replace")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            return []
        columns: dict[str, int] = {}
        for index, title in enumerate(header):
            columns.setdefault(title.strip(), index)
        if "Activity ID" not in columns or "Filename" not in columns:
            raise CorruptFileError(
                "activities.csv has no Activity ID or Filename column",
                "is this a Strava bulk export?",
            )
        return [
            _strava_row(cells, columns) for cells in reader if any(cell.strip() for cell in cells)
        ]
    except csv.Error as error:
        raise CorruptFileError(f"activities.csv is not readable CSV ({error})") from error


def _strava_row(cells: list[str], columns: dict[str, int]) -> StravaRow:
    def cell(*titles: str) -> str | None:
        for title in titles:
            index = columns.get(title)
            if index is not None and index < len(cells) and cells[index].strip():
                return cells[index].strip()
        return None

    filename = cell("Filename")
    if filename is not None:
        filename = filename.replace("\\", "/").removeprefix("./")
    meta = StravaActivityMeta(
        activity_id=cell("Activity ID") or "",
        name=cell("Activity Name"),
        activity_type=cell("Activity Type"),
        gear=cell("Activity Gear", "Gear"),
        date_text=cell("Activity Date"),
        elapsed_s=_finite_or_none(cell("Elapsed Time")),
        distance_text=cell("Distance"),
    )
    return StravaRow(filename, meta)


def _finite_or_none(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) else None
