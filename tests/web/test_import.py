"""Import: uploads through the API and the plain form, and the page with progress in a browser."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from everyrun.web import importing
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.corpus import CORPUS
from tests.web.conftest import PageWatch

FIT = "run_suunto9_4.3km_no-hr.fit"
GPX = "run_strava-android_hr-cad.gpx"
TCX = "run_runtastic_lowercase-sport.tcx"
GZIPPED = "virtual-ride_garmin-edge1030plus_strava-export.fit.gz"
NOT_AN_ACTIVITY = "workout-file_trainingpeaks_not-an-activity.fit"
BAD_CRC = "corrupt_bad-file-crc.fit"


def corpus_file(name: str) -> tuple[str, tuple[str, bytes]]:
    return ("files", (name, (CORPUS / name).read_bytes()))


def upload(client: TestClient, *files: tuple[str, tuple[str, bytes]]) -> Any:
    return client.post("/api/imports", files=list(files))


def stored_ids(client: TestClient) -> set[int]:
    state = client.app.state.everyrun  # type: ignore[attr-defined]
    return {summary.id for summary in state.store.list_activities(state.athlete)}


def by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in report["files"]}


def test_a_fit_and_a_gpx_are_imported_analysed_and_then_already_present(
    empty_client: TestClient,
) -> None:
    done = upload(empty_client, corpus_file(FIT), corpus_file(GPX))
    assert done.status_code == 200, done.text
    report = done.json()
    assert report["counts"] == {"imported": 2, "already_present": 0, "skipped": 0, "failed": 0}
    assert report["activities_stored"] == 2 and report["samples_stored"] > 0
    assert report["analysed"] == 2 and report["analysis_error"] is None
    files = by_name(report)
    assert set(files) == {FIT, GPX}
    new_ids = {i for entry in files.values() for i in entry["activity_ids"]}
    assert new_ids == stored_ids(empty_client)
    for entry in files.values():
        assert entry["outcome"] == "imported" and entry["outcome_label"] == "Imported"
        (activity,) = entry["activities"]
        assert activity["purpose"] and activity["purpose_label"]  # analysed at once
        assert activity["url"] == f"/activities/{activity['id']}"
    state = empty_client.app.state.everyrun  # type: ignore[attr-defined]
    assert all(state.store.analyses(state.athlete, i) for i in new_ids)

    again = upload(empty_client, corpus_file(FIT), corpus_file(GPX)).json()
    assert again["counts"]["already_present"] == 2 and again["counts"]["imported"] == 0
    assert {i for e in again["files"] for i in e["same_as"]} == new_ids
    assert stored_ids(empty_client) == new_ids


def test_a_zip_with_several_files_names_each_member(empty_client: TestClient) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in (FIT, TCX, GZIPPED):
            bundle.write(CORPUS / name, f"watch/{name}")
        bundle.writestr("watch/readme.txt", "not an activity")
    report = upload(empty_client, ("files", ("export.zip", archive.getvalue()))).json()
    files = by_name(report)
    assert files[f"export.zip/watch/{FIT}"]["outcome"] == "imported"
    assert files[f"export.zip/watch/{TCX}"]["outcome"] == "imported"
    assert files[f"export.zip/watch/{GZIPPED}"]["outcome"] == "imported"
    assert files["export.zip/watch/readme.txt"]["outcome"] == "skipped"
    assert report["counts"]["imported"] == 3 and report["activities_stored"] == 3
    assert len(stored_ids(empty_client)) == 3


def test_corrupt_files_fail_with_their_reason_and_nothing_is_stored(
    empty_client: TestClient, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.fit.gz"
    cut.write_bytes((CORPUS / GZIPPED).read_bytes()[:20_000])  # a download cut short
    done = upload(empty_client, corpus_file(BAD_CRC), ("files", (cut.name, cut.read_bytes())))
    assert done.status_code == 200, done.text
    files = by_name(done.json())
    assert files[BAD_CRC]["outcome"] == "failed" and "checksum" in files[BAD_CRC]["reason"]
    assert files["cut.fit.gz"]["outcome"] == "failed"
    assert "gzip" in files["cut.fit.gz"]["reason"]
    assert all(entry["outcome_label"] == "Failed" for entry in files.values())
    assert stored_ids(empty_client) == set()


def test_a_non_activity_file_is_skipped_with_its_reason(empty_client: TestClient) -> None:
    report = upload(
        empty_client, corpus_file(NOT_AN_ACTIVITY), ("files", ("notes.txt", b"easy 10k"))
    ).json()
    files = by_name(report)
    assert files[NOT_AN_ACTIVITY]["outcome"] == "skipped"
    assert "workout" in files[NOT_AN_ACTIVITY]["reason"]
    assert files["notes.txt"] == {**files["notes.txt"], "outcome": "skipped"}
    assert "not an activity file" in files["notes.txt"]["reason"]
    assert report["counts"]["skipped"] == 2 and stored_ids(empty_client) == set()


def test_an_empty_upload_is_refused_with_a_message(empty_client: TestClient) -> None:
    nameless = upload(empty_client, ("files", ("", b"")))  # what an empty file input sends
    assert nameless.status_code == 400
    assert nameless.json() == {
        "error": "no files were uploaded",
        "hint": "choose one or more FIT, GPX or TCX files, or an export .zip",
    }
    fields_only = empty_client.post(
        "/api/imports",
        files={"note": (None, b"hello")},  # multipart without a file
    )
    assert fields_only.status_code == 400 and fields_only.json()["error"]
    not_a_form = empty_client.post("/api/imports", json={"files": []})
    assert not_a_form.status_code == 415
    assert "multipart/form-data" in not_a_form.json()["error"]


def test_an_upload_over_the_cap_is_413_with_a_clear_message(
    empty_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", 10_000)
    refused = upload(empty_client, corpus_file(FIT))
    assert refused.status_code == 413
    assert "larger than" in refused.json()["error"] and refused.json()["hint"]
    assert stored_ids(empty_client) == set()
    page = empty_client.post("/import", files=[corpus_file(FIT)])
    assert page.status_code == 413 and "larger than" in page.text


def test_uploaded_names_cannot_climb_out_and_the_temporary_folder_is_removed(
    empty_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    data = (CORPUS / GPX).read_bytes()
    report = upload(
        empty_client,
        ("files", ("../../escaped.gpx", data)),
        ("files", ("..\\..\\windows.txt", b"x")),
        ("files", ("..", b"y")),
    ).json()
    names = [entry["name"] for entry in report["files"]]
    assert names == ["escaped.gpx", "windows.txt", "upload"]
    assert by_name(report)["escaped.gpx"]["outcome"] == "imported"
    assert not (tmp_path / "escaped.gpx").exists()
    assert list(uploads.iterdir()) == []  # everything uploaded was removed


def test_safe_names_keep_the_extension_of_a_long_name() -> None:
    name = importing.safe_name("a" * 500 + ".fit.gz")
    assert name.endswith(".gz") and len(name) <= importing.MAX_NAME_CHARS
    assert importing.safe_name("C:\\Users\\me\\run\x00.fit") == "run.fit"
    assert importing.safe_name(None) == "upload"


def test_the_plain_form_imports_and_renders_the_outcome_table(client: TestClient) -> None:
    page = client.get("/import")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
    assert "/static/import.js" in page.text and "https://" not in page.text
    done = client.post("/import", files=[corpus_file(GPX), ("files", ("notes.txt", b"x"))])
    assert done.status_code == 200
    assert GPX in done.text and "Imported" in done.text and "Skipped" in done.text
    assert "1 imported" in done.text and "1 analysed" in done.text
    assert 'href="/activities/' in done.text
    empty = client.post("/import", files=[("files", ("", b""))])
    assert empty.status_code == 400 and "no files were uploaded" in empty.text
    assert client.get("/static/import.js").status_code == 200


def test_the_schema_documents_the_upload(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/imports"]["post"]
    assert operation["tags"] == ["import"] and operation["summary"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"200", "400", "413"} <= set(operation["responses"])


def test_importing_in_a_browser_shows_progress_and_the_outcome(watched: PageWatch) -> None:
    watched.open("/import")
    page: Any = watched.page
    page.set_input_files("#import-files", str(CORPUS / FIT))
    page.click("#import-submit")
    page.wait_for_selector("#import-result:not([hidden])")
    assert page.locator("#import-stage").inner_text() == "Done"
    assert page.eval_on_selector("#import-bar", "bar => bar.value === bar.max")
    row = page.locator("#import-rows tr")
    assert row.count() == 1
    assert FIT in row.inner_text() and "Imported" in row.inner_text()
    link = page.locator(".new-activities a")
    assert link.inner_text().startswith("Activity ")
    assert link.get_attribute("href").startswith("/activities/")
    assert page.evaluate("document.activeElement.id") == "result-h"
    # it is stored: the same file again is already present
    again = page.request.post(
        watched.base + "/api/imports",
        multipart={
            "files": {
                "name": FIT,
                "mimeType": "application/octet-stream",
                "buffer": (CORPUS / FIT).read_bytes(),
            }
        },
    ).json()
    assert again["counts"]["already_present"] == 1
    watched.screenshot("import")
    watched.assert_clean()


def test_import_works_on_a_phone_with_the_keyboard(phone: PageWatch) -> None:
    phone.open("/import")
    page: Any = phone.page
    page.set_input_files("#import-files", [str(CORPUS / GPX), str(CORPUS / NOT_AN_ACTIVITY)])
    page.focus("#import-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#import-result:not([hidden])")
    assert page.locator("#import-rows tr").count() == 2
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    phone.screenshot("import-phone")
    phone.assert_clean()
