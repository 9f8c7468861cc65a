"""Logs by hand: daily wellness and niggles, sessions without a file, RPE for activities.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _athlete_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"], ["athletes.id"], name=f"fk_{table}_athlete_id_athletes", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "wellness_entries",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sleep_hours", sa.Double(), nullable=True),
        sa.Column("sleep_quality", sa.Integer(), nullable=True),
        sa.Column("hrv_rmssd_ms", sa.Double(), nullable=True),
        sa.Column("resting_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("soreness", sa.Integer(), nullable=True),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("stress", sa.Integer(), nullable=True),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("hydration_litres", sa.Double(), nullable=True),
        sa.Column("nutrition", sa.Integer(), nullable=True),
        sa.Column("illness", sa.Boolean(), nullable=True),
        sa.Column("illness_note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _athlete_fk("wellness_entries"),
        sa.PrimaryKeyConstraint("athlete_id", "day", name="pk_wellness_entries"),
    )
    op.create_table(
        "wellness_niggles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("location", sa.String(length=80), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=True),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _athlete_fk("wellness_niggles"),
        sa.PrimaryKeyConstraint("id", name="pk_wellness_niggles"),
    )
    op.create_index("ix_wellness_niggles_athlete_id_day", "wellness_niggles", ["athlete_id", "day"])
    op.create_table(
        "manual_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sport", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Double(), nullable=False),
        sa.Column("rpe", sa.Double(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("exercises", sa.Text(), nullable=False),
        sa.Column("drills", sa.Text(), nullable=False),
        sa.Column("load", sa.Double(), nullable=True),
        sa.Column("load_method", sa.String(length=32), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _athlete_fk("manual_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_manual_sessions"),
    )
    op.create_index("ix_manual_sessions_athlete_id_day", "manual_sessions", ["athlete_id", "day"])
    op.create_table(
        "activity_rpe",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("rpe", sa.Double(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name="fk_activity_rpe_activity_id_activities",
            ondelete="CASCADE",
        ),
        _athlete_fk("activity_rpe"),
        sa.PrimaryKeyConstraint("activity_id", name="pk_activity_rpe"),
    )


def downgrade() -> None:
    op.drop_table("activity_rpe")
    op.drop_index("ix_manual_sessions_athlete_id_day", "manual_sessions")
    op.drop_table("manual_sessions")
    op.drop_index("ix_wellness_niggles_athlete_id_day", "wellness_niggles")
    op.drop_table("wellness_niggles")
    op.drop_table("wellness_entries")
