"""Initial schema: athletes, activities and their streams, laps, pauses, sets and RR intervals.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies of the types used at this revision: later changes to tables.py must not
# change what this migration created.
UTC_DATETIME = sa.DateTime(timezone=True)


def _athlete_fk() -> sa.Column[int]:
    return sa.Column("athlete_id", sa.Integer(), nullable=False)


def _athlete_fk_constraint(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"],
        ["athletes.id"],
        name=f"fk_{table}_athlete_id_athletes",
        ondelete="CASCADE",
    )


def _activity_fk_constraint(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["activity_id"],
        ["activities.id"],
        name=f"fk_{table}_activity_id_activities",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_athletes"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _athlete_fk(),
        sa.Column("sport", sa.String(40), nullable=False),
        sa.Column("sub_sport", sa.String(40), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("start_utc", UTC_DATETIME, nullable=False),
        sa.Column("end_utc", UTC_DATETIME, nullable=False),
        sa.Column("utc_offset_s", sa.Integer(), nullable=True),
        sa.Column("utc_offset_source", sa.String(16), nullable=True),
        sa.Column("elapsed_s", sa.Double(), nullable=False),
        sa.Column("timer_s", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("avg_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("leg_index", sa.Integer(), nullable=False),
        sa.Column("leg_count", sa.Integer(), nullable=False),
        sa.Column("device_manufacturer", sa.String(100), nullable=True),
        sa.Column("device_product", sa.String(100), nullable=True),
        sa.Column("device_serial", sa.String(100), nullable=True),
        sa.Column("gear", sa.Text(), nullable=True),
        sa.Column("sample_count", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("extra", sa.Text(), nullable=False),
        sa.Column("imported_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        _athlete_fk_constraint("activities"),
    )
    op.create_index("ix_activities_athlete_id", "activities", ["athlete_id"])
    op.create_index("ix_activities_athlete_id_start_utc", "activities", ["athlete_id", "start_utc"])
    op.create_index(
        "ix_activities_athlete_id_file_sha256", "activities", ["athlete_id", "file_sha256"]
    )
    op.create_table(
        "activity_streams",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        _athlete_fk(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dtype", sa.String(16), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("codec", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "name", name="pk_activity_streams"),
        _activity_fk_constraint("activity_streams"),
        _athlete_fk_constraint("activity_streams"),
    )
    op.create_table(
        "laps",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        _athlete_fk(),
        sa.Column("lap_index", sa.Integer(), nullable=False),
        sa.Column("start_utc", UTC_DATETIME, nullable=False),
        sa.Column("elapsed_s", sa.Double(), nullable=False),
        sa.Column("timer_s", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("avg_speed_mps", sa.Double(), nullable=True),
        sa.Column("avg_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("max_heart_rate_bpm", sa.Double(), nullable=True),
        sa.Column("avg_cadence_rpm", sa.Double(), nullable=True),
        sa.Column("avg_power_w", sa.Double(), nullable=True),
        sa.Column("intensity", sa.String(32), nullable=True),
        sa.Column("trigger", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("activity_id", "lap_index", name="pk_laps"),
        _activity_fk_constraint("laps"),
        _athlete_fk_constraint("laps"),
    )
    op.create_table(
        "pauses",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        _athlete_fk(),
        sa.Column("pause_index", sa.Integer(), nullable=False),
        sa.Column("start_utc", UTC_DATETIME, nullable=False),
        sa.Column("end_utc", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "pause_index", name="pk_pauses"),
        _activity_fk_constraint("pauses"),
        _athlete_fk_constraint("pauses"),
    )
    op.create_table(
        "strength_sets",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        _athlete_fk(),
        sa.Column("set_index", sa.Integer(), nullable=False),
        sa.Column("start_utc", UTC_DATETIME, nullable=True),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("repetitions", sa.Integer(), nullable=True),
        sa.Column("weight_kg", sa.Double(), nullable=True),
        sa.Column("exercise", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("activity_id", "set_index", name="pk_strength_sets"),
        _activity_fk_constraint("strength_sets"),
        _athlete_fk_constraint("strength_sets"),
    )
    op.create_table(
        "rr_intervals",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        _athlete_fk(),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("codec", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name="pk_rr_intervals"),
        _activity_fk_constraint("rr_intervals"),
        _athlete_fk_constraint("rr_intervals"),
    )


def downgrade() -> None:
    for table in ("rr_intervals", "strength_sets", "pauses", "laps", "activity_streams"):
        op.drop_table(table)
    for index in (
        "ix_activities_athlete_id_file_sha256",
        "ix_activities_athlete_id_start_utc",
        "ix_activities_athlete_id",
    ):
        op.drop_index(index, table_name="activities")
    op.drop_table("activities")
    op.drop_table("athletes")
