"""Finding activity files in files, folders, .gz, .zip and bulk exports, with hostile input."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain.errors import CorruptFileError
from everyrun.importers.bulk_exports import (
    MANUAL_ENTRY_REASON,
    is_unsafe_member,
    parse_strava_csv,
    sniff_format,
)
from everyrun.importers.sources import (
    SourceFile,
    SourceProblem,
    StravaActivityMeta,
    count_sources,
    iter_sources,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "activities"
FIT = CORPUS / "run_garmin-fenix5_1min_hrv.fit"
OTHER_FIT = CORPUS / "hrv-only_garmin-fr920xt_2min.fit"
STRAVA_FIT_GZ = CORPUS / "virtual-ride_garmin-edge1030plus_strava-export.fit.gz"
GPX = CORPUS / "run_nikeplus_tz-offset_2pts.gpx"
OTHER_GPX = CORPUS / "track_garmin-oregon600_partial-hr_3-segments.gpx"
TCX = CORPUS / "indoor-ride_polar-beat_one-lap.tcx"
SPACED_TCX = CORPUS / "run_garmin-connect_whitespace-before-xml-decl.tcx"
MIB = 1024 * 1024

# Real Strava exports repeat "Elapsed Time" and "Distance" (display units first, SI later).
STRAVA_HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
    "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute",
    "Activity Private Note", "Activity Gear", "Filename", "Athlete Weight", "Bike Weight",
    "Elapsed Time", "Moving Time", "Distance", "Max Speed",
]  # fmt: skip


def strava_row(activity_id: str, name: str, kind: str, gear: str, filename: str) -> list[str]:
    return [
        activity_id, "Jan 5, 2024, 7:02:11 AM", name, kind, "", "3723", "10.02", "171", "88",
        "false", "", gear, filename, "70", "", "3723.0", "3600.0", "10020.5", "4.1",
    ]  # fmt: skip


def strava_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(STRAVA_HEADER)
    writer.writerow(
        strava_row("1001", 'Zwift, "easy"', "Virtual Ride", "Trainer", "activities/1001.fit.gz")
    )
    writer.writerow(strava_row("1002", "Lunch Run", "Run", "Pegasus 40", "activities/1002.gpx"))
    writer.writerow(strava_row("1003", "Café loop", "Run", "", "activities/1003.gpx.gz"))
    writer.writerow(strava_row("1004", "Long run", "Run", "Pegasus 40", "activities/1004.tcx.gz"))
    writer.writerow(strava_row("1005", "Yoga class", "Yoga", "", ""))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def strava_export() -> dict[str, bytes]:
    return {
        "activities.csv": strava_csv(),
        "activities/1001.fit.gz": STRAVA_FIT_GZ.read_bytes(),
        "activities/1002.gpx": GPX.read_bytes(),
        "activities/1003.gpx.gz": gzip.compress(OTHER_GPX.read_bytes()),
        "activities/1004.tcx.gz": gzip.compress(SPACED_TCX.read_bytes()),
        "activities/2000.fit": FIT.read_bytes(),  # in the folder, not in the CSV
        "media/0a1b2c.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        "routes/77.gpx": GPX.read_bytes(),  # a route, not an activity: never read
        "profile.csv": b"Athlete ID,Email\n1,a@b.c\n",
        "bikes.csv": b"Bike Name\nTrainer\n",
    }


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def drain(items: Iterator[SourceFile | SourceProblem]) -> list[SourceFile | SourceProblem]:
    """Every item, each file read as a consumer would; only CorruptFileError may escape read()."""
    found = list(items)
    for item in found:
        if isinstance(item, SourceFile):
            with contextlib.suppress(CorruptFileError):
                item.read()
    return found


def summary(items: list[SourceFile | SourceProblem]) -> list[tuple[str, str, str]]:
    return [
        (i.name, i.format, "") if isinstance(i, SourceFile) else (i.name, i.outcome, i.reason)
        for i in items
    ]


EXPECTED_STRAVA_META = {
    "activities/1001.fit.gz": StravaActivityMeta(
        "1001", 'Zwift, "easy"', "Virtual Ride", "Trainer", "Jan 5, 2024, 7:02:11 AM", 3723.0,
        "10.02",
    ),
    "activities/1002.gpx": StravaActivityMeta(
        "1002", "Lunch Run", "Run", "Pegasus 40", "Jan 5, 2024, 7:02:11 AM", 3723.0, "10.02"
    ),
    "activities/1003.gpx.gz": StravaActivityMeta(
        "1003", "Café loop", "Run", None, "Jan 5, 2024, 7:02:11 AM", 3723.0, "10.02"
    ),
    "activities/1004.tcx.gz": StravaActivityMeta(
        "1004", "Long run", "Run", "Pegasus 40", "Jan 5, 2024, 7:02:11 AM", 3723.0, "10.02"
    ),
    "activities/2000.fit": None,
}  # fmt: skip


def assert_strava_items(items: list[SourceFile | SourceProblem], root: str) -> None:
    files = [item for item in items if isinstance(item, SourceFile)]
    assert [f.name for f in files] == [f"{root}/{name}" for name in EXPECTED_STRAVA_META]
    assert [f.format for f in files] == ["fit", "gpx", "gpx", "tcx", "fit"]
    assert [f.metadata for f in files] == list(EXPECTED_STRAVA_META.values())
    assert files[0].read() == gzip.decompress(STRAVA_FIT_GZ.read_bytes())
    assert files[1].read() == GPX.read_bytes()
    assert files[2].read() == OTHER_GPX.read_bytes()
    assert files[3].read() == SPACED_TCX.read_bytes()
    problems = [item for item in items if isinstance(item, SourceProblem)]
    assert problems == [
        SourceProblem(f'{root}/activities.csv: 1005 "Yoga class"', "skipped", MANUAL_ENTRY_REASON)
    ]


def test_strava_export_zip_attaches_csv_rows_and_ignores_the_rest(tmp_path: Path) -> None:
    export = write_zip(tmp_path / "export_12345.zip", strava_export())

    items = list(iter_sources([export]))

    assert_strava_items(items, str(export))
    assert not any("media" in i.name or "routes" in i.name or "profile" in i.name for i in items)
    assert count_sources([export]) == 5


def test_strava_export_unzipped_as_a_folder_reads_the_same(tmp_path: Path) -> None:
    export = write_tree(tmp_path / "export_12345", strava_export())

    items = list(iter_sources([export]))

    assert_strava_items(items, str(export))
    assert count_sources([export]) == 5


def test_strava_export_found_inside_a_folder_and_read_after_the_walk_moved_on(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path / "downloads", {"z_run.fit": FIT.read_bytes()})
    write_zip(tmp_path / "downloads" / "export.zip", strava_export())

    items = list(iter_sources([tmp_path / "downloads"]))  # every archive is closed by now

    files = [i for i in items if isinstance(i, SourceFile)]
    assert files[-1].name == f"{tmp_path}/downloads/z_run.fit"
    assert files[1].name == f"{tmp_path}/downloads/export.zip/activities/1002.gpx"
    assert files[1].read() == GPX.read_bytes()
    assert files[0].metadata is not None and files[0].metadata.gear == "Trainer"


def test_unreadable_activities_csv_is_reported_and_files_still_come(tmp_path: Path) -> None:
    members = strava_export() | {"activities.csv": b"Name;Date\nx;y\n"}
    export = write_zip(tmp_path / "export.zip", members)

    items = list(iter_sources([export]))

    assert items[0] == SourceProblem(
        f"{export}/activities.csv", "failed", "activities.csv has no Activity ID or Filename column"
    )
    files = [i for i in items if isinstance(i, SourceFile)]
    assert len(files) == 5
    assert all(f.metadata is None for f in files)


def test_strava_csv_takes_the_first_of_duplicated_columns_and_old_gear_title() -> None:
    data = (
        b"Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Gear,"
        b"Filename,Elapsed Time,Distance\n"
        b'7,"Feb 1, 2019, 6:00:00 PM",Run,Run,60,0.2,Old shoes,activities/7.gpx,61.0,201.0\n'
        b"8,,,,,,,,\n"
        b"9\n"
    )

    rows = parse_strava_csv(data)

    assert rows[0].filename == "activities/7.gpx"
    assert rows[0].meta == StravaActivityMeta(
        "7", "Run", "Run", "Old shoes", "Feb 1, 2019, 6:00:00 PM", 60.0, "0.2"
    )
    assert [row.filename for row in rows] == ["activities/7.gpx", None, None]
    assert rows[2].meta.activity_id == "9"


def test_garmin_export_yields_fit_files_from_the_nested_zips(tmp_path: Path) -> None:
    part = zip_bytes(
        {
            "12345_ACTIVITY.fit": FIT.read_bytes(),
            "67890_ACTIVITY.FIT": OTHER_FIT.read_bytes(),
            "readme.json": b"{}",
        },
        zipfile.ZIP_STORED,
    )
    export = write_zip(
        tmp_path / "garmin.zip",
        {
            "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json": b"[]",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": part,
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
        },
    )

    items = list(iter_sources([export]))

    part_name = f"{export}/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
    assert summary(items) == [
        (f"{part_name}/12345_ACTIVITY.fit", "fit", ""),
        (f"{part_name}/67890_ACTIVITY.FIT", "fit", ""),
    ]
    assert isinstance(items[1], SourceFile)
    assert items[1].read() == OTHER_FIT.read_bytes()
    assert count_sources([export]) == 1  # the nested zip is not opened to count


def test_folders_walk_sorted_skip_noise_and_do_not_follow_symlink_loops(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "runs",
        {
            "2024/c.tcx": TCX.read_bytes(),
            "2023/b_ride.fit.gz": gzip.compress(OTHER_FIT.read_bytes()),
            "2023/a_run.fit": FIT.read_bytes(),
            ".DS_Store": b"\0\0\0\1Bud1",
            "__MACOSX/2023/._a_run.fit": b"\0\5\26\7",
            "notes.txt": b"easy week",
            "photo.jpg": b"\xff\xd8\xff",
            "backup.tar.gz": b"\x1f\x8b",
        },
    )
    (root / "2024" / "loop").symlink_to(root, target_is_directory=True)
    (root / "2024" / "gone.fit").symlink_to(root / "nowhere.fit")

    items = list(iter_sources([root]))

    assert summary(items) == [
        (f"{root}/2023/a_run.fit", "fit", ""),
        (f"{root}/2023/b_ride.fit.gz", "fit", ""),
        (f"{root}/2024/c.tcx", "tcx", ""),
        (f"{root}/2024/gone.fit", "failed", "broken link"),
        (f"{root}/backup.tar.gz", "skipped", "not an activity file (.tar.gz)"),
        (f"{root}/notes.txt", "skipped", "not an activity file (.txt)"),
        (f"{root}/photo.jpg", "skipped", "not an activity file (.jpg)"),
    ]
    assert count_sources([root]) == len(items)


def test_gz_file_is_decompressed_on_read_and_sniffing_tolerates_leading_spaces(
    tmp_path: Path,
) -> None:
    tcx_gz = tmp_path / "run.tcx.gz"
    tcx_gz.write_bytes(gzip.compress(SPACED_TCX.read_bytes()))

    (item,) = iter_sources([tcx_gz])

    assert isinstance(item, SourceFile)
    assert (item.name, item.format, item.metadata) == (str(tcx_gz), "tcx", None)
    assert item.read() == SPACED_TCX.read_bytes()


def test_read_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "a.gpx"
    path.write_bytes(GPX.read_bytes())
    (item,) = iter_sources([path])
    path.write_bytes(OTHER_GPX.read_bytes())

    assert isinstance(item, SourceFile)
    assert item.read() == OTHER_GPX.read_bytes()


def test_the_first_bytes_win_over_the_extension(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"fit_named.gpx": FIT.read_bytes(), "gpx_named.tcx": GPX.read_bytes(), "x.tcx": b"junk"},
    )

    items = list(iter_sources(sorted(tmp_path.iterdir())))

    assert [(i.name.rsplit("/", 1)[-1], getattr(i, "format", None)) for i in items] == [
        ("fit_named.gpx", "fit"),
        ("gpx_named.tcx", "gpx"),
        ("x.tcx", "tcx"),  # unproven: the TCX reader will say what is wrong
    ]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (FIT.read_bytes()[:64], "fit"),
        (SPACED_TCX.read_bytes()[:4096], "tcx"),
        (b"\xef\xbb\xbf\r\n<?xml version='1.0'?><gpx version='1.1'>", "gpx"),
        ("<?xml version='1.0'?><gpx>".encode("utf-16"), "gpx"),
        (b"<html><body>502</body></html>", "xml"),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_sniff_format(head: bytes, expected: str | None) -> None:
    assert sniff_format(head) == expected


def test_missing_paths_empty_files_and_unknown_extensions(tmp_path: Path) -> None:
    write_tree(tmp_path, {"empty.fit": b"", "photo.jpg": b"\xff\xd8", "README": b"hi"})

    names = ["nope.fit", "empty.fit", "photo.jpg", "README"]

    items = list(iter_sources([tmp_path / name for name in names]))

    assert summary(items) == [
        (f"{tmp_path}/nope.fit", "failed", "no such file or folder"),
        (f"{tmp_path}/empty.fit", "failed", "empty file"),
        (f"{tmp_path}/photo.jpg", "skipped", "not an activity file (.jpg)"),
        (f"{tmp_path}/README", "skipped", "not an activity file (no extension)"),
    ]


def test_corrupt_zips_fail_with_their_name(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"this is not a zip at all" * 10)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(zip_bytes({"a.fit": FIT.read_bytes()})[:-30])

    items = list(iter_sources([garbage, truncated]))

    assert [(i.name, getattr(i, "outcome", None)) for i in items] == [
        (str(garbage), "failed"),
        (str(truncated), "failed"),
    ]
    assert all(isinstance(i, SourceProblem) and "corrupt zip" in i.reason for i in items)


def test_corrupt_gzip_fails_at_once_or_on_read(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.fit.gz"
    garbage.write_bytes(b"not gzip at all, just text")
    truncated = tmp_path / "truncated.fit.gz"
    truncated.write_bytes(gzip.compress(FIT.read_bytes())[:-200])

    bad, cut = iter_sources([garbage, truncated])

    assert isinstance(bad, SourceProblem)
    assert (bad.name, bad.outcome) == (str(garbage), "failed")
    assert bad.reason.startswith("corrupt gzip")
    assert isinstance(cut, SourceFile)
    with pytest.raises(CorruptFileError):
        cut.read()


def test_bad_crc_shows_on_read(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"a.fit": FIT.read_bytes()}, zipfile.ZIP_STORED))
    data[30 + len("a.fit") + 2000] ^= 0xFF  # a byte in the middle of the stored member
    path = tmp_path / "crc.zip"
    path.write_bytes(bytes(data))

    (item,) = iter_sources([path])

    assert isinstance(item, SourceFile)
    with pytest.raises(CorruptFileError, match="CRC"):
        item.read()


def test_path_traversal_members_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    archive = write_zip(
        tmp_path / "work" / "evil.zip",
        {
            "../evil.fit": FIT.read_bytes(),
            "/tmp/absolute.fit": FIT.read_bytes(),
            "C:\\Windows\\drive.fit": FIT.read_bytes(),
            "ok/../../up.fit": FIT.read_bytes(),
            "good.fit": FIT.read_bytes(),
        },
    )
    before = files_under(tmp_path)

    items = drain(iter_sources([archive]))

    assert files_under(tmp_path) == before
    assert not (tmp_path / "evil.fit").exists() and not (tmp_path / "up.fit").exists()
    reason = "unsafe path in archive (points outside it)"
    assert summary(items) == [
        (f"{archive}/../evil.fit", "failed", reason),
        (f"{archive}//tmp/absolute.fit", "failed", reason),
        (f"{archive}/C:\\Windows\\drive.fit", "failed", reason),
        (f"{archive}/good.fit", "fit", ""),
        (f"{archive}/ok/../../up.fit", "failed", reason),
    ]


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [("../x.fit", True), ("a/../../x", True), ("/etc/passwd", True), ("\\\\server\\x", True),
     ("c:x.fit", True), ("D:/x.fit", True), ("a/b..c/x.fit", False), ("activities/1.fit", False)],
)  # fmt: skip
def test_unsafe_member_names(name: str, unsafe: bool) -> None:
    assert is_unsafe_member(name) is unsafe


def test_zip_bomb_of_600_mib_is_refused_from_its_headers(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("activities/bomb.fit", "w", force_zip64=True) as member,
    ):
        zeros = bytes(MIB)
        for _ in range(600):
            member.write(zeros)
    assert bomb.stat().st_size < 5 * MIB

    (item,) = iter_sources([bomb])

    assert item == SourceProblem(
        f"{bomb}/activities/bomb.fit", "failed", "zip bomb: expands past the 512 MiB cap"
    )


def test_compression_ratio_cap_from_headers(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "ratio.zip", {"big.fit": bytes(3 * MIB), "small.fit": bytes(100_000)}
    )

    items = list(iter_sources([archive], max_compression_ratio=100))

    assert summary(items) == [
        (f"{archive}/big.fit", "failed", "zip bomb: compressed more than 100:1"),
        (f"{archive}/small.fit", "fit", ""),  # under 1 MiB any ratio is fine
    ]


def test_bombs_without_honest_headers_are_caught_while_decompressing(tmp_path: Path) -> None:
    gz_bomb = gzip.compress(bytes(3 * MIB))
    top = tmp_path / "bomb.fit.gz"
    top.write_bytes(gz_bomb)
    archive = write_zip(tmp_path / "export.zip", {"inner.fit.gz": gz_bomb}, zipfile.ZIP_STORED)

    items = list(iter_sources([top, archive], max_member_bytes=2 * MIB))

    assert [i.name for i in items] == [str(top), f"{archive}/inner.fit.gz"]
    for item in items:
        assert isinstance(item, SourceFile)
        with pytest.raises(CorruptFileError, match="zip bomb"):
            item.read()


def test_nested_zips_end_at_the_depth_limit(tmp_path: Path) -> None:
    level3 = zip_bytes({"deep.fit": FIT.read_bytes(), "level4.zip": zip_bytes({"x.fit": b""})})
    level2 = zip_bytes({"level3.zip": level3})
    archive = write_zip(tmp_path / "level1.zip", {"level2.zip": level2})

    items = list(iter_sources([archive]))

    inner = f"{archive}/level2.zip/level3.zip"
    assert summary(items) == [
        (f"{inner}/deep.fit", "fit", ""),
        (f"{inner}/level4.zip", "failed", "zip nested more than 3 deep"),
    ]
    assert isinstance(items[0], SourceFile)
    assert items[0].read() == FIT.read_bytes()
    assert summary(list(iter_sources([archive], max_zip_depth=2))) == [
        (f"{archive}/level2.zip/level3.zip", "failed", "zip nested more than 2 deep")
    ]


def test_corrupt_nested_zip_fails_with_its_name(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "outer.zip", {"inner.zip": b"PK\x03\x04 truncated"})

    (item,) = iter_sources([archive])

    assert isinstance(item, SourceProblem)
    assert (item.name, item.outcome) == (f"{archive}/inner.zip", "failed")
    assert item.reason.startswith("corrupt zip")


def test_encrypted_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"secret.fit": FIT.read_bytes()}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flag_offset
        data[at] |= 0x1
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(data))

    assert list(iter_sources([path])) == [
        SourceProblem(f"{path}/secret.fit", "failed", "encrypted (password-protected) member")
    ]


def test_control_characters_in_member_names_are_escaped(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "odd.zip", {"run\x1b[31m.fit": FIT.read_bytes()})

    (item,) = iter_sources([archive])

    assert item.name == f"{archive}/run\\x1b[31m.fit"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2048), name=st.sampled_from(["x.zip", "x.gz", "x.fit.gz"]))
def test_random_bytes_only_ever_give_problems_or_corrupt_file_errors(
    tmp_path: Path, data: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    items = drain(iter_sources([path], max_member_bytes=MIB))

    assert all(isinstance(item, SourceFile | SourceProblem) for item in items)


SMALL_ZIP = zip_bytes(
    {"a.fit": FIT.read_bytes()[:3000], "b.gpx.gz": gzip.compress(GPX.read_bytes()), "c.zip": b""}
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(SMALL_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=6
    ),
    cut=st.integers(1, len(SMALL_ZIP)),  # len(SMALL_ZIP): not cut at all
)
def test_damaged_real_zips_only_ever_give_problems_or_corrupt_file_errors(
    tmp_path: Path, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(SMALL_ZIP)
    for position, value in edits:
        data[position] = value
    path = tmp_path / "x.zip"
    path.write_bytes(bytes(data[:cut]))

    items = drain(iter_sources([path], max_member_bytes=MIB))

    assert all(isinstance(item, SourceFile | SourceProblem) for item in items)
    assert count_sources([path]) >= 1


def test_zipfile_extractall_is_never_used() -> None:
    source = Path(__file__).resolve().parents[2] / "src" / "everyrun" / "importers"
    for module in ("sources.py", "bulk_exports.py"):
        assert "extractall" not in (source / module).read_text(encoding="utf-8")
        assert ".extract(" not in (source / module).read_text(encoding="utf-8")
