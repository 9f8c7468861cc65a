"""`everyrun import` and `db` end to end: real recordings in, tables and JSON out.

Exit codes: 0 done, 1 some file failed to import, 2 the command itself could not run.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from everyrun import bootstrap
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Invoke, Library, copy_corpus, plain
from tests.cli.library_files import (
    CORRUPT,
    FENIX2,
)
from tests.cli.library_files import (
    read_json as _json,
)
from tests.corpus import CORPUS

# --- import -----------------------------------------------------------------------------------


def test_import_files_then_again_reports_them_already_present(
    invoke: Invoke, tmp_path: Path, db_url: str
) -> None:
    names = [FENIX2, "run_garmin-connect_hr-cad.gpx", "run_polar-m400.tcx"]
    folder = copy_corpus(names, tmp_path / "in")
    paths = [folder / name for name in names]

    first = _json(invoke("import", *paths, "--json", "--db", db_url).stdout)

    assert first["counts"] == {"imported": 3, "already_present": 0, "skipped": 0, "failed": 0}
    assert first["activities_stored"] == 3
    assert [Path(f["name"]).name for f in first["files"]] == names
    assert all(f["outcome"] == "imported" and f["reason"] is None for f in first["files"])
    assert first["samples_stored"] == sum(f["sample_count"] for f in first["files"])
    assert all(f["sample_count"] > 500 for f in first["files"])
    stored_ids = [f["activity_ids"] for f in first["files"]]
    assert sorted(i for ids in stored_ids for i in ids) == [1, 2, 3]

    again = _json(invoke("import", folder, "--json", "--db", db_url).stdout)

    assert again["counts"] == {"imported": 0, "already_present": 3, "skipped": 0, "failed": 0}
    assert again["activities_stored"] == 0
    assert again["samples_stored"] == 0
    by_name = {Path(f["name"]).name: f for f in again["files"]}
    for name, ids in zip(names, stored_ids, strict=True):
        assert by_name[name]["outcome"] == "already_present"
        assert by_name[name]["same_as"] == ids
    rows = _json(invoke("activities", "--json", "--db", db_url).stdout)
    assert len(rows) == 3


def test_import_prints_a_summary_table(invoke: Invoke, tmp_path: Path, db_url: str) -> None:
    folder = copy_corpus([FENIX2, "run_garmin-connect_hr-cad.gpx"], tmp_path / "in")

    output = plain(invoke("import", folder, "--db", db_url).stdout)

    assert re.search(r"2 files in \d+\.\d s", output)
    assert re.search(r"imported\s+│\s+2", output)
    assert re.search(r"activities stored\s+│\s+2", output)
    assert "Not imported" not in output


def test_import_reports_a_corrupt_file_by_name_and_reason(
    invoke: Invoke, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_corpus([CORRUPT, FENIX2], tmp_path / "in")
    monkeypatch.chdir(tmp_path)  # short relative names keep the table's cells on one line

    report = _json(invoke("import", "in", "--json", "--db", db_url, code=1).stdout)

    assert report["counts"] == {"imported": 1, "already_present": 0, "skipped": 0, "failed": 1}
    (failed,) = [f for f in report["files"] if f["outcome"] == "failed"]
    assert failed["name"] == f"in/{CORRUPT}"
    assert "checksum" in failed["reason"]
    assert failed["activity_ids"] == []
    (imported,) = [f for f in report["files"] if f["outcome"] == "imported"]
    assert imported["name"] == f"in/{FENIX2}"

    result = invoke("import", "in", "--db", db_url, code=1)  # again, as a table
    output = plain(result.stdout)
    assert "Not imported, and why" in output
    assert re.search(rf"in/{re.escape(CORRUPT)}\s+│\s+failed\s+│\s+FIT checksum", output)
    assert re.search(rf"in/{re.escape(FENIX2)}\s+│\s+already present", output)


def test_import_of_a_path_that_does_not_exist_names_it(
    invoke: Invoke, tmp_path: Path, db_url: str
) -> None:
    missing = tmp_path / "no-such-folder"

    result = invoke("import", missing, "--db", db_url, code=2)
    assert f"no such file or folder: {missing}" in plain(result.stderr)
    assert "hint: check the path" in plain(result.stderr)

    as_json = _json(invoke("import", missing, "--db", db_url, "--json", code=2).stdout)
    assert as_json["error"] == f"no such file or folder: {missing}"
    assert not (tmp_path / "x.db").exists()


def test_import_with_an_unknown_time_zone_gives_a_hint(
    invoke: Invoke, tmp_path: Path, db_url: str
) -> None:
    folder = copy_corpus([FENIX2], tmp_path / "in")

    result = invoke("import", folder, "--time-zone", "Not/AZone", "--db", db_url, code=2)

    assert "unknown time zone 'Not/AZone'" in plain(result.stderr)
    assert "Europe/Berlin" in plain(result.stderr)  # the hint names real zones
    as_json = _json(
        invoke(
            "import", folder, "--time-zone", "Not/AZone", "--db", db_url, "--json", code=2
        ).stdout
    )
    assert as_json["error"] == "unknown time zone 'Not/AZone'"
    assert "IANA" in as_json["hint"]
    assert not (tmp_path / "x.db").exists()


def test_names_with_brackets_are_printed_as_they_are(
    invoke: Invoke, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rich reads [..] as markup; a file or activity name must never be taken for it."""
    folder = tmp_path / "in"
    folder.mkdir()
    gpx = (CORPUS / "run_garmin-connect_hr-cad.gpx").read_bytes()
    assert b"<name>Mannheim Running</name>" in gpx
    renamed = gpx.replace(b"<name>Mannheim Running</name>", b"<name>Tempo [/] [bold]x</name>")
    (folder / "tempo [red].gpx").write_bytes(renamed)
    (folder / "bad [bold].fit").write_bytes((CORPUS / CORRUPT).read_bytes())
    monkeypatch.chdir(tmp_path)

    output = plain(invoke("import", "in", "--db", db_url, code=1).stdout)
    assert re.search(r"in/bad \[bold\]\.fit\s+│\s+failed", output)

    rows = _json(invoke("activities", "--json", "--db", db_url).stdout)
    assert [row["name"] for row in rows] == ["Tempo [/] [bold]x"]
    assert "Tempo [/] [bold]x" in plain(invoke("activities", "--db", db_url).stdout)
    shown = plain(invoke("activity", str(rows[0]["id"]), "--db", db_url).stdout)
    assert "Tempo [/] [bold]x" in shown
    assert "in/tempo [red].gpx" in shown


