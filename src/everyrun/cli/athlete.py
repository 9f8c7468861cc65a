"""`everyrun athlete set/show`: the profile analysis needs, each value dated and sourced."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from everyrun import bootstrap
from everyrun.cli.output import DbOption, JsonOption, console, emit_json, fail, user_errors
from everyrun.config import load_settings
from everyrun.domain.analysis.effort import athlete_zone_models
from everyrun.domain.analysis.estimates import Estimate
from everyrun.domain.athlete import PROFILE_FIELDS, DatedProfile
from everyrun.domain.science.zones import MPS, ZoneModel
from everyrun.domain.units import PER_KM, PER_MILE, format_pace, parse_pace
from everyrun.services import analysis as analysis_service
from everyrun.services import athlete as athlete_service

athlete_app = typer.Typer(
    help="Your profile: heart rates, threshold pace, VDOT, time zone. Every change is dated, so "
    "old activities keep the thresholds of their day.\n\n"
    "Example: [bold]everyrun athlete set --max-hr 188 --lthr 171 --threshold-pace 4:15/km[/]",
    no_args_is_help=True,
)

_LABELS = {
    "name": "Name",
    "sex": "Sex",
    "birth_year": "Birth year",
    "weight_kg": "Weight (kg)",
    "max_heart_rate_bpm": "Max heart rate (bpm)",
    "resting_heart_rate_bpm": "Resting heart rate (bpm)",
    "threshold_heart_rate_bpm": "Threshold heart rate, LTHR (bpm)",
    "threshold_speed_mps": "Threshold pace",
    "vdot": "VDOT",
    "time_zone": "Time zone",
    "units": "Units",
    "heart_rate_zones": "Heart-rate zones",
}
_SET_HINTS = {
    "max_heart_rate_bpm": "--max-hr",
    "resting_heart_rate_bpm": "--resting-hr",
    "threshold_heart_rate_bpm": "--lthr",
    "threshold_speed_mps": "--threshold-pace",
    "vdot": "--vdot",
    "sex": "--sex",
}


def _parse_day(text: str | None, option: str, as_json: bool) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            f"{option} {text!r} is not a date", "write YYYY-MM-DD, e.g. 2026-03-14", as_json=as_json
        )


@athlete_app.command("set")
def set_command(
    name: Annotated[str | None, typer.Option(help="Your name.")] = None,
    sex: Annotated[str | None, typer.Option(help="female or male (TRIMP weights differ).")] = None,
    birth_year: Annotated[int | None, typer.Option(help="e.g. 1986.")] = None,
    weight: Annotated[float | None, typer.Option(help="Body weight in kg.")] = None,
    max_hr: Annotated[float | None, typer.Option(help="Maximum heart rate, bpm.")] = None,
    resting_hr: Annotated[float | None, typer.Option(help="Resting heart rate, bpm.")] = None,
    lthr: Annotated[float | None, typer.Option(help="Lactate-threshold heart rate, bpm.")] = None,
    threshold_pace: Annotated[
        str | None, typer.Option(help="Threshold pace, e.g. 4:15/km or 6:50/mi.")
    ] = None,
    vdot: Annotated[float | None, typer.Option(help="Daniels VDOT, e.g. 50.")] = None,
    time_zone: Annotated[str | None, typer.Option(help="IANA zone, e.g. Europe/Berlin.")] = None,
    units: Annotated[str | None, typer.Option(help="metric or imperial.")] = None,
    hr_zones: Annotated[
        str | None,
        typer.Option(help="lthr (Friel), max (%HRmax) or reserve (Karvonen heart-rate reserve)."),
    ] = None,
    from_day: Annotated[
        str | None,
        typer.Option("--from", help="First day the values apply, YYYY-MM-DD (default: today)."),
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Set profile values from a day on; earlier days keep what was in force then.

    Example: [bold]everyrun athlete set --lthr 172 --from 2026-06-01[/]
    """
    now = datetime.now(UTC)
    with user_errors(json_output):
        values: dict[str, Any] = {
            "name": name,
            "sex": sex,
            "birth_year": birth_year,
            "weight_kg": weight,
            "max_heart_rate_bpm": max_hr,
            "resting_heart_rate_bpm": resting_hr,
            "threshold_heart_rate_bpm": lthr,
            "threshold_speed_mps": parse_pace(threshold_pace).speed_mps if threshold_pace else None,
            "vdot": vdot,
            "time_zone": time_zone,
            "units": units,
            "heart_rate_zones": hr_zones,
        }
        given = {k: v for k, v in values.items() if v is not None}
        settings = load_settings(database_url=db)
        day = (
            _parse_day(from_day, "--from", json_output) or now.astimezone(settings.time_zone).date()
        )
        store = bootstrap.open_store(settings)
        try:
            dated = athlete_service.set_profile(
                store, store.default_athlete_id(), given, effective_from=day, now_utc=now
            )
        finally:
            store.close()
    if json_output:
        emit_json(_profile_json(dated, {}))
    else:
        console.print(f"Saved {len(given)} value(s), in force from {day}.")
        console.print(_profile_table(dated, {}))
        console.print(
            "[dim]Run `everyrun analyze --all` to judge stored activities with these values.[/]"
        )


