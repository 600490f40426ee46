"""canvas connection per course and push batches

Revision ID: 0006_canvas
Revises: 0001
Create Date: 2026-12-02 00:58:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import coursekit.db.models


revision = '0006_canvas'
down_revision = '0002_identity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('canvasconnection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('base_url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('canvas_course_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', coursekit.db.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canvasconnection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canvasconnection_course_id'), ['course_id'], unique=True)

    op.create_table('canvaspush',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('cells', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pushed_at', coursekit.db.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canvaspush', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canvaspush_course_id'), ['course_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('canvaspush', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvaspush_course_id'))
    op.drop_table('canvaspush')
    with op.batch_alter_table('canvasconnection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvasconnection_course_id'))
    op.drop_table('canvasconnection')
