"""Accounts, sign-in sessions, API tokens, invitations, coach links and comments, to and from
rows: SqlStore's AccountStore methods (services.ports.AccountStore), as a mixin like plan_rows.

Tokens are stored only as their SHA-256: a copy of the database signs nobody in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from everyrun.domain.accounts.people import (
    Account,
    AccountError,
    CoachLink,
    LinkStatus,
    Role,
    SessionComment,
)
from everyrun.domain.errors import NotFoundError
from everyrun.store import tables as t

_LIVE = (LinkStatus.PENDING.value, LinkStatus.ACTIVE.value)


def _account(row: Mapping[Any, Any], prefix: str = "") -> Account:
    return Account(
        id=int(row[prefix + "id"]),
        email=str(row[prefix + "email"]),
        name=str(row[prefix + "name"]),
        role=Role(row[prefix + "role"]),
        athlete_id=int(row[prefix + "athlete_id"]),
        created_at=row[prefix + "created_at"],
    )


_ACCOUNT_COLUMNS = (
    t.users.c.id,
    t.users.c.email,
    t.users.c.name,
    t.users.c.role,
    t.users.c.athlete_id,
    t.users.c.created_at,
)


class AccountRows:
    """The AccountStore part of SqlStore."""

    if TYPE_CHECKING:

        def _begin(self) -> AbstractContextManager[Connection]: ...
        def _open(self) -> Connection: ...

    # --- accounts ------------------------------------------------------------------------------

    def create_account(
        self, email: str, name: str, password_hash: str, role: Role, *, created_at: datetime
    ) -> Account:
        """The account and its own (empty) training log, in one transaction."""
        try:
            with self._begin() as connection:
                athlete_id = connection.execute(
                    sa.insert(t.athletes)
                    .values(name=name, created_at=created_at)
                    .returning(t.athletes.c.id)
                ).scalar_one()
                user_id = connection.execute(
                    sa.insert(t.users)
                    .values(
                        email=email,
                        name=name,
                        password_hash=password_hash,
                        role=role.value,
                        athlete_id=athlete_id,
                        created_at=created_at,
                    )
                    .returning(t.users.c.id)
                ).scalar_one()
        except sa_exc.IntegrityError as error:
            raise AccountError(
                f"there is already an account for {email}", "sign in, or use another address"
            ) from error
        return Account(int(user_id), email, name, role, int(athlete_id), created_at)

    def account(self, user_id: int) -> Account | None:
        query = sa.select(*_ACCOUNT_COLUMNS).where(t.users.c.id == user_id)
        with self._open() as connection:
            row = connection.execute(query).mappings().one_or_none()
        return None if row is None else _account(row)

    def account_for_athlete(self, athlete_id: int) -> Account | None:
        query = sa.select(*_ACCOUNT_COLUMNS).where(t.users.c.athlete_id == athlete_id)
        with self._open() as connection:
            row = connection.execute(query).mappings().one_or_none()
        return None if row is None else _account(row)

    def account_with_hash(self, email: str) -> tuple[Account, str] | None:
        query = sa.select(*_ACCOUNT_COLUMNS, t.users.c.password_hash).where(
            t.users.c.email == email
        )
        with self._open() as connection:
            row = connection.execute(query).mappings().one_or_none()
        return None if row is None else (_account(row), str(row["password_hash"]))

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.update(t.users)
                .where(t.users.c.id == user_id)
                .values(password_hash=password_hash)
            )

    def delete_athlete(self, athlete_id: int) -> None:
        """Everything of the athlete's, their account and its sign-in attempts included (the
        foreign keys cascade the rest), in one transaction."""
        with self._begin() as connection:
            email = connection.scalar(
                sa.select(t.users.c.email).where(t.users.c.athlete_id == athlete_id)
            )
            if email is not None:
                connection.execute(
                    sa.delete(t.signin_attempts).where(t.signin_attempts.c.email == email)
                )
            connection.execute(sa.delete(t.athletes).where(t.athletes.c.id == athlete_id))

    # --- sign-in sessions and API tokens ----------------------------------------------------------

    def add_session(
        self,
        token_hash: str,
        user_id: int,
        csrf_token: str,
        *,
        created_at: datetime,
        expires_at: datetime,
    ) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.insert(t.auth_sessions).values(
                    token_hash=token_hash,
                    user_id=user_id,
                    csrf_token=csrf_token,
                    created_at=created_at,
                    expires_at=expires_at,
                )
            )

    def session(self, token_hash: str, now: datetime) -> tuple[Account, str, int | None] | None:
        """(account, CSRF token, the athlete a coach chose to view) of a live session."""
        s = t.auth_sessions.c
        query = (
            sa.select(*_ACCOUNT_COLUMNS, s.csrf_token, s.viewing_athlete_id)
            .join(t.auth_sessions, s.user_id == t.users.c.id)
            .where(s.token_hash == token_hash, s.expires_at > now)
        )
        with self._open() as connection:
            row = connection.execute(query).mappings().one_or_none()
        if row is None:
            return None
        viewing = row["viewing_athlete_id"]
        return _account(row), str(row["csrf_token"]), None if viewing is None else int(viewing)

    def set_viewing(self, token_hash: str, athlete_id: int | None) -> None:
        s = t.auth_sessions.c
        with self._begin() as connection:
            connection.execute(
                sa.update(t.auth_sessions)
                .where(s.token_hash == token_hash)
                .values(viewing_athlete_id=athlete_id)
            )

    def delete_session(self, token_hash: str) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.delete(t.auth_sessions).where(t.auth_sessions.c.token_hash == token_hash)
            )

    def add_api_token(self, user_id: int, name: str, token_hash: str, *, at: datetime) -> int:
        with self._begin() as connection:
            return int(
                connection.execute(
                    sa.insert(t.api_tokens)
                    .values(user_id=user_id, name=name, token_hash=token_hash, created_at=at)
                    .returning(t.api_tokens.c.id)
                ).scalar_one()
            )

    def token_account(self, token_hash: str) -> Account | None:
        k = t.api_tokens.c
        query = (
            sa.select(*_ACCOUNT_COLUMNS)
            .join(t.api_tokens, k.user_id == t.users.c.id)
            .where(k.token_hash == token_hash, k.revoked_at.is_(None))
        )
        with self._open() as connection:
            row = connection.execute(query).mappings().one_or_none()
        return None if row is None else _account(row)

    def api_tokens(self, user_id: int) -> list[tuple[int, str, datetime, datetime | None]]:
        """(id, name, created, revoked) of the account's tokens, newest first."""
        k = t.api_tokens.c
        query = (
            sa.select(k.id, k.name, k.created_at, k.revoked_at)
            .where(k.user_id == user_id)
            .order_by(k.id.desc())
        )
        with self._open() as connection:
            return [
                (int(r.id), str(r.name), r.created_at, r.revoked_at)
                for r in connection.execute(query)
            ]

    def revoke_api_token(self, user_id: int, token_id: int, *, at: datetime) -> None:
        k = t.api_tokens.c
        with self._begin() as connection:
            done = connection.execute(
                sa.update(t.api_tokens)
                .where(k.id == token_id, k.user_id == user_id, k.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        if done.rowcount != 1:
            raise NotFoundError(f"no live API token with ID {token_id}", "see your account page")

    # --- sign-in attempts ------------------------------------------------------------------------

    def record_attempt(self, email: str, address: str, *, succeeded: bool, at: datetime) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.insert(t.signin_attempts).values(
                    email=email, address=address[:64], succeeded=succeeded, at=at
                )
            )

    def failures_since(self, email: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed attempts since `since`: (for this address, from this network address)."""
        a = t.signin_attempts.c
        failed = sa.and_(a.succeeded == sa.false(), a.at >= since)
        query = sa.select(
            sa.select(sa.func.count()).where(failed, a.email == email).scalar_subquery(),
            sa.select(sa.func.count()).where(failed, a.address == address[:64]).scalar_subquery(),
        )
        with self._open() as connection:
            row = connection.execute(query).one()
        return int(row[0]), int(row[1])

    # --- invitations ---------------------------------------------------------------------------

    def add_invitation(
        self,
        token_hash: str,
        email: str,
        role: Role,
        invited_by: int,
        *,
        at: datetime,
        expires_at: datetime,
    ) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.insert(t.invitations).values(
                    token_hash=token_hash,
                    email=email,
                    role=role.value,
                    invited_by=invited_by,
                    created_at=at,
                    expires_at=expires_at,
                )
            )

    def open_invitation(self, token_hash: str, now: datetime) -> tuple[int, str, Role, int] | None:
        """(id, email, role, who invited) of an unused, unexpired invitation."""
        i = t.invitations.c
        query = sa.select(i.id, i.email, i.role, i.invited_by).where(
            i.token_hash == token_hash, i.used_at.is_(None), i.expires_at > now
        )
        with self._open() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            return None
        return int(row.id), str(row.email), Role(row.role), int(row.invited_by)

    def use_invitation(self, invitation_id: int, *, at: datetime) -> None:
        with self._begin() as connection:
            connection.execute(
                sa.update(t.invitations)
                .where(t.invitations.c.id == invitation_id)
                .values(used_at=at)
            )

    # --- coach links ---------------------------------------------------------------------------

    def add_link(self, coach_user_id: int, athlete_id: int, *, at: datetime) -> int:
        """A pending link (the athlete accepts); an existing pending or active one is reused."""
        c = t.coach_links.c
        with self._begin() as connection:
            found = connection.scalar(
                sa.select(c.id).where(
                    c.coach_user_id == coach_user_id,
                    c.athlete_id == athlete_id,
                    c.status.in_(_LIVE),
                )
            )
            if found is not None:
                return int(found)
            return int(
                connection.execute(
                    sa.insert(t.coach_links)
                    .values(
                        coach_user_id=coach_user_id,
                        athlete_id=athlete_id,
                        status=LinkStatus.PENDING.value,
                        created_at=at,
                    )
                    .returning(c.id)
                ).scalar_one()
            )

    def set_link_status(self, link_id: int, status: LinkStatus, *, at: datetime) -> None:
        c = t.coach_links.c
        with self._begin() as connection:
            connection.execute(
                sa.update(t.coach_links)
                .where(c.id == link_id)
                .values(status=status.value, decided_at=at)
            )

    def links(
        self, *, coach_user_id: int | None = None, athlete_id: int | None = None
    ) -> list[CoachLink]:
        """Links of a coach or of an athlete, newest first, with both accounts."""
        c = t.coach_links.c
        coach = t.users.alias("coach")
        athlete = t.users.alias("athlete")
        query = (
            sa.select(
                c.id,
                c.status,
                c.created_at,
                c.decided_at,
                *[col.label(f"c_{col.name}") for col in coach.c if col.name != "password_hash"],
                *[col.label(f"a_{col.name}") for col in athlete.c if col.name != "password_hash"],
            )
            .join(coach, coach.c.id == c.coach_user_id)
            .join(athlete, athlete.c.athlete_id == c.athlete_id)
            .order_by(c.id.desc())
        )
        if coach_user_id is not None:
            query = query.where(c.coach_user_id == coach_user_id)
        if athlete_id is not None:
            query = query.where(c.athlete_id == athlete_id)
        with self._open() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            CoachLink(
                id=int(r["id"]),
                coach=_account(r, "c_"),
                athlete=_account(r, "a_"),
                status=LinkStatus(r["status"]),
                created_at=r["created_at"],
                decided_at=r["decided_at"],
            )
            for r in rows
        ]

    def has_live_link(self, coach_user_id: int, athlete_id: int) -> bool:
        """Whether the coach may see the athlete's data now: an active link, nothing less."""
        c = t.coach_links.c
        query = sa.select(c.id).where(
            c.coach_user_id == coach_user_id,
            c.athlete_id == athlete_id,
            c.status == LinkStatus.ACTIVE.value,
        )
        with self._open() as connection:
            return connection.scalar(query.limit(1)) is not None

    # --- comments ------------------------------------------------------------------------------

    def add_comment(
        self, athlete_id: int, session_id: str, author_user_id: int, body: str, *, at: datetime
    ) -> int:
        with self._begin() as connection:
            return int(
                connection.execute(
                    sa.insert(t.session_comments)
                    .values(
                        athlete_id=athlete_id,
                        session_id=session_id,
                        author_user_id=author_user_id,
                        body=body,
                        created_at=at,
                    )
                    .returning(t.session_comments.c.id)
                ).scalar_one()
            )

    def comments(
        self, athlete_id: int, session_ids: Sequence[str] | None = None
    ) -> list[SessionComment]:
        """The athlete's comments, oldest first; only these sessions' when given."""
        m = t.session_comments.c
        query = (
            sa.select(
                m.id,
                m.athlete_id,
                m.session_id,
                m.author_user_id,
                m.body,
                m.created_at,
                m.edited_at,
                t.users.c.name,
            )
            .join(t.users, t.users.c.id == m.author_user_id)
            .where(m.athlete_id == athlete_id)
            .order_by(m.id)
        )
        if session_ids is not None:
            query = query.where(m.session_id.in_(list(session_ids)))
        with self._open() as connection:
            return [
                SessionComment(
                    id=int(r.id),
                    athlete_id=int(r.athlete_id),
                    session_id=str(r.session_id),
                    author=str(r.name),
                    author_id=int(r.author_user_id),
                    body=str(r.body),
                    created_at=r.created_at,
                    edited_at=r.edited_at,
                )
                for r in connection.execute(query)
            ]

    def edit_comment(
        self, athlete_id: int, comment_id: int, author_user_id: int, body: str, *, at: datetime
    ) -> None:
        """Only the author edits a comment, and only on the athlete it was written for."""
        m = t.session_comments.c
        with self._begin() as connection:
            done = connection.execute(
                sa.update(t.session_comments)
                .where(
                    m.id == comment_id,
                    m.athlete_id == athlete_id,
                    m.author_user_id == author_user_id,
                )
                .values(body=body, edited_at=at)
            )
        if done.rowcount != 1:
            raise NotFoundError(f"no comment of yours with ID {comment_id}")
