"""Today's recommendations (log with context, probability and feedback) and learner state.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aicoach.storage.types import JsonColumn, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _athlete_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"],
        ["athletes.id"],
        name=op.f(f"fk_{table}_athlete_id_athletes"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("arm", sa.String(length=32), nullable=False),
        sa.Column("intensity", sa.String(length=16), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("intended_rpe", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("policy", sa.String(length=32), nullable=False),
        sa.Column("features", JsonColumn, nullable=False),
        sa.Column("decision", JsonColumn, nullable=False),
        sa.Column("readiness_score", sa.Float(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=True),
        sa.Column("rating_1_5", sa.Integer(), nullable=True),
        sa.Column("rpe_0_10", sa.Float(), nullable=True),
        sa.Column("feedback_note", sa.Text(), nullable=True),
        sa.Column("feedback_at", UTCDateTime(), nullable=True),
        sa.Column("reward", sa.Float(), nullable=True),
        sa.Column("readiness_correction", sa.Float(), nullable=True),
        _athlete_fk("recommendations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendations_athlete_id"), ["athlete_id"], unique=False
        )
    op.create_table(
        "recommenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("state", JsonColumn, nullable=False),
        sa.Column("likes", JsonColumn, nullable=False),
        sa.Column("dislikes", JsonColumn, nullable=False),
        sa.Column("places", JsonColumn, nullable=False),
        sa.Column("home_kit", JsonColumn, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _athlete_fk("recommenders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommenders")),
        sa.UniqueConstraint("athlete_id", name=op.f("uq_recommenders_athlete_id")),
    )


def downgrade() -> None:
    op.drop_table("recommenders")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_athlete_id"))
    op.drop_table("recommendations")
