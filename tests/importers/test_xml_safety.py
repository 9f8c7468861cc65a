"""Untrusted XML: hostile documents are refused, damaged ones repaired with a warning."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from everyrun.domain.errors import CorruptFileError
from everyrun.importers.gpx import read_gpx
from everyrun.importers.tcx import read_tcx
from everyrun.importers.xml_safety import (
    LocalNames,
    NumberReader,
    count_elements,
    local_name,
    parse_timestamp,
    parse_untrusted_xml,
    read_position,
    untrusted_xml_parser,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "activities"
GPX_FULL = CORPUS / "run_garmin-connect_hr-cad.gpx"  # 602 points

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE gpx [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<gpx version="1.1"><trk><name>&lol9;</name><trkseg>'
    b'<trkpt lat="1" lon="1"><time>2020-01-01T00:00:00Z</time></trkpt>'
    b'<trkpt lat="1" lon="1.001"><time>2020-01-01T00:00:10Z</time></trkpt>'
    b"</trkseg></trk></gpx>"
)
XXE_PASSWD = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<gpx version="1.1"><trk><name>&xxe;</name><trkseg>'
    b'<trkpt lat="1" lon="1"><time>2020-01-01T00:00:00Z</time></trkpt>'
    b'<trkpt lat="1" lon="1.001"><time>2020-01-01T00:00:10Z</time></trkpt>'
    b"</trkseg></trk></gpx>"
)


def test_billion_laughs_is_refused_before_expansion() -> None:
    with pytest.raises(CorruptFileError, match="declares entities"):
        parse_untrusted_xml(BILLION_LAUGHS, record_tag="trkpt")
    with pytest.raises(CorruptFileError, match="declares entities"):
        read_gpx(BILLION_LAUGHS, "lol.gpx")


def test_external_entity_to_etc_passwd_is_refused_and_never_read() -> None:
    with pytest.raises(CorruptFileError, match="declares entities") as caught:
        read_gpx(XXE_PASSWD, "xxe.gpx")
    assert "root:" not in str(caught.value)
    with pytest.raises(CorruptFileError):
        read_tcx(XXE_PASSWD.replace(b"gpx", b"TrainingCenterDatabase"), "xxe.tcx")


def test_entities_are_refused_even_when_the_byte_scan_cannot_see_them() -> None:
    # UTF-16 hides "<!ENTITY" from a byte search; the parsed DTD is checked as well.
    utf16 = XXE_PASSWD.decode().replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
    data = utf16.encode("utf-16")
    assert b"<!ENTITY" not in data
    with pytest.raises(CorruptFileError, match="declares entities") as caught:
        parse_untrusted_xml(data, record_tag="trkpt")
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_external_dtd_is_refused(encoding: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE gpx SYSTEM "http://example.invalid/gpx.dtd"><gpx/>'
    )
    with pytest.raises(CorruptFileError, match="external DTD"):
        parse_untrusted_xml(text.encode(encoding), record_tag="trkpt")


def test_the_parser_itself_never_opens_an_external_subset(tmp_path: Path) -> None:
    # If libxml2 read this file it would fail on its content ("Content error in the external
    # subset"); lxml's collect_ids=False once made it do so despite load_dtd=False.
    dtd = tmp_path / "trap.dtd"
    dtd.write_bytes(b"this is not a DTD")
    document = f'<!DOCTYPE gpx SYSTEM "{dtd.as_uri()}"><gpx/>'.encode()
    for recover in (False, True):
        root = etree.fromstring(document, untrusted_xml_parser(recover=recover))
        assert root is not None and root.tag == "gpx"


def test_a_doctype_without_entities_is_harmless() -> None:
    parsed = parse_untrusted_xml(b"<!DOCTYPE gpx><gpx><trk/></gpx>", record_tag="trkpt")
    assert local_name(parsed.root.tag) == "gpx"
    assert parsed.warning is None


def test_truncated_gpx_is_recovered_with_a_warning_naming_what_was_kept() -> None:
    data = GPX_FULL.read_bytes()
    cut = data[: int(len(data) * 0.6)]
    parsed = parse_untrusted_xml(cut, record_tag="trkpt")
    assert parsed.warning is not None
    salvaged = count_elements(parsed.root, "trkpt")
    assert 300 < salvaged < 602
    assert f"recovered {salvaged} <trkpt> elements" in parsed.warning
    assert "damaged XML" in parsed.warning

    (activity,) = read_gpx(cut, "cut.gpx")
    assert parsed.warning in activity.warnings
    # The last point may have lost its time mid-element; everything before it is kept.
    assert salvaged - 1 <= len(activity.streams) <= salvaged
    full = read_gpx(data, "full.gpx")[0]
    assert activity.start_utc == full.start_utc
    assert activity.elapsed_s < full.elapsed_s


def test_truncated_before_any_point_is_a_clean_corrupt_file_error() -> None:
    cut = GPX_FULL.read_bytes()[:300]
    with pytest.raises(CorruptFileError, match="XML is not well-formed") as caught:
        read_gpx(cut, "cut.gpx")
    assert caught.value.hint  # tells the user what to do


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom"])
def test_empty_input_is_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptFileError):
        parse_untrusted_xml(data, record_tag="trkpt")
    with pytest.raises(CorruptFileError):
        read_gpx(data, "empty.gpx")
    with pytest.raises(CorruptFileError):
        read_tcx(data, "empty.tcx")


def test_random_bytes_are_corrupt() -> None:
    noise = bytes(range(256)) * 4 + b"\x00\xff" * 100
    with pytest.raises(CorruptFileError, match="not well-formed"):
        read_gpx(noise, "noise.gpx")
    with pytest.raises(CorruptFileError, match="not well-formed"):
        read_tcx(noise[::-1], "noise.tcx")


def test_whitespace_and_bom_before_the_declaration_are_stripped() -> None:
    data = b"\xef\xbb\xbf \r\n  <?xml version='1.0' encoding='UTF-8'?>\n<gpx><trk/></gpx>"
    parsed = parse_untrusted_xml(data, record_tag="trkpt")
    assert local_name(parsed.root.tag) == "gpx"
    assert parsed.warning is None


def test_size_cap_refuses_oversized_documents() -> None:
    with pytest.raises(CorruptFileError, match="refused"):
        parse_untrusted_xml(b"<gpx>" + b" " * 100 + b"</gpx>", record_tag="trkpt", max_bytes=64)


def test_local_names_ignore_namespaces_and_prefixes() -> None:
    root = parse_untrusted_xml(
        b'<a xmlns="urn:x" xmlns:odd="urn:y"><odd:Watts>1</odd:Watts><Watts>2</Watts></a>',
        record_tag="Watts",
    ).root
    names = LocalNames()
    assert [names[child.tag] for child in root] == ["Watts", "Watts"]
    assert count_elements(root, "Watts") == 2
    assert LocalNames(lower=True)["{urn:x}PowerInWatts"] == "powerinwatts"
    assert local_name(None) == ""


def test_number_reader_turns_bad_values_into_nan_and_one_warning_per_field() -> None:
    numbers = NumberReader()
    assert numbers(" 12.5 ", "hr") == 12.5
    assert math.isnan(numbers(None, "hr"))
    assert math.isnan(numbers("", "hr"))  # empty: not recorded, not damage
    assert math.isnan(numbers("abc", "hr"))
    assert math.isnan(numbers("1e999", "hr"))  # overflows to inf
    assert math.isnan(numbers("nan", "cadence"))
    assert numbers.warnings() == [
        "2 unreadable hr value(s) read as missing (first: 'abc')",
        "1 unreadable cadence value(s) read as missing (first: 'nan')",
    ]


def test_positions_out_of_range_or_at_null_island_are_missing() -> None:
    numbers = NumberReader()
    assert read_position("45.5", "7.25", numbers) == (45.5, 7.25)
    for lat, lon in [("95", "7"), ("45", "-181"), ("0", "0"), ("x", "7")]:
        assert all(math.isnan(v) for v in read_position(lat, lon, numbers))
    assert all(math.isnan(v) for v in read_position(None, None, numbers))
    assert numbers.warnings()[0].startswith("3 unreadable position value(s)")


def test_timestamps_keep_microseconds_and_offsets() -> None:
    moment = parse_timestamp("2015-12-11T15:43:13.994+01:00")
    assert moment is not None
    assert moment.utc_offset_s == 3600
    assert moment.to_datetime().isoformat() == "2015-12-11T14:43:13.994000+00:00"
    zulu = parse_timestamp(" 2022-11-12T15:58:25.849800Z ")
    assert zulu is not None and zulu.utc_offset_s == 0
    assert zulu.epoch_us % 1_000_000 == 849_800
    naive = parse_timestamp("2020-01-01T00:00:00")
    assert naive is not None and naive.utc_offset_s is None
    assert naive.to_datetime().isoformat() == "2020-01-01T00:00:00+00:00"
    for bad in [None, "", "yesterday", "2020-13-01T00:00:00Z", "0001-01-01T00:00:00+01:00"]:
        assert parse_timestamp(bad) is None
