"""Activity metrics: computed metrics, the activity's training load and the thresholds used.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:01:15.819384
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aicoach.storage.types import JsonColumn

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("metrics", JsonColumn, nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("load", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("load_source", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("metrics_basis", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("metrics_basis")
        batch_op.drop_column("load_source")
        batch_op.drop_column("load")
        batch_op.drop_column("metrics")
