"""The one door through which untrusted XML (GPX, TCX uploads and exports) comes in.

Activity files come from anywhere, so XML parsing must not expand entities (billion laughs), read
local files or the network (XXE), or grow without bound. lxml is used because it is several times
faster than the alternatives and, configured as below, refuses all of that; the standard library
parsers are never used. Real exports are often a little broken (whitespace before the declaration,
a truncated download), so this module also repairs what can be repaired and says so.

It also holds the small helpers both readers need to turn element text into values without ever
raising: names by local name (namespaces and prefixes vary between writers), numbers, times.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lxml import etree

from everyrun.domain.errors import CorruptFileError

MAX_XML_BYTES = 200 * 1024 * 1024  # a 24-hour 1 Hz GPX with extensions is ~40 MB
_UTF8_BOM = b"\xef\xbb\xbf"
_XML_WHITESPACE = b" \t\r\n"
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)
# Plausible recording years: GPS time starts in 1980; anything outside is a damaged value.
_EARLIEST_UTC = datetime(1980, 1, 1, tzinfo=UTC)
_LATEST_UTC = datetime(2200, 1, 1, tzinfo=UTC)
_HINT_CRAFTED = "activity files never need a DTD or entities; this file was crafted or corrupted"
_EXTERNAL_DTD = "refused: the XML refers to an external DTD, which could pull in external entities"
_HINT_DAMAGED = "the file is damaged; download or export it again from the device or platform"


@dataclass(frozen=True)
class ParsedXml:
    """A parsed document and, when it had to be repaired, a warning saying what was lost."""

    root: etree._Element
    warning: str | None = None


def untrusted_xml_parser(*, recover: bool) -> etree.XMLParser:
    """lxml configured to read nothing but the bytes it is given.

    Do not add `collect_ids=False`: with lxml 6.1 / libxml2 2.14 it makes the parser open a
    DOCTYPE's external subset (a local file such as /etc/passwd) even with `load_dtd=False`.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,  # keeps libxml2's limits on depth and text size
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )


def _strip_prolog_noise(data: bytes) -> bytes:
    """Drop a UTF-8 BOM and whitespace before `<?xml` (Garmin Connect downloads have both)."""
    previous = None
    while previous != data:
        previous = data
        data = data.lstrip(_XML_WHITESPACE)
        if data.startswith(_UTF8_BOM):
            data = data[len(_UTF8_BOM) :]
    return data


def _refuse_doctype_declarations(data: bytes) -> None:
    """Refuse entities and external DTDs before libxml2 sees them (ASCII-compatible encodings)."""
    doctype_at = data.find(b"<!DOCTYPE")
    if doctype_at < 0:
        return
    if b"<!ENTITY" in data:
        raise CorruptFileError(
            "refused: the XML declares entities in a DOCTYPE (entity expansion or external "
            "entities, as in 'billion laughs' or XXE attacks)",
            hint=_HINT_CRAFTED,
        )
    declaration = data[doctype_at : doctype_at + 4096].split(b"[", 1)[0].split(b">", 1)[0]
    if b"SYSTEM" in declaration or b"PUBLIC" in declaration:
        raise CorruptFileError(_EXTERNAL_DTD, hint=_HINT_CRAFTED)


def _refuse_parsed_dtd(root: etree._Element) -> None:
    """Second line of defence for encodings the byte scan cannot read (UTF-16)."""
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    # lxml-stubs lack DTD.iterentities and DocInfo.system_url, hence getattr.
    entities = getattr(dtd, "iterentities", None) if dtd is not None else None
    if entities is not None and any(True for _ in entities()):
        raise CorruptFileError(
            "refused: the XML declares entities in a DOCTYPE (entity expansion or external "
            "entities)",
            hint=_HINT_CRAFTED,
        )
    if getattr(docinfo, "system_url", None) or docinfo.public_id:
        raise CorruptFileError(_EXTERNAL_DTD, hint=_HINT_CRAFTED)


def count_elements(root: etree._Element, name: str) -> int:
    """Number of elements with this local name, in any or no namespace."""
    return sum(1 for _ in root.iter(f"{{*}}{name}"))


