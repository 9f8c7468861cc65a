"""Plans from coaches, books and spreadsheets, read into dated workout lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from everyrun.importers.plan_files import MAX_PLAN_BYTES, PlanFileError, read_plan_file

PLANS = Path(__file__).parent / "data" / "plans"
START = date(2027, 1, 4)


def _read(name: str) -> list[tuple[str, str]]:
    source = read_plan_file(PLANS / name, start=START)
    return [(row.day.isoformat(), row.text) for row in source.rows]


def test_a_coach_style_grid_of_weeks_by_weekdays() -> None:
    source = read_plan_file(PLANS / "coach_grid.csv", start=START)

    assert len(source.rows) == 14
    assert (source.rows[2].day, source.rows[2].text) == (
        date(2027, 1, 6),
        "6x800m @ 5K pace w/ 400m jog",
    )
    assert source.rows[-1].day == date(2027, 1, 17)
    assert "week 1 starts 2027-01-04" in source.notes[0]
    assert [s.text for s in source.skipped] == ["Marathon base block (Coach Ana)"]


def test_a_grid_starts_on_the_start_given() -> None:
    source = read_plan_file(PLANS / "coach_grid.csv", start=date(2027, 2, 1))

    assert source.rows[0].day == date(2027, 2, 1)


def test_a_dated_csv_with_semicolons_and_a_notes_column() -> None:
    source = read_plan_file(PLANS / "dated.csv", start=START)

    assert [(r.day.isoformat(), r.text) for r in source.rows] == [
        ("2027-01-04", "rest"),
        ("2027-01-05", "45' easy"),
        ("2027-01-06", "10 x 1' r=1'"),
        ("2027-01-07", "blorp"),
    ]
    assert source.rows[1].detail == "keep it conversational"
    assert source.notes == ()


def test_icalendar_all_day_and_timed_events() -> None:
    source = read_plan_file(PLANS / "plan.ics", start=START)

    assert [(r.day, r.text) for r in source.rows] == [
        (date(2027, 1, 4), "45' easy"),
        (date(2027, 1, 5), "Intervals"),
        (date(2027, 1, 7), "Long run 28 km"),
    ]
    assert source.rows[1].detail == "6x800m @ 5K pace w/ 400m jog"


def test_yaml_list_of_dated_workouts() -> None:
    assert _read("dated.yaml") == [
        ("2027-01-04", "rest"),
        ("2027-01-05", "6x800m @ 5K pace w/ 400m jog"),
        ("2027-01-06", "yoga"),
    ]


def test_yaml_weeks_of_days() -> None:
    rows = _read("weeks.yaml")

    assert rows[0] == ("2027-01-04", "rest")
    assert rows[-1] == ("2027-01-10", "30' recovery")


def test_markdown_table_with_dates() -> None:
    assert _read("table.md")[1] == ("2027-01-05", "6x800m @ 5K pace w/ 400m jog")


def test_markdown_list_under_week_headings_and_lines_without_a_day_listed() -> None:
    source = read_plan_file(PLANS / "list.md", start=START)

    assert [(r.day.isoformat(), r.text) for r in source.rows] == [
        ("2027-01-04", "rest"),
        ("2027-01-05", "45' easy"),
        ("2027-01-06", "6x800m @ 5K pace w/ 400m jog"),
        ("2027-01-14", "yoga"),
    ]
    assert [(s.where, s.text) for s in source.skipped] == [("line 9", "just keep smiling")]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("no_dates.csv", "no header row naming a date"),
        ("broken.ics", "not a readable iCalendar file"),
        ("broken.yaml", "the YAML is malformed at line 2"),
        ("plan.docx", "not a plan format we read"),
        ("missing.csv", "no such file"),
    ],
)
def test_unreadable_files_are_refused_with_a_hint(name: str, says: str) -> None:
    with pytest.raises(PlanFileError) as refused:
        read_plan_file(PLANS / name, start=START)

    assert says in refused.value.message
    assert refused.value.hint


def test_ambiguous_slash_dates_are_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Date,Workout\n03/04/2027,45' easy\n05/04/2027,rest\n")

    with pytest.raises(PlanFileError, match="could be 3 April or March 4"):
        read_plan_file(plan, start=START)


def test_slash_dates_settled_by_a_day_over_twelve(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Date,Workout\n03/04/2027,45' easy\n25/04/2027,rest\n")

    rows = read_plan_file(plan, start=START).rows
    assert [r.day for r in rows] == [date(2027, 4, 3), date(2027, 4, 25)]


def test_week_and_day_columns_without_dates(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Week,Day,Session\n1,Tue,45' easy\n2,Sat,Long run 20 km\n")

    source = read_plan_file(plan, start=START)
    assert [r.day for r in source.rows] == [date(2027, 1, 5), date(2027, 1, 16)]
    assert source.notes


def test_a_file_too_big_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_bytes(b"Date,Workout\n" + b"x" * (MAX_PLAN_BYTES + 1))

    with pytest.raises(PlanFileError, match="too big"):
        read_plan_file(plan, start=START)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plan.csv"
    folder.mkdir()

    with pytest.raises(PlanFileError, match="folder"):
        read_plan_file(folder, start=START)
