"""Command-line fixtures: every test runs `everyrun` in its own data folder and database.

`library` is a database with a few real recordings already imported (built once per worker from
the shared corpus, copied for each test so no test sees another's changes).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from everyrun.cli.app import app
from everyrun.config import DATABASE_URL_ENV, HOME_ENV, TIME_ZONE_ENV
from tests.corpus import CORPUS

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

# Imported into `library`, in the athlete's zone Europe/Berlin (for files without local time).
LIBRARY_FILES = (
    "run_garmin-fenix2_9km.fit",  # 9 km run with laps, GPS, HR, cadence, temperature
    "run_garmin-fenix5x-plus_18.7km_9-pauses.fit",  # the longest run: 12 laps, 8 pauses
    "treadmill_garmin-fr920xt_runscribe-devfields.fit",  # 01:39 UTC, 20:39 the day before locally
    "run_garmin-fr225_time-jump.fit",  # imported with data warnings
    "poolswim_garmin-fr945_2km.fit",  # no positions
    "ride_garmin-edge520_power.tcx",  # cycling with power
    "run_garmin-connect-2012_hr.gpx",  # 23:29 UTC, the next day in Berlin
)
LIBRARY_TIME_ZONE = "Europe/Berlin"


def plain(text: str) -> str:
    """Output without colour codes, in case the environment forces a terminal."""
    return _ANSI.sub("", text)


Invoke = Callable[..., Result]


def _invoke(runner: CliRunner, *args: str | Path, code: int | None = 0) -> Result:
    result = runner.invoke(app, [str(a) for a in args], prog_name="everyrun")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if code is not None:
        assert result.exit_code == code, (
            f"everyrun {' '.join(map(str, args))} exited {result.exit_code}, expected {code}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    return result


def _isolate(monkeypatch: pytest.MonkeyPatch, home: Path, columns: int = 120) -> None:
    monkeypatch.setenv(HOME_ENV, str(home))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.delenv(TIME_ZONE_ENV, raising=False)
    monkeypatch.setenv("TZ", "UTC")  # the "machine's zone" when no --time-zone is given
    monkeypatch.setenv("COLUMNS", str(columns))  # Rich and Typer wrap to this width


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """EVERYRUN_HOME for this test; nothing in the environment points at a real database."""
    folder = tmp_path / "home"
    _isolate(monkeypatch, folder)
    return folder


@pytest.fixture
def db_url(tmp_path: Path, home: Path) -> str:
    del home
    return f"sqlite:///{tmp_path / 'x.db'}"


@pytest.fixture
def invoke(home: Path) -> Invoke:
    """Run `everyrun ARGS` and check the exit code (0 unless `code=` says otherwise)."""
    del home
    runner = CliRunner()

    def run(*args: str | Path, code: int | None = 0) -> Result:
        return _invoke(runner, *args, code=code)

    return run


def copy_corpus(names: tuple[str, ...] | list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(CORPUS / name, folder / name)
    return folder


@dataclass(frozen=True)
class Library:
    url: str
    path: Path
    ids: dict[str, int]  # corpus file name -> activity id
    report: dict[str, Any]  # the import's JSON report

    def outcome(self, filename: str) -> dict[str, Any]:
        found = [f for f in self.report["files"] if Path(f["name"]).name == filename]
        assert len(found) == 1, filename
        outcome: dict[str, Any] = found[0]
        return outcome


@pytest.fixture(scope="session")
def _library_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("library")
    database = root / "db" / "x.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, root / "home")
        files = copy_corpus(LIBRARY_FILES, root / "files")
        result = _invoke(
            CliRunner(),
            "import",
            files,
            "--json",
            "--db",
            f"sqlite:///{database}",
            "--time-zone",
            LIBRARY_TIME_ZONE,
        )
    report = json.loads(result.stdout)
    assert report["counts"] == {"imported": 7, "already_present": 0, "skipped": 0, "failed": 0}
    ids = {}
    for item in report["files"]:
        (ids[Path(item["name"]).name],) = item["activity_ids"]
    yield Library(f"sqlite:///{database}", database, ids, report)


@pytest.fixture
def library(_library_template: Library, tmp_path: Path, home: Path) -> Library:
    """A private copy of the imported library at tmp_path/x.db."""
    del home
    target = tmp_path / "x.db"
    for part in _library_template.path.parent.glob("x.db*"):  # the -wal file, if one is left
        shutil.copyfile(part, target.with_name(part.name))
    return Library(f"sqlite:///{target}", target, _library_template.ids, _library_template.report)
