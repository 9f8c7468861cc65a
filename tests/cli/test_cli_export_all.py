"""`everyrun export all`: every record of the single-user app in one JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, Library

FENIX2 = "run_garmin-fenix2_9km.fit"


def test_export_all_writes_every_activity_with_streams_and_the_logs(
    invoke: Invoke, library: Library, tmp_path: Path
) -> None:
    invoke("log", "wellness", "--sleep", "7.5", "--db", library.url)
    invoke("athlete", "set", "--max-hr", "188", "--db", library.url)
    target = tmp_path / "out" / "everyrun.json"
    target.parent.mkdir()

    report = json.loads(invoke("export", "all", "-o", target, "--json", "--db", library.url).stdout)

    assert report["output"] == str(target) and report["activities"] == len(library.ids)
    assert report["bytes"] == target.stat().st_size
    assert not list(target.parent.glob("*.part"))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "everyrun-export" and document["account"] is None
    by_id = {a["id"]: a for a in document["activities"]}
    assert set(by_id) == set(library.ids.values())
    fenix2 = by_id[library.ids[FENIX2]]
    assert fenix2["sport"] == "running" and fenix2["laps"]
    assert len(fenix2["streams"]["heart_rate_bpm"]) == len(fenix2["streams"]["time_s"]) > 1000
    assert [w["sleep_hours"] for w in document["wellness"]] == [7.5]
    assert [c["field"] for c in document["profile_changes"]] == ["max_heart_rate_bpm"]
    assert document["plans"] == [] and document["goals"] == []


def test_export_all_to_standard_output_is_the_document(invoke: Invoke, library: Library) -> None:
    document = json.loads(invoke("export", "all", "--db", library.url).stdout)
    assert len(document["activities"]) == len(library.ids)


def test_export_all_into_a_missing_folder_fails_cleanly(
    invoke: Invoke, library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "x.json"
    result = invoke("export", "all", "-o", target, "--db", library.url, code=2)
    assert "cannot write" in result.stderr and not target.exists()
