"""What the use cases need from the outside world, as protocols the adapters fulfil."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from everyrun.domain.accounts.people import Account, CoachLink, LinkStatus, Role, SessionComment
from everyrun.domain.activity import Activity
from everyrun.domain.adaptation.changes import Change, ChangeStatus
from everyrun.domain.analysis.activity_analysis import ActivityAnalysis
from everyrun.domain.analysis.session_load import Load
from everyrun.domain.athlete import ProfileChange
from everyrun.domain.manual_sessions import ManualSession
from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.purpose import Purpose
from everyrun.domain.wellness import WellnessEntry


@dataclass(frozen=True)
class ActivitySummary:
    """One row of the activity list: enough to show, filter and spot duplicates."""

    id: int
    athlete_id: int
    sport: str
    sub_sport: str | None
    name: str | None
    start_utc: datetime
    utc_offset_s: int | None
    elapsed_s: float
    timer_s: float | None
    distance_m: float | None
    avg_heart_rate_bpm: float | None
    source_format: str
    source_name: str
    device: str | None
    sample_count: int
    warning_count: int


@dataclass(frozen=True)
class StoredFingerprint:
    """What duplicate detection compares: the file's hash and the activity's time span."""

    activity_id: int
    sport: str
    start_utc: datetime
    elapsed_s: float
    distance_m: float | None


@dataclass(frozen=True)
class NewActivity:
    """An activity ready to be stored, with where it came from."""

    activity: Activity
    file_sha256: str  # hash of the decoded file bytes (after gunzip), shared by multisport legs
    imported_at: datetime
    extra: dict[str, str] = field(default_factory=dict)


class ActivityStore(Protocol):
    """Where activities live. Every call is scoped to one athlete."""

    def default_athlete_id(self) -> int:
        """The local athlete, created on first use."""
        ...

    def file_already_imported(self, athlete_id: int, file_sha256: str) -> list[int]:
        """Ids of activities that came from a file with this hash."""
        ...

    def activities_between(
        self, athlete_id: int, start_utc: datetime, end_utc: datetime
    ) -> list[StoredFingerprint]:
        """Activities whose span overlaps [start_utc, end_utc]."""
        ...

    def add_activities(self, athlete_id: int, new: Sequence[NewActivity]) -> list[int]:
        """Store all of them in one transaction (all or none); returns their ids in order."""
        ...

    def list_activities(
        self,
        athlete_id: int,
        *,
        since_utc: datetime | None = None,
        until_utc: datetime | None = None,
        sports: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[ActivitySummary]:
        """Newest first."""
        ...

    def get_activity(self, athlete_id: int, activity_id: int) -> Activity:
        """The full activity with streams and laps; NotFoundError if not this athlete's."""
        ...

    def iter_summaries(self, athlete_id: int) -> Iterator[ActivitySummary]: ...


class PlatformMetadata(Protocol):
    """What a platform's export says about a file (Strava's activities.csv)."""

    @property
    def name(self) -> str | None: ...
    @property
    def activity_type(self) -> str | None: ...
    @property
    def gear(self) -> str | None: ...


