"""Accounts and the one question a shared server asks on every request: whose data is this,
and may the person asking see or change it?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from everyrun.domain.errors import EveryrunError

MIN_PASSWORD_CHARS = 10  # NIST SP 800-63B §5.1.1.2 asks for at least 8; everyrun asks for 10
MAX_PASSWORD_CHARS = 256  # a bound on the hashing work one request can ask for
MAX_NAME_CHARS = 80
SESSION_DAYS = 30
INVITATION_DAYS = 14
# Sign-in attempts: at most 5 failures per address and 30 per network address in 15 minutes
# (OWASP Authentication Cheat Sheet: throttle per account and per source).
ATTEMPT_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_ADDRESS = 30

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class AccountError(EveryrunError):
    """A sign-up, sign-in or account request that cannot be done as asked."""


class SignInRefused(AccountError):
    """Wrong address or password: the message never says which."""


class TooManyAttempts(AccountError):
    pass


class NotAllowed(AccountError):
    """Signed in, but this is not theirs to change."""


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"


class LinkStatus(StrEnum):
    PENDING = "pending"  # the coach asked; the athlete has not accepted yet
    ACTIVE = "active"
    ENDED = "ended"  # unlinked by either side, or declined


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    role: Role
    athlete_id: int  # every account has its own training data, coaches too
    created_at: datetime


@dataclass(frozen=True)
class CoachLink:
    id: int
    coach: Account
    athlete: Account
    status: LinkStatus
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class SessionComment:
    id: int
    athlete_id: int
    session_id: str  # the planned session's id, e.g. 2027-01-05-run
    author: str  # the author's name, as the athlete sees it
    author_id: int
    body: str
    created_at: datetime
    edited_at: datetime | None


class Access(StrEnum):
    """What the person asking is to the athlete whose data it is."""

    LOCAL = "local"  # the single-user app: no accounts, all of it is theirs
    SELF = "self"
    COACH = "coach"  # through a live (active) coach link


def checked_email(text: str) -> str:
    email = text.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise AccountError(f"{text.strip()!r} is not an email address", "e.g. ana@example.org")
    return email


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(
            f"the password is too short ({len(password)} characters)",
            f"use at least {MIN_PASSWORD_CHARS} characters; a few words make a good one",
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(
            "the password is too long", f"use at most {MAX_PASSWORD_CHARS} characters"
        )
    return password


def checked_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME_CHARS:
        raise AccountError("the name must be 1 to 80 characters", "e.g. Ana López")
    return name


def checked_comment(text: str) -> str:
    body = text.strip()
    if not body or len(body) > 4000:
        raise AccountError("a comment must be 1 to 4,000 characters")
    return body


def throttled(failures_for_email: int, failures_from_address: int) -> bool:
    """Whether one more attempt is refused before the password is even checked."""
    return (
        failures_for_email >= MAX_FAILURES_PER_EMAIL
        or failures_from_address >= MAX_FAILURES_PER_ADDRESS
    )


def may_read(access: Access | None) -> bool:
    return access is not None


def may_log(access: Access) -> bool:
    """The athlete's own log (wellness, imports, purposes, profile): only they write it."""
    return access in (Access.LOCAL, Access.SELF)


def may_plan(access: Access) -> bool:
    """Goals, plans, adaptation decisions and comments: the athlete or their coach."""
    return access in (Access.LOCAL, Access.SELF, Access.COACH)
