"""Recovery planned like training: rest days, sleep, fuelling and drinking, each with a check.

None of these is load (duration and load are 0); each says what it is for and how the audit
can tell it was done.
"""

from __future__ import annotations

from datetime import date

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.runner import WEEKDAYS, Runner
from everyrun.domain.planning.session import (
    Check,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
    as_params,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import HALF_MARATHON_M

# Sleep: adults need 7 h or more (Watson et al. 2015, AASM/SRS consensus, Sleep 38:843); athletes
# in hard training benefit from more (Walsh et al. 2021, BJSM 55:356, expert consensus).
SLEEP_HOURS = 8.0
SLEEP_HOURS_HEAVY = 8.5  # build and peak weeks, weeks with three or more hard days, after a race
SLEEP_NIGHTS = 5  # of 7: a target a working runner can meet, the audit counts the nights
HEAVY_WEEK_HARD_DAYS = 3
CAFFEINE_CUTOFF_H = 6  # 400 mg of caffeine 6 h before bed still cost sleep (Drake et al. 2013)

# Carbohydrate during running by duration (Jeukendrup 2014, Sports Med 44 S1:S25; Thomas, Erdman
# & Burke 2016, ACSM/AND/DC position stand, MSSE 48:543): under ~75 min none is needed, 1–2 h
# up to 30 g/h, 2–2.5 h 30–60 g/h, over 2.5 h up to 90 g/h of glucose and fructose.
FUEL_FROM_MIN = 75.0
FUEL_BANDS: tuple[tuple[float, float], ...] = ((120.0, 30.0), (150.0, 60.0), (float("inf"), 90.0))
PRE_RUN_CARB_G_PER_KG = 1.0  # 1–4 g/kg in the 1–4 h before (Thomas, Erdman & Burke 2016)

# After hard sessions (Thomas, Erdman & Burke 2016; Jäger et al. 2017, JISSN 14:20).
REFUEL_CARB_G_PER_KG_H = 1.0  # 1.0–1.2 g/kg/h for the first hours when the next session is close
REFUEL_PROTEIN_G_PER_KG = 0.3  # 0.25–0.3 g/kg, about 20–25 g for most runners
REFUEL_CARB_G_DEFAULT = 70.0  # when weight is unknown: about 1 g/kg for a 70 kg runner
REFUEL_PROTEIN_G_DEFAULT = 22.0
REFUEL_WITHIN_H = 2.0

# Fluid (Sawka et al. 2007, ACSM position stand, MSSE 39:377): 5–7 mL/kg about 4 h before;
# drink so body mass falls less than 2 %; sodium for long or hot sessions; 1.5 L per kg lost after.
PRE_DRINK_ML_PER_KG = (5.0, 7.0)
MAX_BODY_MASS_LOSS_PCT = 2.0
SODIUM_FROM_MIN = 90.0  # everyrun's line for "long": sweat sodium losses add up past 1–2 h
SODIUM_MG_PER_L = (460, 690)  # 20–30 mEq/L in the drink (Sawka et al. 2007)


def rest_day(goal: Goal, phase: Phase, week: int, day: date, absorbs: str) -> PlannedSession:
    """A day without running, planned: it is when the week's hard work becomes fitness."""
    absorbs = absorbs.strip() or "the week's training"
    if not absorbs.startswith("absorbs"):
        absorbs = f"absorbs {absorbs}"
    return PlannedSession(
        id=f"{day.isoformat()}-rest",
        day=day,
        kind=SessionKind.REST,
        purpose=Purpose.REST,
        title="Rest day",
        why=f"No running: the day {absorbs}, so the {goal.label} work turns into fitness "
        f"— {_when(phase, week)}",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(Check.NO_RUN, "No run recorded today (a walk or mobility is fine)"),
        ),
        advice=(
            "A walk, the mobility routine or an easy swim are fine; no running, nothing hard.",
            "Eat as on a training day: the muscles refill their glycogen and repair today.",
        ),
    )


