"""The weekly review as one self-contained HTML page: opens offline, prints, asks what each
session without a purpose was for.

Everything is inline (CSS and hand-written SVG); there is no script and no external reference,
so the file can be mailed, archived or opened years later without a network. Every piece of
text from the review is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from html import escape

from everyrun.domain.audit.review_model import (
    CriterionResult,
    DailyState,
    DoneSession,
    JunkFlag,
    SessionMatch,
    WeekReview,
)
from everyrun.domain.planning.runner import WEEKDAYS
from everyrun.domain.planning.session import Check, PlannedSession
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import format_duration, format_pace
from everyrun.exporters import review_svg
from everyrun.exporters.review_svg import DayColumn, Segment, Series

# Minutes a day's totals may exceed its listed sessions before the bar shows the rest as "other":
# below a minute is rounding, not a session.
_OTHER_MINUTES = 1.0

_STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .6rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
section { margin: 1.6rem 0; break-inside: avoid; page-break-inside: avoid; }
.sub { color: #555; margin: 0; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg, .chip, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.score { display: flex; gap: 1.2rem; align-items: center; border: 2px solid #0072B2;
  border-radius: .5rem; padding: .8rem 1.2rem; }
.score-value { font-size: 3rem; font-weight: 700; line-height: 1; color: #0072B2; }
.score-value small { font-size: 1rem; color: #555; font-weight: 400; }
.questions { border-left: 6px solid #E69F00; background: #FFF6E0; padding: .8rem 1.2rem; }
.questions li { font-weight: 600; margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .35rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f6f6f6; }
td.num { white-space: nowrap; }
ul.criteria { margin: .2rem 0 0; padding-left: 1rem; }
.met { color: #117733; } .unmet { color: #B3400A; } .unknown { color: #666; }
.swatch { display: inline-block; width: .8em; height: .8em; border: 1px solid #222;
  margin-right: .3em; vertical-align: -.05em; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; list-style: none; }
.chip { border: 1px solid #222; border-radius: 1rem; padding: .1rem .6rem; font-size: .85rem; }
.chip.go { background: #D6F0E6; } .chip.easy { background: #FCEBC2; }
.chip.rest { background: #F8D5C2; } .chip.unknown { background: #eee; }
.junk li { margin: .5rem 0; } .junk .kind { font-weight: 600; }
.muted { color: #666; }
footer { color: #666; font-size: .8rem; margin-top: 2rem; }
@media print { body { padding: 0; max-width: none; } @page { margin: 1.5cm; } }
"""


def review_to_html(review: WeekReview, *, athlete_name: str | None = None) -> str:
    """The week's review as one HTML5 document with inline CSS and SVG charts."""
    who = f" — {athlete_name}" if athlete_name else ""
    title = f"Week review {review.iso_week}{who}"
    body = [
        _header(review, title),
        _score(review),
        _questions(review.questions),
        review_sections(review),
        "<footer>Written by everyrun. Self-contained: no network needed to view or print.</footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )


def score_section(review: WeekReview) -> str:
    """The "every session counts" score: a page around it places it under its own heading."""
    return _score(review)


def review_sections(review: WeekReview) -> str:
    """The report's sections after the score and the questions, as markup to embed in a page
    (the web app asks its questions with forms, so they are left to the caller)."""
    sections = [
        _days_chart(review),
        _compliance(review.matches),
        _intensity(review),
        _fitness(review),
        _strength_mobility(review),
        _sleep_readiness(review),
        _junk(review.junk),
        _notes(review.notes),
    ]
    return "\n".join(part for part in sections if part)


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day}"


def _long_day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {day:%b} {day.year}"


def _section(css_class: str, heading: str, *content: str) -> str:
    return (
        f'<section class="{css_class}">\n<h2>{escape(heading)}</h2>\n' + "\n".join(content)
    ) + "\n</section>"


