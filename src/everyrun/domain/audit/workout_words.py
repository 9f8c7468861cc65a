"""The words and amounts runners write in plans: "6x800m", "45'", "1h15", "@ 5K pace", "w/ jog".

Read by `workout_text`; every pattern here is plain data and small regular expressions (no
nested repeats), so any text is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from everyrun.domain.planning.session import Intensity, SessionKind
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M, METRES_PER_MILE

MAX_DURATION_S = 24 * 3600.0  # longer than any single session in a plan: a typo, not a run
MAX_DISTANCE_M = 300_000.0
MAX_REPS = 100
SHORT_METRES = 200.0  # "45m easy" is 45 minutes: nobody plans a 45-metre run

_TYPOGRAPHY = str.maketrans(
    {
        "×": "x",
        "′": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "″": '"',
        "“": '"',
        "”": '"',
        "–": "-",
        "—": " - ",
        "(": " ",
        ")": " ",
        "[": " ",
        "]": " ",
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Lower case, plain quotes and x, one space between words."""
    return " ".join(text.translate(_TYPOGRAPHY).lower().split())


# Parts of one day's text: "15' wu + 6x800m, 400m jog; gym" -> three runs of words and a gym.
FRAGMENT_SPLIT = re.compile(r"\s*(?:\+|;|,|\n|\s-\s|\bthen\b|\bplus\b|&|\band\b)\s*")


@dataclass(frozen=True)
class Amount:
    duration_s: float | None = None
    distance_m: float | None = None
    unit: str = ""  # as written: "m", "km", "mi", "'", ...


AMOUNT = re.compile(
    r"""(?<![\d.:])(?:
      (?P<hms>\d{1,2}:\d{2}:\d{2})
    | (?P<hours>\d{1,2}(?:\.\d+)?)\s?(?:h|hr|hrs|hours?)(?![a-z])
        (?:\s?(?P<hour_minutes>\d{1,2})\s?(?:'|mins?|minutes?)?(?![a-z\d:]))?
    | (?P<min_sec_m>\d{1,3})'\s?(?P<min_sec_s>\d{1,2})(?:"|'')?
    | (?P<ms>\d{1,3}:\d{2})(?![\d:])
    | (?P<minutes>\d{1,4}(?:\.\d+)?)\s?(?:'(?!')|mins?(?![a-z])|minutes?(?![a-z])|mn(?![a-z]))
    | (?P<seconds>\d{1,5}(?:\.\d+)?)\s?(?:"|''|s(?![a-z])|secs?(?![a-z])|seconds?(?![a-z]))
    | (?P<distance>\d{1,6}(?:\.\d+)?)\s?
        (?P<unit>kms?|k|kilomet(?:er|re)s?|mi|miles?|m|meters?|metres?)(?![a-z])
    )""",
    re.VERBOSE,
)
_UNIT_M = {"k": 1000.0, "km": 1000.0, "kms": 1000.0, "mi": METRES_PER_MILE}


def amount_of(match: re.Match[str]) -> Amount | None:
    """The amount in an `AMOUNT` match, or None when it is out of any plan's range."""
    groups = match.groupdict()
    seconds: float | None = None
    if groups["hms"]:
        hours, minutes, secs = (int(p) for p in groups["hms"].split(":"))
        seconds = hours * 3600.0 + minutes * 60 + secs if minutes < 60 and secs < 60 else None
    elif groups["hours"]:
        seconds = float(groups["hours"]) * 3600 + float(groups["hour_minutes"] or 0) * 60
    elif groups["min_sec_m"]:
        seconds = int(groups["min_sec_m"]) * 60.0 + int(groups["min_sec_s"])
    elif groups["ms"]:
        minutes, secs = (int(p) for p in groups["ms"].split(":"))
        seconds = minutes * 60.0 + secs if secs < 60 else None
    elif groups["minutes"]:
        seconds = float(groups["minutes"]) * 60
    elif groups["seconds"]:
        seconds = float(groups["seconds"])
    if seconds is not None or groups["distance"] is None:
        ok = seconds is not None and 0 < seconds <= MAX_DURATION_S
        return Amount(duration_s=seconds, unit="time") if ok else None
    unit = groups["unit"]
    metres = float(groups["distance"]) * _UNIT_M.get(unit, 1.0)
    if unit.startswith("kilomet"):
        metres = float(groups["distance"]) * 1000.0
    elif unit.startswith("mile"):
        metres = float(groups["distance"]) * METRES_PER_MILE
    return Amount(distance_m=metres, unit=unit) if 0 < metres <= MAX_DISTANCE_M else None


