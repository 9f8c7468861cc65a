"""A revision number per athlete, raised by triggers on every write to the athlete's data.

The web app keeps answers until the athlete's revision moves (web/response_cache.py); triggers
see every writer — this server, other workers, the CLI — without each write remembering to.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

# The tables written on their own. Streams, laps, pauses, sets and RR intervals are only ever
# written with their activity row, whose trigger already counts the write.
WATCHED = (
    "activities",
    "athlete_profile_changes",
    "activity_analyses",
    "wellness_entries",
    "wellness_niggles",
    "manual_sessions",
    "activity_rpe",
    "goals",
    "plans",
    "planned_sessions",
    "given_purposes",
    "plan_changes",
)
OPERATIONS = ("INSERT", "UPDATE", "DELETE")

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION everyrun_bump_revision() RETURNS trigger AS $$
DECLARE
    who integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- An update, not an upsert: when the athlete is being deleted, nothing to raise.
        UPDATE athlete_revisions SET revision = revision + 1 WHERE athlete_id = OLD.athlete_id;
    ELSE
        INSERT INTO athlete_revisions (athlete_id, revision) VALUES (NEW.athlete_id, 1)
        ON CONFLICT (athlete_id) DO UPDATE SET revision = athlete_revisions.revision + 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "athlete_revisions",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_athlete_revisions_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name="pk_athlete_revisions"),
    )
    # Every athlete already here starts with a row, so a delete (an update of the row) counts.
    op.execute("INSERT INTO athlete_revisions (athlete_id, revision) SELECT id, 1 FROM athletes")
    add_triggers(WATCHED)


def add_triggers(tables: tuple[str, ...]) -> None:
    """Triggers that raise the athlete's revision on every write to `tables` (later migrations
    call this for the tables they add)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_POSTGRES_FUNCTION)
    for table in tables:
        for operation in OPERATIONS:
            name = f"trg_{table}_{operation.lower()}_revision"
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {operation} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION everyrun_bump_revision()"
                )
            elif operation == "DELETE":
                op.execute(
                    f"CREATE TRIGGER {name} AFTER DELETE ON {table} BEGIN "
                    "UPDATE athlete_revisions SET revision = revision + 1 "
                    "WHERE athlete_id = OLD.athlete_id; END"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN "
                    "INSERT INTO athlete_revisions (athlete_id, revision) "
                    "VALUES (NEW.athlete_id, 1) ON CONFLICT (athlete_id) "
                    "DO UPDATE SET revision = revision + 1; END"
                )


def drop_triggers(tables: tuple[str, ...]) -> None:
    for table in tables:
        for operation in OPERATIONS:
            op.execute(
                f"DROP TRIGGER IF EXISTS trg_{table}_{operation.lower()}_revision"
                + (f" ON {table}" if op.get_bind().dialect.name == "postgresql" else "")
            )


def downgrade() -> None:
    drop_triggers(WATCHED)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS everyrun_bump_revision()")
    op.drop_table("athlete_revisions")
