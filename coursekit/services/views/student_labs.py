"""One student's lab states (the student screen's Labs tab) without reading the whole class."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import enrolled_students, score_facts
from coursekit.domain.engine_records import LabInfo, LabMatrix, LabRow
from coursekit.domain.labs import lab_rates, lab_specs, student_labs
from coursekit.services.context import ServiceContext
from coursekit.services.views.engine_data import course_of_enrollment, load_course, resolve_now
from coursekit.services.views.labs import LAB_KINDS


def student_lab_matrix(
    ctx: ServiceContext, enrollment_id: int, *, now: datetime | None = None
) -> LabMatrix:
    """The lab matrix restricted to one enrollment (dropped students included): one row,
    the course's labs as columns; the rates are this student's own (0 or 1 per lab)."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        student = enrolled_students(session, course_id=data.id, enrollment_id=enrollment_id)[0]
        facts = score_facts(
            session, course_id=data.id, kinds=LAB_KINDS, enrollment_id=enrollment_id
        )
    labs = lab_specs(data.syllabus.assessments)
    row = LabRow(student.ref, student_labs(labs, facts.get(enrollment_id, {}), at))
    return LabMatrix(
        labs=tuple(LabInfo(a.key, a.title, a.kind.value, a.due_at, a.pass_threshold) for a in labs),
        rows=(row,),
        rates=tuple(lab_rates(labs, [row.labs])),
    )