def _header(review: WeekReview, title: str) -> str:
    return (
        f'<header>\n<h1>{escape(title)}</h1>\n<p class="sub">{escape(_long_day(review.first))}'
        f" to {escape(_long_day(review.last))}</p>\n</header>"
    )


def _score(review: WeekReview) -> str:
    return (
        '<section class="score" aria-label="Every session counts score">\n'
        f'<div class="score-value">{_score_text(review.score)}<small> / 100</small></div>\n'
        f'<div><strong>Every session counts</strong><p class="sub">{escape(review.score_reason)}'
        "</p></div>\n</section>"
    )


def _questions(questions: tuple[str, ...]) -> str:
    if not questions:
        return ""
    items = "".join(f"<li>{escape(question)}</li>" for question in questions)
    return _section(
        "questions",
        "What was it for?",
        "<p>These sessions had no purpose the plan or the file could name. Answer with "
        "<code>everyrun why</code> and the review will judge them against it.</p>",
        f"<ul>{items}</ul>",
    )


# --- (a) planned against done by day ---------------------------------------------------------


def _days(review: WeekReview) -> list[DailyState]:
    if review.days:
        return list(review.days)
    count = (review.last - review.first).days + 1
    return [
        DailyState(review.first + timedelta(days=i), 0.0, 0.0, 0.0, None, None, None, None, None)
        for i in range(max(0, count))
    ]


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min"


def _days_chart(review: WeekReview) -> str:
    used: set[Purpose] = set()
    has_unplanned = has_other = False
    columns: list[DayColumn] = []
    for state in _days(review):
        planned: list[Segment] = []
        done: list[Segment] = []
        for match in review.matches:
            if match.planned is not None and match.planned.day == state.day:
                session = match.planned
                if session.duration_s > 0:
                    used.add(session.purpose)
                    label = f"planned: {session.title}, {_minutes(session.duration_s)}"
                    planned.append(
                        Segment(session.duration_s / 60, _colour(session.purpose), label)
                    )
            if match.done is not None and match.done.day == state.day:
                did = match.done
                label = f"done: {did.title}, {_minutes(did.duration_s)}"
                if match.planned is None:
                    has_unplanned = True
                    label += f" (unplanned, {_purpose_text(did)})"
                    done.append(
                        Segment(did.duration_s / 60, review_svg.UNPLANNED_COLOUR, label, True)
                    )
                else:
                    used.add(match.planned.purpose)
                    colour = _colour(match.planned.purpose)
                    done.append(Segment(did.duration_s / 60, colour, label))
        for segments, total, what in (
            (planned, state.planned_minutes, "planned"),
            (done, state.done_minutes, "done"),
        ):
            rest = total - sum(s.minutes for s in segments)
            if rest > _OTHER_MINUTES:
                has_other = True
                segments.append(
                    Segment(rest, review_svg.OTHER_COLOUR, f"other {what}: {rest:.0f} min")
                )
        columns.append(DayColumn(_day(state.day), tuple(planned), tuple(done)))
    legend = [(p.label, _colour(p)) for p in Purpose if p in used]
    if has_unplanned:
        legend.append(("unplanned", review_svg.UNPLANNED_PATTERN))
    if has_other:
        legend.append(("other", review_svg.OTHER_COLOUR))
    return _section(
        "chart days",
        "Planned against done, by day",
        review_svg.day_bars(columns, legend),
        '<p class="muted">Each day: the planned minutes outlined on the left, the minutes done '
        "filled on the right, coloured by the purpose they were planned for. Hatched grey: "
        "done without a plan.</p>",
    )


def _colour(purpose: Purpose) -> str:
    return review_svg.PURPOSE_COLOURS.get(purpose, review_svg.OTHER_COLOUR)


def _purpose_text(done: DoneSession) -> str:
    if done.purpose is None:
        return "no purpose given"
    return f"{done.purpose.label} ({done.purpose_source.value})"


# --- (d) compliance per session ----------------------------------------------------------------


