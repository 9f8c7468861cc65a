"""The database schema as SQLAlchemy Core tables; migrations create exactly this.

Every row carries `athlete_id`, so every query can be scoped to one athlete without joins.
Sample streams are stored one row per column (a compressed blob, see stream_codec), never one
row per sample. Only portable types are used, so SQLite and PostgreSQL behave the same.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite keeps no zone, PostgreSQL answers in its own."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} cannot be stored: give it a zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _athlete_fk() -> sa.Column[int]:
    return sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        nullable=False,
    )


def _activity_fk(*, primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        "activity_id",
        sa.Integer,
        sa.ForeignKey("activities.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


athletes = sa.Table(
    "athletes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("time_zone", sa.String(64), nullable=True),  # IANA name, e.g. Europe/Paris
)

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("sport", sa.String(40), nullable=False),
    sa.Column("sub_sport", sa.String(40), nullable=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("start_utc", UtcDateTime, nullable=False),
    sa.Column("end_utc", UtcDateTime, nullable=False),
    sa.Column("utc_offset_s", sa.Integer, nullable=True),
    sa.Column("utc_offset_source", sa.String(16), nullable=True),
    sa.Column("elapsed_s", sa.Double, nullable=False),
    sa.Column("timer_s", sa.Double, nullable=True),
    sa.Column("distance_m", sa.Double, nullable=True),
    sa.Column("avg_heart_rate_bpm", sa.Double, nullable=True),
    sa.Column("source_format", sa.String(16), nullable=False),
    sa.Column("source_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("leg_index", sa.Integer, nullable=False),
    sa.Column("leg_count", sa.Integer, nullable=False),
    sa.Column("device_manufacturer", sa.String(100), nullable=True),
    sa.Column("device_product", sa.String(100), nullable=True),
    sa.Column("device_serial", sa.String(100), nullable=True),
    sa.Column("gear", sa.Text, nullable=True),
    sa.Column("sample_count", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False),  # JSON list of strings
    sa.Column("summary", sa.Text, nullable=False),  # JSON object of device-reported numbers
    sa.Column("extra", sa.Text, nullable=False),  # JSON object: NewActivity.extra
    sa.Column("imported_at", UtcDateTime, nullable=False),
    sa.Index(None, "athlete_id"),
    sa.Index(None, "athlete_id", "start_utc"),
    sa.Index(None, "athlete_id", "file_sha256"),
)

activity_streams = sa.Table(
    "activity_streams",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),  # column order in Streams
    sa.Column("dtype", sa.String(16), nullable=False),
    sa.Column("length", sa.Integer, nullable=False),
    sa.Column("codec", sa.String(32), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

laps = sa.Table(
    "laps",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("lap_index", sa.Integer, primary_key=True),
    sa.Column("start_utc", UtcDateTime, nullable=False),
    sa.Column("elapsed_s", sa.Double, nullable=False),
    sa.Column("timer_s", sa.Double, nullable=True),
    sa.Column("distance_m", sa.Double, nullable=True),
    sa.Column("avg_speed_mps", sa.Double, nullable=True),
    sa.Column("avg_heart_rate_bpm", sa.Double, nullable=True),
    sa.Column("max_heart_rate_bpm", sa.Double, nullable=True),
    sa.Column("avg_cadence_rpm", sa.Double, nullable=True),
    sa.Column("avg_power_w", sa.Double, nullable=True),
    sa.Column("intensity", sa.String(32), nullable=True),
    sa.Column("trigger", sa.String(32), nullable=True),
)

pauses = sa.Table(
    "pauses",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("pause_index", sa.Integer, primary_key=True),
    sa.Column("start_utc", UtcDateTime, nullable=False),
    sa.Column("end_utc", UtcDateTime, nullable=False),
)

strength_sets = sa.Table(
    "strength_sets",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("set_index", sa.Integer, primary_key=True),
    sa.Column("start_utc", UtcDateTime, nullable=True),
    sa.Column("duration_s", sa.Double, nullable=True),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("repetitions", sa.Integer, nullable=True),
    sa.Column("weight_kg", sa.Double, nullable=True),
    sa.Column("exercise", sa.String(100), nullable=True),
)

rr_intervals = sa.Table(
    "rr_intervals",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("length", sa.Integer, nullable=False),
    sa.Column("codec", sa.String(32), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Children of an activity, in the order they are written.
ACTIVITY_CHILDREN = (activity_streams, laps, pauses, strength_sets, rr_intervals)

# The athlete profile as a log of dated changes (see domain.athlete.profile_on).
athlete_profile_changes = sa.Table(
    "athlete_profile_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("field", sa.String(40), nullable=False),
    sa.Column("value", sa.Text, nullable=False),  # JSON scalar
    sa.Column("effective_from", sa.Date, nullable=False),  # the athlete's local day
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Index("ix_athlete_profile_changes_athlete_id_field", "athlete_id", "field"),
)

# What the analysis found for each activity; `data` is the whole analysis as JSON, the columns
# are what later use cases filter and sum on (purpose, load).
activity_analyses = sa.Table(
    "activity_analyses",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("profile_day", sa.Date, nullable=False),
    sa.Column("analysed_at", UtcDateTime, nullable=False),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("purpose_confidence", sa.Double, nullable=False),
    sa.Column("load", sa.Double, nullable=True),
    sa.Column("load_method", sa.String(32), nullable=True),
    sa.Column("data", sa.Text, nullable=False),
)

# What the athlete logs by hand (domain.wellness, domain.manual_sessions).
# One wellness row per athlete and local day: a second log that day updates the values it gives.
wellness_entries = sa.Table(
    "wellness_entries",
    metadata,
    sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("day", sa.Date, primary_key=True),  # the athlete's local day
    sa.Column("sleep_hours", sa.Double, nullable=True),
    sa.Column("sleep_quality", sa.Integer, nullable=True),
    sa.Column("hrv_rmssd_ms", sa.Double, nullable=True),
    sa.Column("resting_heart_rate_bpm", sa.Double, nullable=True),
    sa.Column("soreness", sa.Integer, nullable=True),
    sa.Column("fatigue", sa.Integer, nullable=True),
    sa.Column("stress", sa.Integer, nullable=True),
    sa.Column("mood", sa.Integer, nullable=True),
    sa.Column("hydration_litres", sa.Double, nullable=True),
    sa.Column("nutrition", sa.Integer, nullable=True),
    sa.Column("illness", sa.Boolean, nullable=True),
    sa.Column("illness_note", sa.Text, nullable=True),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# A niggle replaces the same day's niggle at the same location and side.
wellness_niggles = sa.Table(
    "wellness_niggles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("location", sa.String(80), nullable=False),
    sa.Column("side", sa.String(8), nullable=True),  # left, right, both
    sa.Column("severity", sa.Integer, nullable=False),  # 0-10
    sa.Column("note", sa.Text, nullable=True),
    sa.Index(None, "athlete_id", "day"),
)

# Strength, mobility and other training without a file; load by session RPE.
manual_sessions = sa.Table(
    "manual_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # strength, mobility, workout
    sa.Column("sport", sa.String(40), nullable=False),
    sa.Column("minutes", sa.Double, nullable=False),
    sa.Column("rpe", sa.Double, nullable=False),  # CR-10
    sa.Column("purpose", sa.String(32), nullable=True),
    sa.Column("notes", sa.Text, nullable=True),
    sa.Column("exercises", sa.Text, nullable=False),  # JSON list of objects
    sa.Column("drills", sa.Text, nullable=False),  # JSON list of objects
    sa.Column("load", sa.Double, nullable=True),
    sa.Column("load_method", sa.String(32), nullable=True),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Index(None, "athlete_id", "day"),
)

# How hard the athlete found a recorded activity (CR-10), for session-RPE load.
activity_rpe = sa.Table(
    "activity_rpe",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("rpe", sa.Double, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)

# What the planner works toward and what it made (domain.planning, written by plan_record).
# Goals are a history: the current goal is the latest.
goals = sa.Table(
    "goals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # race, base, return
    sa.Column("goal_day", sa.Date, nullable=False),  # race day or the block's end
    sa.Column("document", sa.Text, nullable=False),  # JSON: goal_to_dict
    sa.Index(None, "athlete_id", "created_at"),
)

# Each plan keeps its whole document, so it reads back exactly; a new plan replaces the active
# one, which stays as history. The partial unique index lets the database itself refuse a
# second active plan.
plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("goal", sa.Text, nullable=False),  # JSON: goal_to_dict
    sa.Column("start_day", sa.Date, nullable=False),
    sa.Column("end_day", sa.Date, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # JSON: plan_to_dict
    sa.Index(
        "uq_plans_athlete_id_active",
        "athlete_id",
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    ),
)

# The sessions of each plan, one row each, with the columns the audit finds a day's sessions by.
planned_sessions = sa.Table(
    "planned_sessions",
    metadata,
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("session_id", sa.String(200), primary_key=True),  # PlannedSession.id
    _athlete_fk(),
    sa.Column("position", sa.Integer, nullable=False),  # order in the plan
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("week", sa.Integer, nullable=False),
    sa.Column("is_key", sa.Boolean, nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # JSON: session_to_dict
    sa.Index(None, "plan_id", "day"),
)

# What an activity was for, in the athlete's words, given after the fact (`everyrun why`): the
# audit judges the activity against it instead of the purpose the analysis read.
given_purposes = sa.Table(
    "given_purposes",
    metadata,
    _activity_fk(primary_key=True),
    _athlete_fk(),
    sa.Column("purpose", sa.String(32), nullable=False),  # domain.purpose.Purpose
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("given_at", UtcDateTime, nullable=False),
)


# The athlete's data revision: raised by triggers on every write (migration 0008), read by the
# web app to know when a kept page is out of date.
athlete_revisions = sa.Table(
    "athlete_revisions",
    metadata,
    sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("revision", sa.BigInteger, nullable=False),
)

# Changes the adaptation suggested to a plan version, and what the athlete decided: each keeps
# the rule, the sentence with its numbers, the sessions before and after, and its exact edit
# (JSON), so one can be accepted alone; an accepted one names the version it went into.
plan_changes = sa.Table(
    "plan_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _athlete_fk(),
    sa.Column(
        "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    ),  # the version it was proposed against
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),  # the day the plan was adapted from
    sa.Column("day", sa.Date, nullable=False),  # the day the change takes effect
    sa.Column("rule", sa.String(32), nullable=False),  # domain.adaptation.changes.Rule
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("before", sa.Text, nullable=True),  # JSON: session_to_dict
    sa.Column("after", sa.Text, nullable=True),  # JSON: session_to_dict
    sa.Column("edit", sa.Text, nullable=False),  # JSON: sessions removed and added, new VDOT
    sa.Column("status", sa.String(16), nullable=False),  # proposed, accepted, rejected
    sa.Column("decided_at", UtcDateTime, nullable=True),
    sa.Column(
        "applied_plan_id",
        sa.Integer,
        sa.ForeignKey("plans.id", ondelete="SET NULL"),
        nullable=True,
    ),  # the version an accepted change went into
    sa.Index(None, "athlete_id", "plan_id", "status"),
)


# --- accounts on a shared server (migration 0009) -----------------------------------------------


def _user_fk(name: str) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )


users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

auth_sessions = sa.Table(
    "auth_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 of the cookie's token
    _user_fk("user_id"),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("viewing_athlete_id", sa.Integer, nullable=True),  # a coach's chosen athlete
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Index("ix_auth_sessions_user_id", "user_id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _user_fk("user_id"),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    _user_fk("invited_by"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
)

coach_links = sa.Table(
    "coach_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _user_fk("coach_user_id"),
    _athlete_fk(),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("decided_at", UtcDateTime, nullable=True),
    sa.Index("ix_coach_links_coach_user_id_athlete_id", "coach_user_id", "athlete_id"),
    sa.Index("ix_coach_links_athlete_id", "athlete_id"),
)

session_comments = sa.Table(
    "session_comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("session_id", sa.String(64), nullable=False),
    _user_fk("author_user_id"),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("edited_at", UtcDateTime, nullable=True),
    sa.Index("ix_session_comments_athlete_id_session_id", "athlete_id", "session_id"),
)

signin_attempts = sa.Table(
    "signin_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Index("ix_signin_attempts_email_at", "email", "at"),
    sa.Index("ix_signin_attempts_address_at", "address", "at"),
)