# --- db ---------------------------------------------------------------------------------------


def test_db_upgrade_twice(invoke: Invoke, tmp_path: Path) -> None:
    database = tmp_path / "new" / "folder" / "x.db"
    url = f"sqlite:///{database}"

    first = invoke("db", "upgrade", "--db", url)
    assert f"Database is up to date: {url}" in " ".join(plain(first.stdout).split())
    assert database.is_file()

    second = _json(invoke("db", "upgrade", "--db", url, "--json").stdout)
    assert second == {"database": url, "status": "up to date"}
    assert _json(invoke("activities", "--json", "--db", url).stdout) == []


def test_the_default_database_lives_in_everyrun_home(invoke: Invoke, home: Path) -> None:
    report = _json(invoke("db", "upgrade", "--json").stdout)

    assert report["database"] == f"sqlite:///{home / 'everyrun.db'}"
    assert (home / "everyrun.db").is_file()


def test_db_upgrade_never_prints_the_password(invoke: Invoke) -> None:
    url = "postgresql+psycopg://me:s3cret-pw@127.0.0.1:1/everyrun"  # nothing listens on port 1

    result = invoke("db", "upgrade", "--db", url, code=2)

    assert "cannot connect to database postgresql+psycopg://me:***@127.0.0.1:1/everyrun" in (
        plain(result.stderr)
    )
    assert "s3cret-pw" not in result.output
    as_json = invoke("db", "upgrade", "--db", url, "--json", code=2)
    assert "s3cret-pw" not in as_json.output


def test_db_upgrade_shows_the_database_without_its_password(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://me:s3cret-pw@db.example:5432/everyrun"

    class MigratedStore:  # stands in for a server that accepted the upgrade
        url_for_display = SqlStore(url).url_for_display

        def close(self) -> None:
            pass

    monkeypatch.setattr(bootstrap, "open_store", lambda settings: MigratedStore())

    shown = invoke("db", "upgrade", "--db", url)
    as_json = _json(invoke("db", "upgrade", "--db", url, "--json").stdout)

    masked = "postgresql+psycopg://me:***@db.example:5432/everyrun"
    assert f"Database is up to date: {masked}" in plain(shown.stdout)
    assert as_json == {"database": masked, "status": "up to date"}
    assert "s3cret-pw" not in shown.output


def test_a_database_url_that_cannot_work(invoke: Invoke) -> None:
    result = invoke("activities", "--db", "nosuchdriver://x/y", code=2)

    assert "error:" in plain(result.stderr)
    assert "Traceback" not in result.output


def test_times_are_utc_in_json(invoke: Invoke, library: Library) -> None:
    rows = _json(invoke("activities", "--json", "--db", library.url).stdout)
    for row in rows:
        assert datetime.fromisoformat(row["start_utc"]).utcoffset() == UTC.utcoffset(None)