def _match_day(match: SessionMatch) -> date:
    if match.planned is not None:
        return match.planned.day
    return match.done.day if match.done is not None else date.min


def _compliance(matches: tuple[SessionMatch, ...]) -> str:
    if not matches:
        return _section("compliance", "Session by session", "<p>No sessions this week.</p>")
    rows = "\n".join(_row(match) for match in sorted(matches, key=_match_day))
    return _section(
        "compliance",
        "Session by session",
        "<table>\n<thead><tr><th>Day</th><th>Planned</th><th>Done</th><th>Verdict</th>"
        "<th>Score</th><th>How it was judged</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>",
    )


def _row(match: SessionMatch) -> str:
    judgement = match.judgement
    if judgement is not None:
        verdict = judgement.verdict
        score = (
            f"{review_svg.meter(judgement.score, f'{judgement.score:.0%}')} {judgement.score:.0%}"
        )
        details = f"<p>{escape(judgement.summary)}</p>" + _criteria(judgement.results)
    else:
        verdict = "unplanned" if match.planned is None else "not judged"
        score, details = '<span class="muted">–</span>', ""
    return (
        f"<tr><td>{escape(_day(_match_day(match)))}</td><td>{_planned_cell(match.planned)}</td>"
        f"<td>{_done_cell(match.done)}</td><td><strong>{escape(verdict)}</strong></td>"
        f'<td class="num">{score}</td><td>{details}</td></tr>'
    )


def _swatch(purpose: Purpose) -> str:
    return f'<span class="swatch" style="background:{_colour(purpose)}"></span>'


def _planned_cell(session: PlannedSession | None) -> str:
    if session is None:
        return '<span class="muted">unplanned</span>'
    minutes = f", {_minutes(session.duration_s)}" if session.duration_s else ""
    return (
        f"{escape(session.title)}<br><small>{_swatch(session.purpose)}"
        f"{escape(session.purpose.label)}{escape(minutes)}</small>"
    )


def _done_cell(done: DoneSession | None) -> str:
    if done is None:
        return '<span class="muted">—</span>'
    facts = [format_duration(done.duration_s)]
    if done.distance_m > 0:
        facts.append(f"{done.distance_m / 1000:.1f} km")
    if done.mean_speed_mps:
        facts.append(format_pace(done.mean_speed_mps))
    purpose = (
        _swatch(done.purpose) + escape(_purpose_text(done))
        if done.purpose is not None
        else '<span class="unmet">no purpose given</span>'
    )
    return f"{escape(done.title)}<br><small>{escape(', '.join(facts))}; {purpose}</small>"


def _criteria(results: Iterable[CriterionResult]) -> str:
    items = []
    for result in results:
        mark, css = (
            ("? can't tell", "unknown")
            if result.met is None
            else ("✓ met", "met")
            if result.met
            else ("✗ missed", "unmet")
        )
        items.append(
            f'<li><span class="{css}">{mark}</span>: {escape(result.criterion.text)} — '
            f"{escape(result.detail)}</li>"
        )
    return f'<ul class="criteria">{"".join(items)}</ul>' if items else ""


# --- (b) intensity, (c) fitness, (e) strength and mobility ---------------------------------------


def _intensity(review: WeekReview) -> str:
    low, high = review.easy_share_target
    share = review.easy_share
    if share is None:
        text = "No running recorded, so no intensity distribution this week."
    else:
        where = "below" if share < low else "above" if share > high else "inside"
        text = (
            f"{share:.0%} of the running time was easy, {where} the target of {low:.0%}–{high:.0%}."
        )
    return _section(
        "chart intensity",
        "Intensity distribution",
        review_svg.share_band(share, review.easy_share_target),
        f"<p>{escape(text)}</p>",
    )


