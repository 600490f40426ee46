"""checklist items keep the template line of their finding

Revision ID: 0007_checklist_line
Revises: 0006_canvas
Create Date: 2026-12-02 02:25:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_checklist_line'
down_revision = '0006_canvas'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checklistitem', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('checklistitem', schema=None) as batch_op:
        batch_op.drop_column('line')