def parse_untrusted_xml(
    data: bytes, *, record_tag: str, max_bytes: int = MAX_XML_BYTES
) -> ParsedXml:
    """Parse `data` safely; `record_tag` is the local name of the elements worth salvaging.

    Damaged XML (a truncated download) is re-read in libxml2's recovery mode; if that salvages at
    least one `record_tag` element the tree comes back with a warning, else CorruptFileError.
    """
    if not data:
        raise CorruptFileError("empty file (0 bytes)", hint=_HINT_DAMAGED)
    if len(data) > max_bytes:
        raise CorruptFileError(
            f"refused: {len(data) / 1e6:.1f} MB of XML is more than the {max_bytes / 1e6:.0f} MB "
            "an activity file can plausibly need",
            hint="split the file or export the activity as FIT",
        )
    text = _strip_prolog_noise(data)
    if not text:
        raise CorruptFileError("the file holds only whitespace", hint=_HINT_DAMAGED)
    _refuse_doctype_declarations(text)
    try:
        root = etree.fromstring(text, untrusted_xml_parser(recover=False))
    except etree.XMLSyntaxError as strict_error:
        reason = strict_error.msg or str(strict_error)
        recovered = _recover(text)
        salvaged = count_elements(recovered, record_tag) if recovered is not None else 0
        if recovered is None or salvaged == 0:
            raise CorruptFileError(
                f"the XML is not well-formed: {reason}", hint=_HINT_DAMAGED
            ) from None
        _refuse_parsed_dtd(recovered)
        return ParsedXml(
            recovered,
            f"damaged XML ({reason}): recovered {salvaged} <{record_tag}> elements; "
            "whatever followed the damage was dropped",
        )
    if root is None:  # pragma: no cover - lxml raises instead for a strict parser
        raise CorruptFileError("the XML has no root element", hint=_HINT_DAMAGED)
    _refuse_parsed_dtd(root)
    return ParsedXml(root)


def _recover(text: bytes) -> etree._Element | None:
    try:
        root: etree._Element | None = etree.fromstring(text, untrusted_xml_parser(recover=True))
    except etree.XMLSyntaxError:
        return None
    return root


def local_name(tag: object) -> str:
    """`{namespace}Name` -> `Name`; comments and processing instructions -> ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


class LocalNames(dict[object, str]):
    """Memoised local names by tag (`names[element.tag]`): a dict hit instead of a string split."""

    def __init__(self, *, lower: bool = False) -> None:
        super().__init__()
        self._lower = lower

    def __missing__(self, tag: object) -> str:
        name = local_name(tag)
        if self._lower:
            name = name.lower()
        self[tag] = name
        return name


class NumberReader:
    """Text to float; a bad value becomes NaN and is counted, so one warning per field covers it."""

    def __init__(self) -> None:
        self._bad: dict[str, tuple[int, str]] = {}

    def __call__(self, text: str | None, what: str) -> float:
        if text is None:
            return math.nan
        try:
            value = float(text)
        except ValueError:
            if text.strip():  # an empty element means "not recorded", not damage
                self.note_bad(what, text)
            return math.nan
        if not math.isfinite(value):
            self.note_bad(what, text)
            return math.nan
        return value

    def note_bad(self, what: str, text: str) -> None:
        """Count a value that could not be read (for text the caller parses itself)."""
        count, example = self._bad.get(what, (0, text))
        self._bad[what] = (count + 1, example)

    def warnings(self) -> list[str]:
        return [
            f"{count} unreadable {what} value(s) read as missing (first: {example.strip()[:40]!r})"
            for what, (count, example) in self._bad.items()
        ]


def read_position(
    lat_text: str | None, lon_text: str | None, numbers: NumberReader
) -> tuple[float, float]:
    """Latitude and longitude in degrees, NaN for none, out of range, or 0,0 (no satellite fix)."""
    lat = numbers(lat_text, "latitude")
    lon = numbers(lon_text, "longitude")
    if lat != lat or lon != lon:  # NaN: not recorded
        return math.nan, math.nan
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or (lat == 0.0 and lon == 0.0):
        numbers.note_bad("position", f"{lat_text},{lon_text}")
        return math.nan, math.nan
    return lat, lon


@dataclass(frozen=True)
class Timestamp:
    """An instant as exact integer microseconds since 1970 UTC, and the offset it was written in."""

    epoch_us: int
    utc_offset_s: int | None  # None when the text had no offset at all

    def to_datetime(self) -> datetime:
        return _EPOCH_UTC + timedelta(microseconds=self.epoch_us)


def parse_timestamp(text: str | None) -> Timestamp | None:
    """ISO 8601 text to a Timestamp; None when missing, unreadable or implausible.

    Text without an offset is read as UTC, as both GPX and TCX require.
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    offset = moment.utcoffset()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        if not _EARLIEST_UTC <= moment < _LATEST_UTC:
            return None
        epoch_us = (moment - _EPOCH_UTC) // _ONE_MICROSECOND
    except OverflowError:
        return None
    offset_s = None if offset is None else int(offset.total_seconds())
    return Timestamp(epoch_us, offset_s)
