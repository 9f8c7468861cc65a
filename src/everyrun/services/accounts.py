"""Use cases of a shared server: sign up, sign in, sessions and API tokens, invitations, coach
links, and the access rule every request goes through."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from everyrun.domain.accounts.people import (
    ATTEMPT_WINDOW,
    INVITATION_DAYS,
    SESSION_DAYS,
    Access,
    Account,
    AccountError,
    CoachLink,
    LinkStatus,
    NotAllowed,
    Role,
    SignInRefused,
    TooManyAttempts,
    checked_email,
    checked_name,
    checked_password,
    throttled,
)
from everyrun.domain.errors import NotFoundError
from everyrun.services.ports import AccountStore


class PasswordHasher(Protocol):
    """A memory-hard password hash (argon2id in bootstrap)."""

    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


@dataclass(frozen=True)
class Signed:
    """A new sign-in session: the token goes into the cookie, only its hash into the store."""

    account: Account
    token: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class Viewer:
    """The signed-in person behind a request."""

    account: Account
    csrf_token: str | None  # None for API tokens: no cookie, no cross-site forms to guard
    viewing_athlete_id: int | None  # a coach's chosen athlete (pages follow it)
    session_hash: str | None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_LINK_HINT = "your account page lists your coach links"


def sign_up(
    store: AccountStore,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    name: str,
    role: Role,
    now: datetime,
    invitation: str | None = None,
) -> Account:
    """A new account with its own empty training log. With an invitation: the invited address
    and role, and a coach's invitation becomes a link request the athlete then accepts."""
    address = checked_email(email)
    checked_password(password)
    invited = None
    if invitation:
        invited = store.open_invitation(token_hash(invitation), now)
        if invited is None:
            raise AccountError(
                "this invitation is not valid any more", "ask for a new one, or sign up without"
            )
        if invited[1] != address:
            raise AccountError(
                f"this invitation is for {invited[1]}", "sign up with the invited address"
            )
        role = invited[2]
    account = store.create_account(
        address, checked_name(name), hasher.hash(password), role, created_at=now
    )
    if invited is not None:
        store.use_invitation(invited[0], at=now)
        inviter = store.account(invited[3])
        if inviter is not None and inviter.role is Role.COACH and role is Role.ATHLETE:
            store.add_link(inviter.id, account.athlete_id, at=now)
    return account


def sign_in(
    store: AccountStore,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    address: str,
    now: datetime,
) -> Signed:
    """A session for the right password; never says whether the address has an account."""
    refused = SignInRefused("wrong email address or password", "check both and try again")
    try:
        who = checked_email(email)
    except AccountError:
        raise refused from None
    failures = store.failures_since(who, address, now - ATTEMPT_WINDOW)
    if throttled(*failures):
        raise TooManyAttempts(
            "too many failed sign-in attempts",
            f"wait {int(ATTEMPT_WINDOW.total_seconds() // 60)} minutes, then try again",
        )
    found = store.account_with_hash(who)
    if found is None:
        hasher.verify(_NO_ACCOUNT_HASH.get(hasher), password)  # the same work either way
        store.record_attempt(who, address, succeeded=False, at=now)
        raise refused
    account, stored_hash = found
    if not hasher.verify(stored_hash, password):
        store.record_attempt(who, address, succeeded=False, at=now)
        raise refused
    store.record_attempt(who, address, succeeded=True, at=now)
    if hasher.needs_rehash(stored_hash):
        store.set_password_hash(account.id, hasher.hash(password))
    token, csrf = new_token(), new_token()
    expires = now + timedelta(days=SESSION_DAYS)
    store.add_session(token_hash(token), account.id, csrf, created_at=now, expires_at=expires)
    return Signed(account, token, csrf, expires)


class _DummyHashes:
    """One hash of nothing per hasher, for the no-such-account path."""

    def __init__(self) -> None:
        self._hashes: dict[int, str] = {}

    def get(self, hasher: PasswordHasher) -> str:
        key = id(hasher)
        if key not in self._hashes:
            self._hashes[key] = hasher.hash(new_token())
        return self._hashes[key]


