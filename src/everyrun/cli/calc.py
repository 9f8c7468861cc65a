"""`everyrun calc`: the published running formulas on numbers you type, no database needed."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun.cli.output import JsonOption, console, emit_json, user_errors
from everyrun.domain.science import critical_speed as cs_model
from everyrun.domain.science import riegel, vdot
from everyrun.domain.units import (
    HALF_MARATHON_M,
    MARATHON_M,
    PER_400M,
    PER_KM,
    PER_MILE,
    QuantityFormatError,
    convert_pace,
    format_distance,
    format_duration,
    format_pace,
    parse_distance_m,
    parse_duration_s,
    parse_pace,
    parse_pace_unit,
    seconds_per,
)

calc_app = typer.Typer(
    help="Running calculators from published formulas: VDOT, race equivalents, training paces, "
    "Riegel, critical speed, pace conversion.\n\n"
    "Example: [bold]everyrun calc vdot --distance 10k --time 41:21[/]",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

DistanceOption = Annotated[
    str, typer.Option("--distance", help="Race distance, e.g. 5k, 10K, half, marathon, 1600m.")
]
TimeOption = Annotated[str, typer.Option("--time", help="Race time, e.g. 41:21 or 1:31:35.")]
VdotOption = Annotated[float, typer.Option("--vdot", help="Your VDOT, e.g. 50.")]

STANDARD_RACES_M = (5000.0, 10000.0, HALF_MARATHON_M, MARATHON_M)
PACE_UNITS = (PER_KM, PER_MILE, PER_400M)


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)


def _print_table(table: Table, note: str) -> None:
    """The table, then where its numbers come from (a caption would wrap to the table's width)."""
    console.print(table)
    console.print(f"[dim]{escape(note)}[/]")


def _paces_s(speed_mps: float) -> dict[str, float]:
    return {f"per_{unit.name}_s": round(seconds_per(speed_mps, unit), 1) for unit in PACE_UNITS}


@calc_app.command("vdot")
def vdot_command(
    distance: DistanceOption, time: TimeOption, json_output: JsonOption = False
) -> None:
    """VDOT from one race: the fitness the race implies (Daniels & Gilbert 1979).

    Example: [bold]everyrun calc vdot --distance 10k --time 41:21[/]
    """
    with user_errors(json_output):
        distance_m = parse_distance_m(distance)
        time_s = parse_duration_s(time)
        value = vdot.vdot_from_race(distance_m, time_s)
    if json_output:
        emit_json(
            {
                "method": vdot.METHOD,
                "distance_m": distance_m,
                "time_s": time_s,
                "vdot": round(value, 2),
            }
        )
        return
    shown_time = format_duration(time_s, 1 if time_s % 1 else 0)
    console.print(
        f"{escape(format_distance(distance_m))} in {shown_time} → VDOT [bold]{value:.1f}[/]  "
        f"[dim]({vdot.METHOD})[/]"
    )
    console.print(
        f"[dim]Equivalent races: everyrun calc race --vdot {value:.1f}; "
        f"training paces: everyrun calc paces --vdot {value:.1f}[/]"
    )


@calc_app.command("race")
def race_command(
    vdot_value: VdotOption,
    distance: Annotated[
        list[str] | None,
        typer.Option("--distance", help="Another distance to predict (repeatable), e.g. 15k."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Equivalent race times for a VDOT: 5K, 10K, half, marathon and any distance you add.

    Example: [bold]everyrun calc race --vdot 50 --distance 15k[/]
    """
    with user_errors(json_output):
        extra_m = [parse_distance_m(text) for text in distance or []]
        distances_m = sorted(set(STANDARD_RACES_M) | set(extra_m))
        races = [(d, vdot.race_time_s(vdot_value, d)) for d in distances_m]
    if json_output:
        emit_json(
            {
                "method": vdot.METHOD,
                "vdot": vdot_value,
                "races": [
                    {
                        "distance": format_distance(d),
                        "distance_m": d,
                        "time_s": round(t, 1),
                        "time": format_duration(t),
                        "pace_per_km_s": round(t / d * 1000.0, 1),
                    }
                    for d, t in races
                ],
            }
        )
        return
    table = _table(f"Race equivalents for VDOT {vdot_value:g}")
    for header in ("Race", "Time", "Pace /km", "Pace /mi"):
        table.add_column(header, justify="left" if header == "Race" else "right")
    for distance_m, time_s in races:
        speed_mps = distance_m / time_s
        table.add_row(
            escape(format_distance(distance_m)),
            format_duration(time_s),
            format_pace(speed_mps, PER_KM),
            format_pace(speed_mps, PER_MILE),
        )
    _print_table(table, f"{vdot.METHOD}: the time whose VDOT equals {vdot_value:g}.")


_PACE_FRACTIONS = (
    ("E", "easy", vdot.EASY_FRACTION),
    ("M", "marathon", vdot.MARATHON_FRACTION),
    ("T", "threshold", vdot.THRESHOLD_FRACTION),
    ("I", "interval", vdot.INTERVAL_FRACTION),
    ("R", "repetition", vdot.REPETITION_FRACTION),
)


@calc_app.command("paces")
def paces_command(vdot_value: VdotOption, json_output: JsonOption = False) -> None:
    """Daniels' E/M/T/I/R training paces for a VDOT, per km, per mile and per 400 m.

    Example: [bold]everyrun calc paces --vdot 50[/]

    Each pace is a fixed fraction of the speed at VDOT (GoldenCheetah's method). E is a range in
    Daniels (59-74 % VO2max); the single E pace is its middle.
    """
    with user_errors(json_output):
        paces = vdot.training_paces(vdot_value)
        velocity_mps = vdot.velocity_at_vdot_m_per_min(vdot_value) / 60.0
    speeds = {
        "E": paces.easy_mps,
        "M": paces.marathon_mps,
        "T": paces.threshold_mps,
        "I": paces.interval_mps,
        "R": paces.repetition_mps,
    }
    if json_output:
        emit_json(
            {
                "method": vdot.PACES_METHOD,
                "vdot": vdot_value,
                "velocity_at_vdot_mps": velocity_mps,
                "paces": {
                    code: {
                        "name": name,
                        "fraction_of_velocity_at_vdot": fraction,
                        "speed_mps": speeds[code],
                        **_paces_s(speeds[code]),
                    }
                    for code, name, fraction in _PACE_FRACTIONS
                },
                "easy_range": {
                    "method": "59-74 % VO2max (Daniels) solved through the oxygen-cost equation",
                    "slow": {"speed_mps": paces.easy_slow_mps, **_paces_s(paces.easy_slow_mps)},
                    "fast": {"speed_mps": paces.easy_fast_mps, **_paces_s(paces.easy_fast_mps)},
                },
            }
        )
        return
    table = _table(f"Training paces for VDOT {vdot_value:g}")
    for header in ("", "Pace", "/km", "/mi", "/400 m", "× vVDOT"):
        table.add_column(header, justify="left" if header in ("", "Pace") else "right")
    for code, name, fraction in _PACE_FRACTIONS:
        speed_mps = speeds[code]
        table.add_row(
            code,
            name,
            format_duration(seconds_per(speed_mps, PER_KM)),
            format_duration(seconds_per(speed_mps, PER_MILE)),
            format_duration(seconds_per(speed_mps, PER_400M)),
            f"{fraction:.2f}",
        )
    _print_table(
        table,
        f"{vdot.PACES_METHOD}. E is a range in Daniels (59-74 % VO2max): "
        f"{format_pace(paces.easy_slow_mps)} to {format_pace(paces.easy_fast_mps)}; "
        "the E pace above is its middle.",
    )


@calc_app.command("riegel")
def riegel_command(
    distance: DistanceOption,
    time: TimeOption,
    to: Annotated[str, typer.Option("--to", help="Distance to predict, e.g. marathon.")],
    exponent: Annotated[
        float, typer.Option(help="Fatigue exponent; Riegel's is 1.06.")
    ] = riegel.RIEGEL_EXPONENT,
    json_output: JsonOption = False,
) -> None:
    """Predict a race time at another distance with Riegel's formula T2 = T1 · (D2/D1)^1.06.

    Example: [bold]everyrun calc riegel --distance 5k --time 25:00 --to marathon[/]
    """
    with user_errors(json_output):
        distance_m = parse_distance_m(distance)
        time_s = parse_duration_s(time)
        to_distance_m = parse_distance_m(to)
        prediction = riegel.riegel_time_s(time_s, distance_m, to_distance_m, exponent)
    if json_output:
        emit_json(
            {
                "method": riegel.METHOD,
                "exponent": exponent,
                "distance_m": distance_m,
                "time_s": time_s,
                "to_distance_m": to_distance_m,
                "predicted_time_s": round(prediction.time_s, 1),
                "predicted_time": format_duration(prediction.time_s),
                "is_within_valid_range": prediction.is_within_valid_range,
                "warning": prediction.warning,
            }
        )
        return
    console.print(
        f"{escape(format_distance(distance_m))} in {format_duration(time_s)} → "
        f"{escape(format_distance(to_distance_m))} in [bold]{format_duration(prediction.time_s)}[/]"
        f" ({format_pace(to_distance_m / prediction.time_s)})  "
        f"[dim]({riegel.METHOD}, exponent {exponent:g})[/]"
    )
    if prediction.warning:
        console.print(f"[yellow]⚠ {escape(prediction.warning)}[/]")


def _parse_trial(text: str) -> tuple[float, float]:
    distance_text, colon, time_text = text.partition(":")
    if not colon:
        raise QuantityFormatError(
            f"trial {text!r} is not DISTANCE:TIME", "e.g. 1600:6:00 or 5k:20:30"
        )
    return parse_distance_m(distance_text), parse_duration_s(time_text)


@calc_app.command("critical-speed")
def critical_speed_command(
    trials: Annotated[
        list[str],
        typer.Argument(
            help="Two or more all-out efforts as DISTANCE:TIME, e.g. 1600:6:00 3200:13:00.",
            metavar="DISTANCE:TIME",
            show_default=False,
        ),
    ],
    json_output: JsonOption = False,
) -> None:
    """Critical speed and D′ from all-out efforts of different length (d = CS·t + D′).

    Example: [bold]everyrun calc critical-speed 1600:6:00 3200:13:00[/]

    Two trials are solved exactly, more are fitted by least squares. Efforts of about 2 to 15
    minutes suit the model best.
    """
    with user_errors(json_output):
        parsed = [_parse_trial(text) for text in trials]
        result = cs_model.critical_speed(parsed)
    if json_output:
        emit_json(
            {
                "method": cs_model.METHOD,
                "trials": [{"distance_m": d, "time_s": t} for d, t in parsed],
                "cs_m_s": result.cs_m_s,
                "cs_pace_per_km_s": seconds_per(result.cs_m_s, PER_KM),
                "d_prime_m": result.d_prime_m,
                "r_squared": result.r_squared,
                "warnings": list(result.warnings),
            }
        )
        return
    table = _table(f"Critical speed from {result.trial_count} trials")
    table.add_column("")
    table.add_column("Value", justify="right")
    table.add_row("Critical speed", f"{result.cs_m_s:.3f} m/s")
    table.add_row(
        "CS pace", f"{format_pace(result.cs_m_s, PER_KM)}  {format_pace(result.cs_m_s, PER_MILE)}"
    )
    table.add_row("D′", f"{result.d_prime_m:.0f} m")
    if result.r_squared is not None:
        table.add_row("R²", f"{result.r_squared:.4f}")
    _print_table(table, f"{cs_model.METHOD}.")
    for warning in result.warnings:
        console.print(f"[yellow]⚠ {escape(warning)}[/]")


@calc_app.command("pace")
def pace_command(
    pace: Annotated[
        str, typer.Argument(help="A pace, e.g. 4:30/km, 7:15/mi or 1:34/400m.", show_default=False)
    ],
    to: Annotated[
        list[str] | None,
        typer.Option("--to", help="Unit to convert to (repeatable): km, mi or 400m; default all."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Convert a pace between per km, per mile and per 400 m.

    Example: [bold]everyrun calc pace 4:30/km --to mi[/]
    """
    with user_errors(json_output):
        given = parse_pace(pace)
        if to:
            units = [parse_pace_unit(text) for text in to]
        else:
            units = [unit for unit in PACE_UNITS if unit != given.unit] or list(PACE_UNITS)
    converted = [convert_pace(given, unit) for unit in units]
    if json_output:
        paces: dict[str, Any] = {
            p.unit.name: {
                "seconds": round(p.seconds_per_unit, 2),
                "pace": format_pace(p.speed_mps, p.unit),
            }
            for p in converted
        }
        emit_json(
            {
                "input": pace,
                "speed_mps": given.speed_mps,
                "speed_kmh": given.speed_mps * 3.6,
                "paces": paces,
            }
        )
        return
    shown = "  ".join(f"[bold]{escape(format_pace(p.speed_mps, p.unit))}[/]" for p in converted)
    original = escape(format_pace(given.speed_mps, given.unit))
    console.print(f"{original} = {shown}  [dim]({given.speed_mps * 3.6:.2f} km/h)[/]")