def sleep_target(
    runner: Runner,
    goal: Goal,
    phase: Phase,
    week: int,
    start: date,
    hard_days: tuple[date, ...],
) -> PlannedSession:
    """The week's nightly sleep target, more in heavy weeks; the nights around hard days first."""
    heavy = (
        phase in (Phase.BUILD, Phase.PEAK, Phase.RECOVERY) or len(hard_days) >= HEAVY_WEEK_HARD_DAYS
    )
    hours = SLEEP_HOURS_HEAVY if heavy else SLEEP_HOURS
    days = ", ".join(WEEKDAYS[day.weekday()].capitalize() for day in sorted(set(hard_days)))
    advice = [
        f"Aim for {hours:g} h asleep: about {hours + 0.5:g} h in bed.",
        "Keep the same wake time every day, rest days and weekends included.",
        f"No caffeine in the {CAFFEINE_CUTOFF_H} h before bed (Drake et al. 2013).",
        "A short nap (20–30 min, before mid-afternoon) tops up a short night (Walsh et al. 2021).",
    ]
    if days:
        advice.insert(1, f"Protect the nights before and after the hard days: {days}.")
    if runner.current_niggles:
        advice.append("Tissue repairs in deep sleep: with a niggle, do not cut the night short.")
    reason = "a heavy week" if heavy else "recovery between sessions"
    return PlannedSession(
        id=f"{start.isoformat()}-sleep",
        day=start,
        kind=SessionKind.RECOVERY,
        purpose=Purpose.SLEEP,
        title=f"Sleep {hours:g} h a night",
        why=f"{hours:g} h a night for {reason}: sleep is where the {goal.label} training is "
        f"absorbed — {_when(phase, week)}",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.SLEEP_AT_LEAST,
                f"At least {hours:g} h of sleep on {SLEEP_NIGHTS} of this week's 7 nights "
                "(everyrun log wellness --sleep)",
                as_params(hours=hours, nights=SLEEP_NIGHTS),
            ),
        ),
        advice=tuple(advice),
    )


def long_run_fuelling(
    runner: Runner, goal: Goal, phase: Phase, week: int, run: PlannedSession
) -> PlannedSession:
    """Carbohydrate before and during a long run, and race fuelling practised in it."""
    minutes = run.duration_s / 60.0
    grams_per_hour = next(g for limit, g in FUEL_BANDS if minutes <= limit)
    if minutes < FUEL_FROM_MIN:
        grams_per_hour = 0.0
    weight = runner.weight_kg
    before = (
        f"about {PRE_RUN_CARB_G_PER_KG * weight:.0f} g ({PRE_RUN_CARB_G_PER_KG:g} g/kg)"
        if weight
        else f"{PRE_RUN_CARB_G_PER_KG:g} g per kg of body weight"
    )
    advice = [f"Before: {before} of carbohydrate 1–4 h before the run (ACSM 2016)."]
    if grams_per_hour:
        advice.append(
            f"During: {grams_per_hour:g} g of carbohydrate an hour from the first 30–45 min "
            f"(a gel is about 20–25 g; Jeukendrup 2014)."
        )
        if grams_per_hour >= 90:
            advice.append("Above 60 g/h use glucose and fructose together: the gut absorbs more.")
    else:
        advice.append(f"During: under {FUEL_FROM_MIN:g} min water is enough; no fuel needed.")
    is_long_race = (
        goal.kind is GoalKind.RACE
        and goal.race_distance_m is not None
        and goal.race_distance_m >= HALF_MARATHON_M - 1.0
    )
    if is_long_race:
        advice.append(
            f"Practise the {goal.label}'s race fuelling: the same gels or drink, "
            "at the times you will take them on race day, so the gut is trained for it."
        )
    practise = f", practising the {goal.label}'s race fuelling" if is_long_race else ""
    amount = f"{grams_per_hour:g} g/h of carbohydrate" if grams_per_hour else "a carbohydrate meal"
    return PlannedSession(
        id=f"{run.day.isoformat()}-fuel",
        day=run.day,
        kind=SessionKind.RECOVERY,
        purpose=Purpose.FUELLING,
        title=f"Fuel the long run: {amount}",
        why=f"{amount.capitalize()} for a {minutes:.0f}-minute run keeps the pace easy to the "
        f"end{practise} — {_when(phase, week)}",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.FUEL_LOGGED,
                f"Fuelling logged for the long run: {amount}"
                + (" during it" if grams_per_hour else " before it"),
                as_params(grams_per_hour=grams_per_hour),
            ),
        ),
        advice=tuple(advice),
    )


