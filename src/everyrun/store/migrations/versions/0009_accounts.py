"""Accounts for a shared server: people, sign-in sessions, API tokens, invitations, coach links,
comments on planned sessions, and sign-in attempts (for throttling).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

import importlib
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

_revisions = importlib.import_module("everyrun.store.migrations.versions.0008_athlete_revisions")
# A link or a comment changes what the athlete's pages show: both raise their revision.
WATCHED = ("coach_links", "session_comments")


def _when(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["athlete_id"], ["athletes.id"], name="fk_users_athlete_id_athletes", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("athlete_id", name="uq_users_athlete_id"),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("viewing_athlete_id", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("expires_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_auth_sessions_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name="pk_auth_sessions"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("last_used_at", nullable=True),
        _when("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("used_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["users.id"], name="fk_invitations_invited_by_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_user_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _when("created_at"),
        _when("decided_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["coach_user_id"],
            ["users.id"],
            name="fk_coach_links_coach_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_coach_links_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_coach_links"),
    )
    op.create_index(
        "ix_coach_links_coach_user_id_athlete_id", "coach_links", ["coach_user_id", "athlete_id"]
    )
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    op.create_table(
        "session_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _when("created_at"),
        _when("edited_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_session_comments_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name="fk_session_comments_author_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_session_comments"),
    )
    op.create_index(
        "ix_session_comments_athlete_id_session_id",
        "session_comments",
        ["athlete_id", "session_id"],
    )
    op.create_table(
        "signin_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        _when("at"),
        sa.PrimaryKeyConstraint("id", name="pk_signin_attempts"),
    )
    op.create_index("ix_signin_attempts_email_at", "signin_attempts", ["email", "at"])
    op.create_index("ix_signin_attempts_address_at", "signin_attempts", ["address", "at"])
    _revisions.add_triggers(WATCHED)


def downgrade() -> None:
    _revisions.drop_triggers(WATCHED)
    for index, table in (
        ("ix_signin_attempts_address_at", "signin_attempts"),
        ("ix_signin_attempts_email_at", "signin_attempts"),
        ("ix_session_comments_athlete_id_session_id", "session_comments"),
        ("ix_coach_links_athlete_id", "coach_links"),
        ("ix_coach_links_coach_user_id_athlete_id", "coach_links"),
        ("ix_auth_sessions_user_id", "auth_sessions"),
    ):
        op.drop_index(index, table)
    for table in (
        "signin_attempts",
        "session_comments",
        "coach_links",
        "invitations",
        "api_tokens",
        "auth_sessions",
        "users",
    ):
        op.drop_table(table)
