"""One vocabulary of sports, whatever the file or platform called it.

Canonical names follow the FIT profile's `sport` enum (running, cycling, swimming, ...), which is
the richest common vocabulary; other formats' names are mapped onto it.
"""

from __future__ import annotations

RUNNING = "running"
CYCLING = "cycling"
SWIMMING = "swimming"
WALKING = "walking"
HIKING = "hiking"
TRAINING = "training"  # strength, yoga, mobility, cardio on FIT devices
ROWING = "rowing"
TRANSITION = "transition"
GENERIC = "generic"

# Strava's activity types (bulk export CSV "Activity Type" and GPX <type>) and their numeric codes.
_STRAVA_TYPES: dict[str, tuple[str, str | None]] = {
    "run": (RUNNING, None),
    "trail run": (RUNNING, "trail"),
    "trailrun": (RUNNING, "trail"),
    "virtual run": (RUNNING, "virtual_activity"),
    "virtualrun": (RUNNING, "virtual_activity"),
    "ride": (CYCLING, None),
    "virtual ride": (CYCLING, "virtual_activity"),
    "virtualride": (CYCLING, "virtual_activity"),
    "mountain bike ride": (CYCLING, "mountain"),
    "mountainbikeride": (CYCLING, "mountain"),
    "gravel ride": (CYCLING, "gravel_cycling"),
    "gravelride": (CYCLING, "gravel_cycling"),
    "e-bike ride": ("e_biking", None),
    "ebikeride": ("e_biking", None),
    "swim": (SWIMMING, None),
    "walk": (WALKING, None),
    "hike": (HIKING, None),
    "weight training": (TRAINING, "strength_training"),
    "weighttraining": (TRAINING, "strength_training"),
    "workout": (TRAINING, None),
    "crossfit": (TRAINING, "cardio_training"),
    "yoga": (TRAINING, "yoga"),
    "pilates": (TRAINING, "pilates"),
    "rowing": (ROWING, None),
    "nordic ski": ("cross_country_skiing", None),
    "nordicski": ("cross_country_skiing", None),
    "alpine ski": ("alpine_skiing", None),
    "alpineski": ("alpine_skiing", None),
    "stand up paddling": ("stand_up_paddleboarding", None),
    "standuppaddling": ("stand_up_paddleboarding", None),
    "elliptical": ("fitness_equipment", "elliptical"),
    "stair stepper": ("fitness_equipment", "stair_climbing"),
    "kayaking": ("kayaking", None),
    "rock climb": ("rock_climbing", None),
}
# GPX files written by Strava carry the numeric code of the type in <type>.
_STRAVA_CODES = {"1": CYCLING, "4": HIKING, "9": RUNNING, "10": WALKING}

# TCX Activity@Sport has only Running, Biking and Other; GPX writers use free words.
_WORDS: dict[str, str] = {
    "running": RUNNING,
    "run": RUNNING,
    "jogging": RUNNING,
    "trail_running": RUNNING,
    "treadmill": RUNNING,
    "biking": CYCLING,
    "cycling": CYCLING,
    "bike": CYCLING,
    "road_biking": CYCLING,
    "mountain_biking": CYCLING,
    "swimming": SWIMMING,
    "walking": WALKING,
    "hiking": HIKING,
    "other": GENERIC,
    "generic": GENERIC,
}

# Highest plausible sustained speed (m/s) per sport, used to flag data that cannot be true:
# the fastest marathoners hold ~5.9 m/s and sprint finishes touch ~10 m/s for seconds only.
_MAX_SPEED_MPS: dict[str, float] = {
    # 21.6 km/h: faster than the 5,000 m world record (~6.6 m/s is held for 13 min by the
    # best alive); averaged over a whole run it means a bike, a car or a broken sensor.
    RUNNING: 6.0,
    WALKING: 3.0,
    HIKING: 3.0,
    SWIMMING: 3.0,
    ROWING: 7.0,
    CYCLING: 25.0,
}


def canonical_sport(name: str | None) -> tuple[str, str | None]:
    """Map a sport word from any file or platform to (sport, sub_sport)."""
    if not name:
        return GENERIC, None
    key = name.strip().lower()
    if key in _STRAVA_CODES:
        return _STRAVA_CODES[key], None
    if key in _STRAVA_TYPES:
        return _STRAVA_TYPES[key]
    squashed = key.replace(" ", "_").replace("-", "_")
    if squashed in _WORDS:
        return _WORDS[squashed], None
    if "run" in key:
        return RUNNING, None
    if "rid" in key or "bik" in key or "cycl" in key:
        return CYCLING, None
    return squashed or GENERIC, None


def max_plausible_speed_mps(sport: str) -> float | None:
    return _MAX_SPEED_MPS.get(sport)


def is_run(sport: str) -> bool:
    return sport == RUNNING
