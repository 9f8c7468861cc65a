"""Athlete profile as dated changes: thresholds in force on each day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "athlete_profile_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_athlete_profile_changes_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_athlete_profile_changes"),
    )
    op.create_index(
        "ix_athlete_profile_changes_athlete_id_field",
        "athlete_profile_changes",
        ["athlete_id", "field"],
    )


def downgrade() -> None:
    op.drop_index("ix_athlete_profile_changes_athlete_id_field", "athlete_profile_changes")
    op.drop_table("athlete_profile_changes")