_NO_ACCOUNT_HASH = _DummyHashes()


def session_viewer(store: AccountStore, token: str, now: datetime) -> Viewer | None:
    hashed = token_hash(token)
    found = store.session(hashed, now)
    if found is None:
        return None
    account, csrf, viewing = found
    return Viewer(account, csrf, viewing, hashed)


def token_viewer(store: AccountStore, token: str) -> Viewer | None:
    account = store.token_account(token_hash(token))
    return None if account is None else Viewer(account, None, None, None)


def sign_out(store: AccountStore, token: str) -> None:
    store.delete_session(token_hash(token))


def issue_api_token(store: AccountStore, account: Account, name: str, now: datetime) -> str:
    """A token for scripts (`Authorization: Bearer ...`), shown once."""
    token = "er_" + new_token()
    store.add_api_token(account.id, checked_name(name), token_hash(token), at=now)
    return token


def invite(store: AccountStore, inviter: Account, email: str, role: Role, now: datetime) -> str:
    """An invitation token for `email` (the server has no mail: the inviter passes it on)."""
    token = new_token()
    store.add_invitation(
        token_hash(token),
        checked_email(email),
        role,
        inviter.id,
        at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    return token


# --- coach links -------------------------------------------------------------------------------


def request_link(store: AccountStore, coach: Account, athlete_email: str, now: datetime) -> int:
    """A coach asks an athlete with an account; the link is live once the athlete accepts."""
    if coach.role is not Role.COACH:
        raise NotAllowed("only a coach account can ask to coach someone")
    found = store.account_with_hash(checked_email(athlete_email))
    if found is None or found[0].id == coach.id:
        raise NotFoundError(
            f"no other account with the address {athlete_email.strip()}",
            "invite them instead: they sign up with your invitation",
        )
    return store.add_link(coach.id, found[0].athlete_id, at=now)


def _link(store: AccountStore, account: Account, link_id: int) -> CoachLink:
    """One of the account's links, as coach or athlete; another's is not found."""
    for link in [
        *store.links(coach_user_id=account.id),
        *store.links(athlete_id=account.athlete_id),
    ]:
        if link.id == link_id:
            return link
    raise NotFoundError(f"no coach link with ID {link_id}", _LINK_HINT)


def decide_link(
    store: AccountStore, athlete: Account, link_id: int, *, accept: bool, now: datetime
) -> CoachLink:
    """The athlete accepts or declines a coach's request."""
    link = _link(store, athlete, link_id)
    if link.athlete.id != athlete.id:
        raise NotAllowed("only the athlete accepts or declines a coach", _LINK_HINT)
    if link.status is not LinkStatus.PENDING:
        raise AccountError(f"this link is already {link.status.value}", _LINK_HINT)
    store.set_link_status(link_id, LinkStatus.ACTIVE if accept else LinkStatus.ENDED, at=now)
    return _link(store, athlete, link_id)


def unlink(store: AccountStore, account: Account, link_id: int, now: datetime) -> None:
    """Either side ends a link; the coach sees nothing of the athlete from then on."""
    link = _link(store, account, link_id)
    if link.status is LinkStatus.ENDED:
        raise AccountError("this link has already ended", _LINK_HINT)
    store.set_link_status(link_id, LinkStatus.ENDED, at=now)


def access_to(store: AccountStore, viewer: Account, athlete_id: int) -> Access | None:
    """What the viewer is to the athlete: themself, their coach through a live link, or nothing
    (then the athlete's data does not exist for them)."""
    if athlete_id == viewer.athlete_id:
        return Access.SELF
    if viewer.role is Role.COACH and store.has_live_link(viewer.id, athlete_id):
        return Access.COACH
    return None


def delete_account(store: AccountStore, account: Account) -> None:
    """Every record of the athlete's and the account itself; links and comments go with it."""
    store.delete_athlete(account.athlete_id)