REPS = re.compile(r"(?<![\d.])(?P<times>\d{1,4})\s?x\s?(?=\d)")
BARE_METRES = re.compile(r"(?P<metres>\d{3,5})(?![\d.:'\"a-z])")

# Recoveries between reps: "w/ 400m jog", "90s rest", "w/ 2' jog", "r=1'", "/ 3' easy".
RECOVERY_BEFORE = re.compile(r"(?:w/|with|r\s?=|rec(?:overy)?\s?[:=]|/)\s?(?=\d)")
RECOVERY_AFTER = re.compile(
    r"^\s?(?P<how>jog|jogging|rest|standing|walk|walking|float|easy|recoveries|recovery|recov|rec|"
    r"rests|jogs)?(?:\s(?:recoveries|recovery|rest|jog|between))*"
)
RECOVERY_WORDS = frozenset({"jog", "jogging", "rest", "walk", "walking", "float", "easy", "jogs"})
RECOVERY_WORDS |= frozenset({"recoveries", "recovery", "recov", "rec", "rests", "standing"})
RESTING_WORDS = frozenset({"rest", "rests", "standing", "walk", "walking"})

WARMUP_COOLDOWN = re.compile(
    r"\b(?:wu|w/u)\s?(?:/|&|and)\s?(?:cd|c/d)\b|\bwarm[- ]?up\s?(?:/|&|and)\s?cool[- ]?down\b"
)
WARMUP = re.compile(r"\b(?:wu|w/u|warm[- ]?up|warmup)\b")
COOLDOWN = re.compile(r"\b(?:cd|c/d|cool[- ]?down|cooldown|warm[- ]?down)\b")

# A pace by clock: "@ 4:00/km", "7:15 /mi", "1:34/400m".
CLOCK_PACE = re.compile(
    r"@?\s?(?P<clock>\d{1,2}:\d{2})\s?(?:min)?\s?/\s?(?P<per>km|k|mi|mile|400m?)\b"
)

# Race paces: "@ 5K pace", "10k effort", "mile pace", "HMP", "MP", "half marathon pace".
RACE_DISTANCE_PACE = re.compile(
    r"@?\s?(?P<number>\d{1,2}(?:\.\d)?)\s?(?P<unit>k|km)\s?(?:race\s)?(?:pace|effort|rp)\b"
    r"|@?\s?(?P<track>800m?|1500m?|3000m?)\s?(?:race\s)?(?:pace|effort)\b"
    r"|@?\s?\b(?P<named>mile|half[- ]?marathon|hm|marathon)\s?(?:race\s)?(?:pace|effort)\b"
    r"|@?\s?\b(?P<short>hmp|mp)\b"
)
NAMED_RACE_M = {
    "mile": METRES_PER_MILE,
    "half-marathon": HALF_MARATHON_M,
    "half marathon": HALF_MARATHON_M,
    "halfmarathon": HALF_MARATHON_M,
    "hm": HALF_MARATHON_M,
    "hmp": HALF_MARATHON_M,
    "marathon": MARATHON_M,
    "mp": MARATHON_M,
}

