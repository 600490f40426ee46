"""student identifiers: every identifier a source gives, for matching

Revision ID: 0002_identity
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import coursekit.db.models

revision = "0002_identity"
down_revision = "0001"
branch_labels = None
depends_on = None

# existing student columns become identifiers (kind, column)
_BACKFILL = (
    ("student_number", "student_id"),
    ("canvas_user_id", "lms_id"),
    ("sis_login", "login"),
    ("email", "email"),
)


def upgrade() -> None:
    op.create_table(
        "studentidentifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", coursekit.db.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["importbatch.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["student_pk"], ["student.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("student_pk", "kind", "value", name="uq_student_identifier"),
    )
    for kind, column in _BACKFILL:
        where = f"{column} IS NOT NULL AND {column} <> ''"
        if column == "student_id":
            where += " AND student_id NOT LIKE 'canvas:%'"
        op.execute(
            "INSERT INTO studentidentifier (student_pk, kind, value, source, created_at) "
            f"SELECT id, '{kind}', lower(trim({column})), 'migration', CURRENT_TIMESTAMP "
            f"FROM student WHERE {where}"
        )


def downgrade() -> None:
    op.drop_table("studentidentifier")
