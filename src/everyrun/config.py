"""Settings from flags and the environment: where data lives, which database, which time zone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from everyrun.domain.errors import ConfigurationError

DATABASE_URL_ENV = "EVERYRUN_DATABASE_URL"
HOME_ENV = "EVERYRUN_HOME"  # overrides the data folder (tests, demos, portable installs)
TIME_ZONE_ENV = "EVERYRUN_TIME_ZONE"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    time_zone: ZoneInfo
    time_zone_is_explicit: bool = False  # from a flag or the environment, not the machine


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    return (
        Path(override)
        if override
        else Path(platformdirs.user_data_dir("everyrun", appauthor=False))
    )


def load_settings(database_url: str | None = None, time_zone: str | None = None) -> Settings:
    folder = data_dir()
    url = database_url or os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{folder / 'everyrun.db'}"
    explicit = time_zone or os.environ.get(TIME_ZONE_ENV)
    return Settings(folder, url, zone(explicit or system_zone_name()), bool(explicit))


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigurationError(
            f"unknown time zone {name!r}",
            "use an IANA name such as Europe/Berlin, America/New_York or UTC",
        ) from error


def system_zone_name() -> str:
    """The machine's zone as an IANA name, for files that carry no local time."""
    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        name = timezone_file.read_text(encoding="utf-8").strip()
        if name:
            return name
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    return "UTC"
