"""Indexes on (athlete_id, id) for activities and alerts: the newest row of one athlete.

The dashboards' change detector (``services.data_freshness.data_stamp``) asks for the newest
activity and alert id of one athlete on every request. Without these indexes PostgreSQL
answered ``max(id) ... where athlete_id = ?`` by walking the primary key backwards and
filtering (14,295 rows read for one of 100 athletes, 6 ms); with them it is one index probe.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index("ix_activities_athlete_newest", ["athlete_id", "id"])
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_athlete_newest", ["athlete_id", "id"])


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_athlete_newest")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_athlete_newest")