def refuel_after(
    runner: Runner, goal: Goal, phase: Phase, week: int, session: PlannedSession
) -> PlannedSession:
    """Carbohydrate and protein soon after a hard session, so the next one starts topped up."""
    weight = runner.weight_kg
    carbs = REFUEL_CARB_G_PER_KG_H * weight if weight else REFUEL_CARB_G_DEFAULT
    protein = REFUEL_PROTEIN_G_PER_KG * weight if weight else REFUEL_PROTEIN_G_DEFAULT
    per_kg = " (1.0–1.2 g/kg)" if weight else ""
    return PlannedSession(
        id=f"{session.day.isoformat()}-refuel",
        day=session.day,
        kind=SessionKind.RECOVERY,
        purpose=Purpose.FUELLING,
        title=f"Refuel: {carbs:.0f} g carbohydrate, {protein:.0f} g protein",
        why=f"Refuelling within {REFUEL_WITHIN_H:g} h of {session.title.lower()} refills glycogen "
        f"and starts repair for the {goal.label} — {_when(phase, week)}",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.FUEL_LOGGED,
                f"A recovery meal or snack logged within {REFUEL_WITHIN_H:g} h: about "
                f"{carbs:.0f} g carbohydrate and {protein:.0f} g protein",
                as_params(grams_per_hour=carbs, protein_g=protein, within_hours=REFUEL_WITHIN_H),
            ),
        ),
        advice=(
            f"Carbohydrate: about {carbs:.0f} g{per_kg} in the first hour, again over the next "
            "hours if the next hard session is within a day (ACSM 2016).",
            f"Protein: about {protein:.0f} g (0.25–0.3 g/kg; Jäger et al. 2017, ISSN).",
            "For example: a bowl of cereal with milk and a banana, or a sandwich and yoghurt.",
        ),
    )


def hydration(
    runner: Runner, goal: Goal, phase: Phase, week: int, run: PlannedSession
) -> PlannedSession:
    """Drinking before, during and after a long or hard run, judged by body mass lost."""
    minutes = run.duration_s / 60.0
    weight = runner.weight_kg
    low, high = PRE_DRINK_ML_PER_KG
    before = (
        f"{low * weight:.0f}–{high * weight:.0f} mL ({low:g}–{high:g} mL/kg)"
        if weight
        else f"{low:g}–{high:g} mL per kg of body weight"
    )
    limit = (
        f"{weight * MAX_BODY_MASS_LOSS_PCT / 100:.1f} kg"
        if weight
        else f"{MAX_BODY_MASS_LOSS_PCT:g} % of your weight"
    )
    advice = [
        f"Before: {before} about 4 h before; a little more 2 h before if urine is dark.",
        f"During: drink to keep the weight lost under {limit}; do not drink so much that "
        "you gain weight.",
        "Weigh yourself before and after, towelled dry: each kg lost is about 1 L of sweat.",
        "After: about 1.5 L for each kg lost, with salty food or drink (Sawka et al. 2007).",
    ]
    if minutes >= SODIUM_FROM_MIN:
        sodium_low, sodium_high = SODIUM_MG_PER_L
        advice.append(
            f"Long or hot: a drink with {sodium_low}–{sodium_high} mg sodium per litre, "
            "or salt tablets if you sweat salty."
        )
    return PlannedSession(
        id=f"{run.day.isoformat()}-hydration",
        day=run.day,
        kind=SessionKind.RECOVERY,
        purpose=Purpose.HYDRATION,
        title="Hydration: lose under 2 % body mass",
        why=f"Less than {MAX_BODY_MASS_LOSS_PCT:g} % body mass lost keeps the {minutes:.0f}-minute "
        f"run at its planned effort for the {goal.label} — {_when(phase, week)}",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.HYDRATION,
                f"Body mass down less than {MAX_BODY_MASS_LOSS_PCT:g} % after the run "
                f"(weigh before and after)",
                as_params(body_mass_loss_pct=MAX_BODY_MASS_LOSS_PCT),
            ),
        ),
        advice=tuple(advice),
    )


def _when(phase: Phase, week: int) -> str:
    return f"{phase.value} phase, week {week}"
