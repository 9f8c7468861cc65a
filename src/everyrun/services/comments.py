"""Use cases: comments on planned sessions, from the athlete or their coach, for the athlete.

A comment belongs to one session of the athlete's active plan: an ID the plan does not hold is
not found, whoever asks, so a comment cannot be hung on a guessed or another athlete's session.
Who may write is the web's access rule (the athlete or a live-linked coach); here only the
author may edit what they wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from everyrun.domain.accounts.people import Account, SessionComment, checked_comment
from everyrun.domain.errors import NotFoundError
from everyrun.services.planning import SHOW_HINT
from everyrun.services.ports import AccountStore, PlanStore


class CommentStore(PlanStore, AccountStore, Protocol):
    """Plans (to know the sessions) and the comments kept beside them."""


def planned_session_id(store: PlanStore, athlete_id: int, session_id: str) -> str:
    """The ID, if it is a session of the athlete's active plan; else not found."""
    found = store.active_plan(athlete_id)
    if found is None or found[1].session(session_id) is None:
        raise NotFoundError(f"the active plan has no session {session_id!r}", SHOW_HINT)
    return session_id


def session_comments(store: CommentStore, athlete_id: int, session_id: str) -> list[SessionComment]:
    """The session's comments, oldest first."""
    return store.comments(athlete_id, [planned_session_id(store, athlete_id, session_id)])


def comments_by_session(
    store: CommentStore, athlete_id: int, session_ids: Sequence[str]
) -> dict[str, list[SessionComment]]:
    """Comments of several sessions at once (a day's, on Today), in one read."""
    if not session_ids:
        return {}
    grouped: dict[str, list[SessionComment]] = {}
    for comment in store.comments(athlete_id, list(session_ids)):
        grouped.setdefault(comment.session_id, []).append(comment)
    return grouped


def add_comment(
    store: CommentStore,
    athlete_id: int,
    session_id: str,
    author: Account,
    body: str,
    now: datetime,
) -> SessionComment:
    """A new comment under the session, signed with the author's name."""
    checked = checked_comment(body)
    planned_session_id(store, athlete_id, session_id)
    comment_id = store.add_comment(athlete_id, session_id, author.id, checked, at=now)
    return _one(store, athlete_id, session_id, comment_id)


def edit_comment(
    store: CommentStore,
    athlete_id: int,
    session_id: str,
    comment_id: int,
    author: Account,
    body: str,
    now: datetime,
) -> SessionComment:
    """A new text for a comment: only its author's, only on this session."""
    checked = checked_comment(body)
    mine = [
        c
        for c in session_comments(store, athlete_id, session_id)
        if c.id == comment_id and c.author_id == author.id
    ]
    if not mine:
        raise NotFoundError(
            f"no comment of yours with ID {comment_id} on this session",
            "only the author can edit a comment",
        )
    store.edit_comment(athlete_id, comment_id, author.id, checked, at=now)
    return _one(store, athlete_id, session_id, comment_id)


def _one(store: CommentStore, athlete_id: int, session_id: str, comment_id: int) -> SessionComment:
    for comment in store.comments(athlete_id, [session_id]):
        if comment.id == comment_id:
            return comment
    raise NotFoundError(f"no comment with ID {comment_id}")