def _fitness(review: WeekReview) -> str:
    days = list(review.days)
    values = {
        "fitness": tuple(d.fitness for d in days),
        "fatigue": tuple(d.fatigue for d in days),
        "form": tuple(d.form for d in days),
    }
    if not any(v is not None for series in values.values() for v in series):
        return _section(
            "chart fitness", "Fitness, fatigue and form", "<p>No load values for this week.</p>"
        )
    series = [
        Series("fitness", "#0072B2", values["fitness"]),
        Series("fatigue", "#D55E00", values["fatigue"], "6 3"),
        Series("form", "#009E73", values["form"], "2 3"),
    ]
    last = [
        f"{name} {known[-1]:.1f}"
        for name, row in values.items()
        if (known := [v for v in row if v is not None])
    ]
    return _section(
        "chart fitness",
        "Fitness, fatigue and form",
        review_svg.lines([_day(d.day) for d in days], series, "Fitness, fatigue and form by day"),
        f"<p>Latest: {escape(', '.join(last))} (load points).</p>",
    )


def _adherence_row(what: str, done: int, planned: int) -> str:
    if planned:
        count = f"{done} of {planned}"
        bar = review_svg.meter(done / planned, count, review_svg.PURPOSE_COLOURS[Purpose.MOBILITY])
    else:
        count, bar = (f"{done}, none planned" if done else "none planned"), ""
    return f"<tr><th>{escape(what)}</th><td>{escape(count)}</td><td>{bar}</td></tr>"


def _strength_mobility(review: WeekReview) -> str:
    return _section(
        "adherence",
        "Strength and mobility",
        "<table>\n"
        + _adherence_row("Strength sessions", review.strength_done, review.strength_planned)
        + _adherence_row("Mobility days", review.mobility_days, review.mobility_planned)
        + "\n</table>",
    )


# --- (f) sleep and readiness, (h) junk, notes ---------------------------------------------


def _sleep_target_h(matches: Iterable[SessionMatch]) -> float | None:
    """The planned nightly sleep, when the plan holds a sleep target for the week."""
    for match in matches:
        for criterion in match.planned.success if match.planned else ():
            if criterion.check is Check.SLEEP_AT_LEAST and "hours" in criterion.params:
                return criterion.params["hours"]
    return None


def _sleep_readiness(review: WeekReview) -> str:
    days = list(review.days)
    target = _sleep_target_h(review.matches)
    if any(d.sleep_h is not None for d in days):
        chart = review_svg.sleep_bars(
            [_day(d.day) for d in days], [d.sleep_h for d in days], target
        )
        short = [
            d for d in days if target is not None and d.sleep_h is not None and d.sleep_h < target
        ]
        note = (
            f"{len(short)} night{'s' if len(short) != 1 else ''} under the {target:g} h target."
            if target is not None
            else "No sleep target in this week's plan."
        )
        sleep = f"{chart}\n<p>{escape(note)}</p>"
    else:
        sleep = "<p>No sleep logged this week (everyrun log wellness --sleep).</p>"
    chips = "".join(
        f'<li class="chip {escape(d.readiness or "unknown")}">{escape(_day(d.day))}: '
        f"{escape(d.readiness or 'unknown')}</li>"
        for d in days
    )
    readiness = (
        f'<h3>Readiness</h3>\n<ul class="chips">{chips}</ul>'
        if any(d.readiness for d in days)
        else "<p>No readiness this week.</p>"
    )
    return _section("chart sleep", "Sleep and readiness", sleep, readiness)


def _junk(flags: tuple[JunkFlag, ...]) -> str:
    if not flags:
        return _section("junk", "Junk flags", "<p>No junk this week.</p>")
    items = "".join(
        f'<li><span class="kind">{escape(_day(flag.day))}: '
        f"{escape(flag.kind.value.replace('_', ' '))}</span> — {escape(flag.reason)}"
        f"<br><strong>Instead:</strong> {escape(flag.suggestion)}</li>"
        for flag in sorted(flags, key=lambda flag: flag.day)
    )
    return _section("junk", "Junk flags", f"<ul>{items}</ul>")


def _notes(notes: tuple[str, ...]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return _section("notes", "Notes", f"<ul>{items}</ul>")


def _score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"