@athlete_app.command("show")
def show_command(
    on: Annotated[str | None, typer.Option("--date", help="The day to show, YYYY-MM-DD.")] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show the profile in force on a day, with estimates from your history for what is unset.

    Example: [bold]everyrun athlete show --date 2025-06-01 --json[/]
    """
    with user_errors(json_output):
        dated, estimates = _profile_and_estimates(on, db, json_output)
    if json_output:
        emit_json(_profile_json(dated, estimates))
    else:
        console.print(_profile_table(dated, estimates))
        if not estimates:
            console.print(
                "[dim]Run `everyrun analyze --all` after importing to estimate unset values "
                "from your history.[/]"
            )


def _display(name: str, value: Any, units: str | None) -> str:
    if value is None:
        return "–"
    if name == "threshold_speed_mps":
        return format_pace(float(value), PER_MILE if units == "imperial" else PER_KM)
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


def _profile_table(dated: DatedProfile, estimates: dict[str, Estimate]) -> Table:
    units = dated.profile.units
    used = analysis_service.with_estimates(dated.profile, estimates)
    table = Table(title=f"Profile on {dated.day}", title_justify="left")
    table.add_column("Setting")
    table.add_column("Value", no_wrap=True)
    table.add_column("Where it comes from", overflow="fold")
    for name in PROFILE_FIELDS:
        value = getattr(dated.profile, name)
        source = dated.sources.get(name)
        estimate = estimates.get(name)
        if source is not None:
            note = f"set from {source.effective_from}"
            if name in dated.backdated:
                note += f" (first set after {dated.day}: used for it as the best known)"
            table.add_row(_LABELS[name], _display(name, value, units), note)
        elif estimate is not None and getattr(used, name) is not None:
            shown = _display(name, estimate.value, units)
            table.add_row(_LABELS[name], f"≈ {shown}", f"estimated: {escape(estimate.evidence)}")
        elif estimate is not None:
            shown = _display(name, estimate.value, units)
            table.add_row(
                _LABELS[name],
                "–",
                f"not set; ≈ {shown} estimated but not used: the values you set come first",
            )
        else:
            hint = _SET_HINTS.get(name)
            table.add_row(
                _LABELS[name], "–", f"not set (everyrun athlete set {hint} …)" if hint else ""
            )
    return table


def _profile_json(dated: DatedProfile, estimates: dict[str, Estimate]) -> dict[str, Any]:
    """Each value in force (set, or estimated where analysis uses the estimate) and its source."""
    used = analysis_service.with_estimates(dated.profile, estimates)
    fields: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        source = dated.sources.get(name)
        estimate = estimates.get(name)
        estimated = source is None and getattr(used, name) is not None
        fields[name] = {
            "value": getattr(used, name),
            "source": "set" if source else ("estimated" if estimated else None),
            "effective_from": source.effective_from if source else None,
            "backdated": name in dated.backdated,
            "estimate": None
            if estimate is None
            else {
                "value": estimate.value,
                "evidence": estimate.evidence,
                "activity_id": estimate.activity_id,
                "used": estimated,
            },
        }
    return {"day": dated.day, "profile": fields}


@athlete_app.command("zones")
def zones_command(
    on: Annotated[str | None, typer.Option("--date", help="The day, YYYY-MM-DD.")] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Your heart-rate, pace and three-zone intensity bands, from the profile in force.

    Example: [bold]everyrun athlete zones --json[/]
    """
    with user_errors(json_output):
        dated, estimates = _profile_and_estimates(on, db, json_output)
        models = athlete_zone_models(analysis_service.with_estimates(dated.profile, estimates))
    if json_output:
        emit_json({"day": dated.day, "zones": [_zones_json(model) for model in models]})
        return
    if not models:
        console.print(
            "No zones yet: set a max heart rate, LTHR, threshold pace or VDOT with "
            "[bold]everyrun athlete set[/]."
        )
    units = dated.profile.units
    for model in models:
        console.print(_zones_table(model, units))


def _bound(value: float, unit: str, units: str | None) -> str:
    if value in (0.0, float("inf")):
        return ""
    if unit == MPS:
        return format_pace(value, PER_MILE if units == "imperial" else PER_KM)
    return f"{value:.0f}"


def _zones_table(model: ZoneModel, units: str | None) -> Table:
    unit = "pace" if model.unit == MPS else model.unit
    table = Table(title=f"{model.name} ({escape(model.source)})", title_justify="left")
    table.add_column("Zone")
    table.add_column(f"From ({unit})", justify="right")
    table.add_column(f"To ({unit})", justify="right")
    for zone in model.zones:
        lower = _bound(zone.lower, model.unit, units)
        upper = _bound(zone.upper, model.unit, units)
        table.add_row(escape(zone.name), lower or "–", upper or "–")
    return table


def _zones_json(model: ZoneModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "unit": model.unit,
        "source": model.source,
        "zones": [
            {
                "name": zone.name,
                "lower": zone.lower,
                "upper": None if zone.upper == float("inf") else zone.upper,
            }
            for zone in model.zones
        ],
    }


def _profile_and_estimates(
    on: str | None, db: str | None, json_output: bool
) -> tuple[DatedProfile, dict[str, Estimate]]:
    """The profile in force on the day asked (default: today where the athlete is)."""
    now = datetime.now(UTC)
    settings = load_settings(database_url=db)
    day = _parse_day(on, "--date", json_output) or now.astimezone(settings.time_zone).date()
    store = bootstrap.open_store(settings)
    try:
        athlete = store.default_athlete_id()
        dated = athlete_service.profile_for_day(store, athlete, day)
        return dated, analysis_service.history_estimates(store, athlete, day)
    finally:
        store.close()
