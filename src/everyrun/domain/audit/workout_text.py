"""One free-text workout from someone else's plan, read into structured steps and a purpose.

"6x800m @ 5K pace w/ 400m jog", "45' easy", "Long run 28 km", "Tempo 3 x 2 mi", "gym", "rest":
the text is split into parts (`+`, `,`, `;`, "then", "and"), each part read as a warm-up or
cool-down, reps with their recovery, a steady block, strides, or a session that is not a run.
Parts we cannot read are kept word for word in `unparsed`: nothing is dropped.

Conventions a reader should know: `'` is minutes and `"` seconds; `m` is metres (but "45m easy",
under 200, is minutes); `1:15` alone is an hour and a quarter for a steady run and 75 s for a rep;
a bare number after "x" is metres ("8x200").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from everyrun.domain.audit import workout_words as words
from everyrun.domain.audit.workout_purpose import (
    guess_rep_intensity,
    infer_purpose,
    intensity_for_race,
)
from everyrun.domain.planning.run_sessions import COOLDOWN_S, STRIDE_RECOVERY_S, STRIDE_S, WARMUP_S
from everyrun.domain.planning.run_targets import QUALITY_BAND, RunTargets
from everyrun.domain.planning.session import (
    Intensity,
    Repeat,
    SessionKind,
    Step,
    StepKind,
    Target,
    easy_and_hard_seconds,
    flat_steps,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import TrainingPaces, race_time_s
from everyrun.domain.units import parse_pace

DEFAULT_STRIDES = 6


@dataclass(frozen=True)
class ParsedSession:
    """One session read from the text: a run with its steps, or strength, mobility, rest..."""

    kind: SessionKind
    purpose: Purpose
    confidence: float  # 0-1: how sure the reading of the purpose is
    reason: str  # why this purpose, or what to name to make it clear
    steps: tuple[Step | Repeat, ...] = ()
    duration_s: float = 0.0  # estimated from the steps' paces (or as written, for non-runs)
    distance_m: float = 0.0  # running metres, estimated for timed steps
    text: str = ""

    def running_seconds(self) -> tuple[float, float]:
        """(easy, not easy) running seconds."""
        return easy_and_hard_seconds(self.steps)


@dataclass(frozen=True)
class ParseResult:
    text: str  # exactly as given
    sessions: tuple[ParsedSession, ...]
    unparsed: tuple[str, ...]  # parts we could not read, word for word

    @property
    def is_parsed(self) -> bool:
        return bool(self.sessions) and not self.unparsed


@dataclass
class _Run:
    """What the parts of one text say about its run, gathered before the purpose is decided."""

    warmups: list[Step] = field(default_factory=list)
    main: list[Step | Repeat] = field(default_factory=list)
    cooldowns: list[Step] = field(default_factory=list)
    named: set[Intensity] = field(default_factory=set)  # intensities the text names
    hints: set[str] = field(default_factory=set)  # long, progression, fartlek, hills, race, steady
    texts: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, paces: TrainingPaces) -> None:
        self.paces = paces
        self.targets = RunTargets(paces, None, None, None, None)

    # --- steps --------------------------------------------------------------------------------

    def step(
        self,
        kind: StepKind,
        intensity: Intensity,
        amount: words.Amount,
        speed_mps: float | None = None,
        *,
        standing: bool = False,
    ) -> Step:
        speed = speed_mps or self.targets.speed(intensity)
        target = self.targets.target(intensity)
        if speed_mps is not None:
            target = Target(
                slow_mps=speed * (1 - QUALITY_BAND), fast_mps=speed * (1 + QUALITY_BAND)
            )
        if amount.distance_m is not None:
            metres = amount.distance_m
            return Step(
                kind,
                intensity,
                target,
                distance_m=metres,
                expected_duration_s=metres / speed,
                expected_distance_m=metres,
            )
        seconds = amount.duration_s or 0.0
        moved = 0.0 if standing else seconds * speed
        return Step(
            kind,
            intensity,
            target,
            duration_s=seconds,
            expected_duration_s=seconds,
            expected_distance_m=moved,
        )

    def pace_in(self, text: str, original: str) -> tuple[str, Intensity | None, float | None]:
        """(text without the pace, intensity named, speed if the pace is exact)."""
        clock = words.CLOCK_PACE.search(text)
        if clock:
            per = {"k": "km", "mile": "mi", "400": "400m"}.get(clock["per"], clock["per"])
            speed = parse_pace(f"{clock['clock']}/{per}").speed_mps
            return _cut(text, clock), self.nearest_intensity(speed), speed
        race = words.RACE_DISTANCE_PACE.search(text)
        if race:
            metres = _race_metres(race)
            speed = metres / _race_time_s(self.paces.vdot, metres)
            return _cut(text, race), intensity_for_race(metres), speed
        goal = words.GOAL_PACE.search(text)
        if goal:
            return _cut(text, goal), Intensity.RACE_PACE, None
        letter = words.LETTER_PACE.search(text)
        if letter:
            return _cut(text, letter), words.LETTER_INTENSITY[letter["at"] or letter["named"]], None
        capital = words.CAPITAL_LETTER.search(original)
        if capital:
            cut = re.sub(rf"\b{capital['letter'].lower()}\b", " ", text, count=1)
            return cut, words.LETTER_INTENSITY[capital["letter"].lower()], None
        for pattern, intensity in words.INTENSITY_WORDS:
            if pattern.search(text):
                return text, intensity, None
        return text, None, None

    def nearest_intensity(self, speed_mps: float) -> Intensity:
        options = (
            Intensity.EASY,
            Intensity.MARATHON,
            Intensity.THRESHOLD,
            Intensity.INTERVAL,
            Intensity.REPETITION,
        )
        return min(options, key=lambda i: abs(self.targets.speed(i) - speed_mps))

    # --- parts --------------------------------------------------------------------------------

    def read(self, text: str) -> ParseResult:
        run = _Run()
        others: list[ParsedSession] = []
        unparsed: list[str] = []
        original_parts = [p for p in words.FRAGMENT_SPLIT.split(text.strip()) if p.strip()]
        for original in original_parts:
            part = words.normalise(original)
            if not part:
                continue
            other = self.other_session(part, original)
            if other is not None:
                others.append(other)
            elif not self.run_part(part, original, run):
                unparsed.append(original.strip())
        sessions = [*([self.run_session(run)] if run.texts else []), *others]
        return ParseResult(text, tuple(sessions), tuple(unparsed))

    def other_session(self, part: str, original: str) -> ParsedSession | None:
        if words.REST.match(part) or (words.REST_WORD.search(part) and not _has_amount(part)):
            return ParsedSession(SessionKind.REST, Purpose.REST, 0.95, "a rest day", text=original)
        for pattern, kind in words.OTHER_KINDS:
            if pattern.search(part):
                amount = _first_amount(part)
                seconds = amount.duration_s if amount and amount.duration_s else 0.0
                purpose, reason = _OTHER_PURPOSES[kind]
                return ParsedSession(kind, purpose, 0.9, reason, duration_s=seconds, text=original)
        return None

    def run_part(self, part: str, original: str, run: _Run) -> bool:
        """Add what one part says to the run; False when nothing in it can be read."""
        before = len(run.main) + len(run.warmups) + len(run.cooldowns) + len(run.hints)
        for name, pattern in (
            ("long", words.LONG),
            ("progression", words.PROGRESSION),
            ("fartlek", words.FARTLEK),
            ("hills", words.HILLS),
            ("steady", words.STEADY),
        ):
            if pattern.search(part):
                run.hints.add(name)
        if words.RACE.search(part) and not words.GOAL_PACE.search(part):
            run.hints.add("race")
        part = self.warmup_cooldown(part, run)
        part = self.strides(part, run)
        part, intensity, speed = self.pace_in(part, original)
        if intensity is not None:
            run.named.add(intensity)
        if self.recovery_only(part, run):
            run.texts.append(original.strip())
            return True
        reps = words.REPS.search(part)
        if reps:
            if not self.repeat(part, reps, intensity, speed, run):
                return False
        else:
            amount = _first_amount(part, continuous=True)
            if amount is not None:
                run.main.append(self.step(StepKind.RUN, intensity or Intensity.EASY, amount, speed))
            elif intensity is not None and not run.main and words.RUN.search(part):
                run.hints.add("no_amount")
        after = len(run.main) + len(run.warmups) + len(run.cooldowns) + len(run.hints)
        if after > before or intensity is not None:
            run.texts.append(original.strip())
            return True
        return False

    def warmup_cooldown(self, part: str, run: _Run) -> str:
        both = words.WARMUP_COOLDOWN.search(part)
        if both:
            amount = _first_amount(part) or words.Amount(duration_s=WARMUP_S)
            run.warmups.append(self.step(StepKind.WARMUP, Intensity.EASY, amount))
            run.cooldowns.append(self.step(StepKind.COOLDOWN, Intensity.EASY, amount))
            return _cut_amount(_cut(part, both))
        for pattern, kind, default_s, into in (
            (words.WARMUP, StepKind.WARMUP, WARMUP_S, run.warmups),
            (words.COOLDOWN, StepKind.COOLDOWN, COOLDOWN_S, run.cooldowns),
        ):
            found = pattern.search(part)
            if found:
                amount = _first_amount(part) or words.Amount(duration_s=default_s)
                into.append(self.step(kind, Intensity.EASY, amount))
                return _cut_amount(_cut(part, found))
        return part

    def strides(self, part: str, run: _Run) -> str:
        found = words.STRIDES.search(part)
        if not found:
            return part
        count = min(int(found["count"] or DEFAULT_STRIDES), words.MAX_REPS) or DEFAULT_STRIDES
        stride = words.Amount(duration_s=STRIDE_S)
        rest = words.Amount(duration_s=STRIDE_RECOVERY_S)
        run.main.append(
            Repeat(
                count,
                (
                    self.step(StepKind.WORK, Intensity.REPETITION, stride),
                    self.step(StepKind.RECOVER, Intensity.WALK, rest),
                ),
            )
        )
        run.hints.add("strides")
        return _cut(part, found)

    def recovery_only(self, part: str, run: _Run) -> bool:
        """ "400m jog" after reps without a recovery is their recovery."""
        last = run.main[-1] if run.main else None
        if not isinstance(last, Repeat) or len(last.steps) != 1:
            return False
        stripped = words.RECOVERY_BEFORE.sub("", part, count=1).strip()
        found = words.AMOUNT.match(stripped)
        if not found or not (tail := stripped[found.end() :].split()):
            return False
        amount = words.amount_of(found)
        if amount is None or tail[0] not in words.RECOVERY_WORDS:
            return False
        run.main[-1] = Repeat(last.times, (*last.steps, self.recovery_step(amount, tail[0])))
        return True

    def recovery_step(self, amount: words.Amount, how: str) -> Step:
        standing = how in words.RESTING_WORDS
        intensity = Intensity.WALK if standing else Intensity.RECOVERY
        return self.step(StepKind.RECOVER, intensity, amount, standing=standing and how != "walk")

    def repeat(
        self,
        part: str,
        reps: re.Match[str],
        intensity: Intensity | None,
        speed: float | None,
        run: _Run,
    ) -> bool:
        times = int(reps["times"])
        rest = part[reps.end() :]
        found = words.AMOUNT.match(rest)
        amount = words.amount_of(found) if found else None
        if found is None:
            bare = words.BARE_METRES.match(rest)
            amount = words.Amount(distance_m=float(bare["metres"]), unit="m") if bare else None
            end = bare.end() if bare else 0
        else:
            end = found.end()
        if amount is None or not 1 <= times <= words.MAX_REPS:
            return False
        work_intensity = intensity or guess_rep_intensity(amount)
        if intensity is None:
            run.hints.add("guessed_rep_pace")
        work = self.step(StepKind.WORK, work_intensity, amount, speed)
        steps: tuple[Step, ...] = (work,)
        tail = rest[end:]
        recovery = words.RECOVERY_BEFORE.search(tail)
        start = recovery.end() if recovery else None
        if start is None:
            later = words.AMOUNT.search(tail)
            start = later.start() if later else None
        if start is not None and (found_rest := words.AMOUNT.match(tail, start)):
            how_words = tail[found_rest.end() :].split()
            how = how_words[0] if how_words and how_words[0] in words.RECOVERY_WORDS else "jog"
            rest_amount = words.amount_of(found_rest)
            if rest_amount is not None:
                steps = (work, self.recovery_step(rest_amount, how))
        run.main.append(Repeat(times, steps))
        return True

    # --- the run's purpose ----------------------------------------------------------------

    def run_session(self, run: _Run) -> ParsedSession:
        steps = (*run.warmups, *run.main, *run.cooldowns)
        flat = flat_steps(steps)
        seconds = sum(s.expected_duration_s * n for s, n in flat)
        metres = sum(
            s.expected_distance_m * n for s, n in flat if s.intensity is not Intensity.WALK
        )
        purpose, confidence, reason = infer_purpose(run.hints, run.named, steps, seconds)
        return ParsedSession(
            SessionKind.RUN,
            purpose,
            confidence,
            reason,
            steps,
            seconds,
            metres,
            " + ".join(run.texts),
        )


_OTHER_PURPOSES = {
    SessionKind.STRENGTH: (Purpose.STRENGTH, "strength training"),
    SessionKind.MOBILITY: (Purpose.MOBILITY, "mobility, yoga or stretching"),
    SessionKind.CROSS: (Purpose.CROSS_TRAINING, "aerobic work in another sport"),
}


def _cut(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split())


def _cut_amount(text: str) -> str:
    found = words.AMOUNT.search(text)
    return _cut(text, found) if found else text


def _has_amount(text: str) -> bool:
    return words.AMOUNT.search(text) is not None


def _first_amount(text: str, *, continuous: bool = False) -> words.Amount | None:
    for found in words.AMOUNT.finditer(text):
        amount = words.amount_of(found)
        if amount is None:
            continue
        if continuous and found["ms"] and amount.duration_s and amount.duration_s < 600:
            hours, minutes = divmod(amount.duration_s, 60)  # "1:15" for a steady run: h:mm
            return words.Amount(duration_s=hours * 3600 + minutes * 60, unit="time")
        if continuous and amount.unit == "m" and (amount.distance_m or 0) < words.SHORT_METRES:
            return words.Amount(duration_s=(amount.distance_m or 0) * 60, unit="time")
        return amount
    return None


def _race_metres(match: re.Match[str]) -> float:
    if match["number"]:
        return float(match["number"]) * 1000.0
    if match["track"]:
        return float(match["track"].rstrip("m"))
    name = (match["named"] or match["short"] or "").replace("  ", " ")
    return words.NAMED_RACE_M.get(name, words.NAMED_RACE_M["marathon"])


@lru_cache(maxsize=256)
def _race_time_s(vdot: float, metres: float) -> float:
    return race_time_s(vdot, metres)


def parse_workout(text: str, paces: TrainingPaces) -> ParseResult:
    """Read one day's workout text; paces turn named intensities into speeds for the estimates."""
    return _Reader(paces).read(text)