class ActivityFile(Protocol):
    """A file found by the import, read lazily so a long history never sits in memory."""

    @property
    def name(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def metadata(self) -> PlatformMetadata | None: ...
    def read(self) -> bytes: ...


@runtime_checkable
class UnreadableSource(Protocol):
    """Something the import found but cannot read (unknown type, bad archive member)."""

    @property
    def name(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def reason(self) -> str: ...


class ReadActivities(Protocol):
    def __call__(self, file_format: str, data: bytes, source_name: str) -> list[Activity]: ...


class ProfileStore(Protocol):
    """Where the athlete's dated profile changes live."""

    def record_profile_changes(self, athlete_id: int, changes: Sequence[ProfileChange]) -> None: ...
    def profile_changes(self, athlete_id: int) -> list[ProfileChange]: ...


@dataclass(frozen=True)
class StoredAnalysis:
    """An activity's stored analysis: the columns later use cases sum on, and the whole as JSON."""

    activity_id: int
    sport: str
    start_utc: datetime
    utc_offset_s: int | None
    version: int
    profile_day: date
    analysed_at: datetime
    purpose: str
    purpose_confidence: float
    load: float | None
    load_method: str | None
    data: dict[str, Any]


class AnalysisStore(ActivityStore, ProfileStore, Protocol):
    """Activities, the profile, and what the analysis made of each activity."""

    def save_analyses(
        self,
        athlete_id: int,
        analyses: Sequence[tuple[int, ActivityAnalysis]],
        analysed_at: datetime,
    ) -> None: ...
    def analyses(self, athlete_id: int, activity_id: int | None = None) -> list[StoredAnalysis]: ...
    def activity_rpes(self, athlete_id: int) -> dict[int, float]: ...


@dataclass(frozen=True)
class StoredManualSession:
    """A session logged by hand, with the load it was given when logged."""

    id: int
    session: ManualSession
    load: float | None
    load_method: str | None
    recorded_at: datetime


class LogStore(ActivityStore, Protocol):
    """Activities, and what the athlete logs by hand. Each write is one transaction."""

    def save_wellness(
        self, athlete_id: int, entries: Sequence[WellnessEntry], recorded_at: datetime
    ) -> None:
        """Merge each entry into its day: values that are None are left as stored, and a niggle
        replaces the day's niggle at the same location and side. All entries or none."""
        ...

    def wellness_between(self, athlete_id: int, first: date, last: date) -> list[WellnessEntry]:
        """Entries of the days first..last (inclusive), oldest first."""
        ...

    def add_manual_session(
        self, athlete_id: int, session: ManualSession, load: Load | None, recorded_at: datetime
    ) -> int: ...
    def manual_sessions_between(
        self, athlete_id: int, first: date, last: date
    ) -> list[StoredManualSession]:
        """Sessions of the days first..last (inclusive), oldest first."""
        ...

    def set_activity_rpe(
        self, athlete_id: int, activity_id: int, rpe: float, recorded_at: datetime
    ) -> None:
        """Replace the activity's RPE; NotFoundError if the activity is not this athlete's."""
        ...

    def activity_rpes(self, athlete_id: int) -> dict[int, float]:
        """Activity id -> the RPE the athlete gave it."""
        ...


class PlanStore(Protocol):
    """Where goals and plans live. Each write is one transaction; every call is athlete-scoped."""

    def save_goal(self, athlete_id: int, goal: Goal, *, created_at: datetime) -> None:
        """Make `goal` the current one; earlier goals stay as history."""
        ...

    def current_goal(self, athlete_id: int) -> Goal | None:
        """The latest goal saved."""
        ...

    def save_plan(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        """Store `plan` as the one active plan (the previous one stays, inactive); its id.
        All or nothing: on failure the previous active plan is still the active one."""
        ...

    def active_plan(self, athlete_id: int) -> tuple[int, Plan] | None: ...

    def plan(self, athlete_id: int, plan_id: int) -> Plan:
        """Any of the athlete's plans; NotFoundError if not theirs."""
        ...

    def planned_sessions_between(
        self, athlete_id: int, first: date, last: date
    ) -> list[PlannedSession]:
        """The active plan's sessions on days first..last (inclusive), by day in plan order."""
        ...


@dataclass(frozen=True)
class GivenPurpose:
    """What the athlete said an activity was for, after the fact (`everyrun why`)."""

    activity_id: int
    purpose: Purpose
    note: str | None
    given_at: datetime


class GivenPurposeStore(Protocol):
    """Purposes the athlete gave to activities; one per activity, the latest wins."""

    def set_given_purpose(
        self,
        athlete_id: int,
        activity_id: int,
        purpose: Purpose,
        note: str | None,
        given_at: datetime,
    ) -> None:
        """Replace the activity's given purpose; NotFoundError if not this athlete's."""
        ...

    def given_purposes(
        self, athlete_id: int, activity_ids: Sequence[int] | None = None
    ) -> dict[int, GivenPurpose]:
        """Activity id -> its given purpose (only these activities' when ids are given)."""
        ...


@dataclass(frozen=True)
class StoredChange:
    """A change the adaptation suggested to one plan version, and where it stands."""

    id: int
    plan_id: int  # the version it was proposed against
    created_at: datetime
    as_of: date  # the day the plan was adapted from
    change: Change
    status: ChangeStatus
    decided_at: datetime | None = None
    applied_plan_id: int | None = None  # the version an accepted change went into


@dataclass(frozen=True)
class PlanVersion:
    id: int
    created_at: datetime
    active: bool
    start: date
    end: date
    adapted_changes: int  # changes accepted into this version (0: made by the planner)


class ChangeStore(PlanStore, Protocol):
    """Suggested plan changes and plan versions; every call is athlete-scoped."""

    def active_plan_id(self, athlete_id: int) -> int | None:
        """The active plan's id without reading the plan: cheap enough for every log."""
        ...

    def add_changes(
        self,
        athlete_id: int,
        plan_id: int,
        as_of: date,
        changes: Sequence[Change],
        *,
        created_at: datetime,
    ) -> list[StoredChange]:
        """Store the changes as proposed, in one transaction; in the same order."""
        ...

    def plan_changes(
        self,
        athlete_id: int,
        *,
        plan_id: int | None = None,
        status: ChangeStatus | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[StoredChange]:
        """Oldest first; only those of `plan_id`, with `status` or these `ids` when given."""
        ...

    def mark_changes(
        self, athlete_id: int, ids: Sequence[int], status: ChangeStatus, *, decided_at: datetime
    ) -> None:
        """Record the athlete's decision on changes that need no new plan version (rejected, or
        accepted with nothing to edit); NotFoundError if one is not the athlete's."""
        ...

    def save_adapted_plan(
        self, athlete_id: int, plan: Plan, accepted: Sequence[int], *, created_at: datetime
    ) -> int:
        """In one transaction: `plan` as the new active version (the previous one kept) and
        the `accepted` changes marked accepted into it; its id."""
        ...

    def plan_versions(self, athlete_id: int) -> list[PlanVersion]:
        """Every plan of the athlete, oldest first."""
        ...


class AccountStore(Protocol):
    """Accounts on a shared server (store/account_rows.py). Tokens arrive hashed."""

    def create_account(
        self, email: str, name: str, password_hash: str, role: Role, *, created_at: datetime
    ) -> Account: ...
    def account(self, user_id: int) -> Account | None: ...
    def account_for_athlete(self, athlete_id: int) -> Account | None: ...
    def account_with_hash(self, email: str) -> tuple[Account, str] | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def delete_athlete(self, athlete_id: int) -> None: ...
    def add_session(
        self,
        token_hash: str,
        user_id: int,
        csrf_token: str,
        *,
        created_at: datetime,
        expires_at: datetime,
    ) -> None: ...
    def session(self, token_hash: str, now: datetime) -> tuple[Account, str, int | None] | None: ...
    def set_viewing(self, token_hash: str, athlete_id: int | None) -> None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def add_api_token(self, user_id: int, name: str, token_hash: str, *, at: datetime) -> int: ...
    def token_account(self, token_hash: str) -> Account | None: ...
    def api_tokens(self, user_id: int) -> list[tuple[int, str, datetime, datetime | None]]: ...
    def revoke_api_token(self, user_id: int, token_id: int, *, at: datetime) -> None: ...
    def record_attempt(
        self, email: str, address: str, *, succeeded: bool, at: datetime
    ) -> None: ...
    def failures_since(self, email: str, address: str, since: datetime) -> tuple[int, int]: ...
    def add_invitation(
        self,
        token_hash: str,
        email: str,
        role: Role,
        invited_by: int,
        *,
        at: datetime,
        expires_at: datetime,
    ) -> None: ...
    def open_invitation(
        self, token_hash: str, now: datetime
    ) -> tuple[int, str, Role, int] | None: ...
    def use_invitation(self, invitation_id: int, *, at: datetime) -> None: ...
    def add_link(self, coach_user_id: int, athlete_id: int, *, at: datetime) -> int: ...
    def set_link_status(self, link_id: int, status: LinkStatus, *, at: datetime) -> None: ...
    def links(
        self, *, coach_user_id: int | None = None, athlete_id: int | None = None
    ) -> list[CoachLink]: ...
    def has_live_link(self, coach_user_id: int, athlete_id: int) -> bool: ...
    def add_comment(
        self, athlete_id: int, session_id: str, author_user_id: int, body: str, *, at: datetime
    ) -> int: ...
    def comments(
        self, athlete_id: int, session_ids: Sequence[str] | None = None
    ) -> list[SessionComment]: ...
    def edit_comment(
        self, athlete_id: int, comment_id: int, author_user_id: int, body: str, *, at: datetime
    ) -> None: ...