GOAL_PACE = re.compile(r"\b(?:race|goal|target)\s?pace\b|@\s?(?:rp|gp)\b|\b(?:rp|gp)\b")
# Daniels' letters: "@ T", "T pace", "4 x 1 km T" (capital, not after a number: "800 M" is metres).
LETTER_PACE = re.compile(r"@\s?(?P<at>[emtir])\b|\b(?P<named>[emtir])[- ]pace\b")
CAPITAL_LETTER = re.compile(r"(?<![A-Za-z\d])(?<!\d\s)(?P<letter>[EMTIR])(?![A-Za-z'\d])")
LETTER_INTENSITY = {
    "e": Intensity.EASY,
    "m": Intensity.MARATHON,
    "t": Intensity.THRESHOLD,
    "i": Intensity.INTERVAL,
    "r": Intensity.REPETITION,
}


def word(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


# Intensities named in words, strongest first: the first that matches sets the pace.
INTENSITY_WORDS: tuple[tuple[re.Pattern[str], Intensity], ...] = (
    (word("sprints?", r"reps?\s?pace", "speed work", "repetitions?"), Intensity.REPETITION),
    (word("intervals?", r"vo2\s?max", "vo2", "vo₂max"), Intensity.INTERVAL),
    (
        word("threshold", "tempo", "lt", "cruise", "lactate", "comfortably hard"),
        Intensity.THRESHOLD,
    ),
    (word("marathon effort"), Intensity.MARATHON),
    (
        word("very easy", "recovery", "recover", r"shake\s?-?\s?out", "regeneration", "jog"),
        Intensity.RECOVERY,
    ),
    (
        word(
            "easy",
            "aerobic",
            "conversational",
            "z2",
            r"zone\s?2",
            "gentle",
            "base",
            "general",
            "steady",
            "relaxed",
            "e",
        ),
        Intensity.EASY,
    ),
)
STEADY = word("steady", "general", "base")

LONG = word(r"long(?:\s?run)?", "lr", "lsd")
PROGRESSION = word("progression", "progressive", "prog", "build-?up", "negative split")
FARTLEK = word("fartlek", "surges?")
HILLS = word("hills?", r"hill\s?(?:repeats?|reps|sprints?)", "uphill", "hilly")
STRIDES = re.compile(
    r"(?:(?P<count>\d{1,2})\s?x?\s?(?:\d{2,3}\s?(?:m|s|\")\s?)?)?\b(?:strides?|pick-?ups?|accelerations)\b"
)
RACE = word("race", "racing", "parkrun", r"time\s?trial", "tt", "race day")
RUN = word("run", "running", "runs", "jog", "km", "mi", "miles", "easy", "trot", "track")

# Whole sessions that are not runs.
REST = re.compile(
    r"^(?:rest|off|day off|rest day|off day|complete rest|full rest|none|-|x|nothing|"
    r"recovery day|rest/off|off/rest)$"
)
REST_WORD = word("rest", "off", "day off", "rest day")
OTHER_KINDS: tuple[tuple[re.Pattern[str], SessionKind], ...] = (
    (
        word(
            "gym",
            "strength",
            "weights",
            "lifting",
            "lift",
            r"s\s?&\s?c",
            "s&c",
            "core",
            "plyos?",
            "plyometrics?",
            "circuits?",
            "strength training",
            "weight training",
        ),
        SessionKind.STRENGTH,
    ),
    (
        word(
            "yoga",
            "mobility",
            "stretch",
            "stretching",
            r"foam\s?roll(?:ing|er)?",
            "pilates",
            "prehab",
        ),
        SessionKind.MOBILITY,
    ),
    (
        word(
            r"cross[- ]?train(?:ing)?",
            "xt",
            "bike",
            "biking",
            "cycle",
            "cycling",
            "swim",
            "swimming",
            "elliptical",
            "rowing",
            "row",
            r"aqua\s?jog(?:ging)?",
            "deep water running",
            "spin",
            "spinning",
            "hike",
            "hiking",
            "ski",
            "skiing",
            "walk",
            "walking",
            "cross",
        ),
        SessionKind.CROSS,
    ),
)
