"""Goals, plans and their planned sessions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _athlete_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"], ["athletes.id"], name=f"fk_{table}_athlete_id_athletes", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("goal_day", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        _athlete_fk("goals"),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
    )
    op.create_index("ix_goals_athlete_id_created_at", "goals", ["athlete_id", "created_at"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        _athlete_fk("plans"),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
    )
    op.create_index(
        "uq_plans_athlete_id_active",
        "plans",
        ["athlete_id"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "planned_sessions",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=200), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("is_key", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_planned_sessions_plan_id_plans", ondelete="CASCADE"
        ),
        _athlete_fk("planned_sessions"),
        sa.PrimaryKeyConstraint("plan_id", "session_id", name="pk_planned_sessions"),
    )
    op.create_index("ix_planned_sessions_plan_id_day", "planned_sessions", ["plan_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_planned_sessions_plan_id_day", "planned_sessions")
    op.drop_table("planned_sessions")
    op.drop_index("uq_plans_athlete_id_active", "plans")
    op.drop_table("plans")
    op.drop_index("ix_goals_athlete_id_created_at", "goals")
    op.drop_table("goals")
