"""Dashboard, labs matrix, credits and readiness screens driven from the keyboard on the demo
database, checked against the services' own results."""

from __future__ import annotations

from typing import Any

from coursekit.domain.credits import CreditFlag
from coursekit.domain.readiness import ReadinessStatus
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.labs import lab_matrix
from coursekit.services.views.readiness import readiness_rows
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.credits import CreditsScreen, credit_risk
from coursekit.tui.screens.dashboard import DashboardScreen
from coursekit.tui.screens.labs import LabsScreen
from coursekit.tui.screens.readiness import STATUS_LOOK, ReadinessScreen
from coursekit.tui.screens.student import StudentScreen
from coursekit.tui.widgets.charts import percent
from coursekit.tui.widgets.lab_cells import cell_symbol
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.widgets.table_footer import TableFooter
from support import engine_demo as demo

NOW, SIZE = demo.NOW, demo.SIZE


def table_of(app: CoursekitApp) -> RecordTable[Any]:
    return app.screen.query_one(RecordTable)


async def type_filter(pilot: Any, settled: Any, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settled(pilot)


async def test_dashboard_is_the_default_screen_and_matches_the_services(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    summary = dashboard(demo_ctx, "COMP529", now=NOW)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
        text = read_screen(app)
        assert f"{summary.active} active · {summary.dropped} dropped" in text
        assert f"{percent(summary.labs.completion)} of the labs due so far passed" in text
        assert f"accounts close in {summary.days_to_close} days" in text
        credits = summary.credits
        assert f"{credits.runs_out_before_close:>4} run out before the close date" in text
        assert f"{credits.used_90:>4} used ≥90 %" in text
        assert f"{summary.checklists.handed_in} of {summary.checklists.students} templates" in text
        # the readiness bars: label, then the count (before the bar, so a narrow panel
        # cuts the bar and never the number)
        readiness = summary.readiness
        for word, count in (
            ("ready", readiness.ready),
            ("not yet", readiness.not_yet),
            ("no data", readiness.no_data),
        ):
            assert any(
                line.split("│")[1].strip().startswith(word)
                and line.split("│")[1].strip()[len(word) :].split()[0] == str(count)
                for line in text.splitlines()
                if line.count("│") >= 2
            ), word
        nudges = table_of(app)
        assert [n.student.enrollment_id for n in nudges.visible_records()] == [
            n.student.enrollment_id for n in summary.nudges
        ]
        # the nudge list's Passed/due agrees with the Labs screen's rows (labs due so far)
        assert "Passed/due" in text
        labs_of = {
            r.student.enrollment_id: r.labs for r in lab_matrix(demo_ctx, "COMP529", now=NOW).rows
        }
        lines = text.splitlines()
        for nudge in summary.nudges[:5]:
            labs = labs_of[nudge.student.enrollment_id]
            row = next(line for line in lines if nudge.student.student_id in line)
            assert f" {labs.passed_due}/{labs.due_so_far} " in row, row
        await pilot.press("down", "enter")  # the second student of the nudge list
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.enrollment_id == summary.nudges[1].student.enrollment_id
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_labs_matrix_cells_rates_filter_and_enter(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    matrix = lab_matrix(demo_ctx, "COMP529", now=NOW)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("l")
        await settled(pilot)
        assert isinstance(app.screen, LabsScreen)
        table = table_of(app)
        assert table.row_count == len(matrix.rows)
        # one student's row reads as the service says, symbol by symbol
        row = max(matrix.rows, key=lambda r: r.labs.overdue)
        await type_filter(pilot, settled, row.student.student_id)
        assert [r.student.student_id for r in table.visible_records()] == [row.student.student_id]
        line = next(x for x in read_screen(app).splitlines() if row.student.name in x)
        symbols = [cell_symbol(cell)[0] for cell in row.labs.cells]
        tokens = line.split()
        assert f"{row.labs.passed}/{row.labs.assigned}" in tokens
        shown = symbols[:8]
        assert any(tokens[i : i + len(shown)] == shown for i in range(len(tokens))), line
        # the footer gives each lab's completion over the students shown (here: one)
        footer = app.screen.query_one(TableFooter)
        first_lab = 6
        state = row.labs.cells[0].state.value
        expected = {"passed": "100", "excused": "–"}.get(state, "0")
        assert footer.cells[first_lab][0] == expected
        await pilot.press("escape")
        await settled(pilot)
        assert [c[0] for c in footer.cells[first_lab:]] == [
            "–" if rate.rate is None else f"{rate.rate * 100:.0f}" for rate in matrix.rates
        ]
        # filter words: only students with an overdue lab
        await type_filter(pilot, settled, "overdue")
        overdue = {r.student.enrollment_id for r in matrix.rows if r.labs.overdue}
        assert {r.student.enrollment_id for r in table.visible_records()} == overdue
        await pilot.press("end", "enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.enrollment_id == table.visible_records()[-1].student.enrollment_id


async def test_credits_sorted_by_risk_filtered_and_opened(demo_ctx: Any, settled: Any) -> None:
    rows = credit_rows(demo_ctx, "COMP529", now=NOW)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, CreditsScreen)
        table = table_of(app)
        shown = table.visible_records()
        assert len(shown) == len(rows)
        ranks = [credit_risk(r.forecast)[0] for r in shown]
        assert ranks == sorted(ranks)  # most at risk first
        top = shown[0].forecast
        assert CreditFlag.USED_90 in top.flags and top.remaining <= 0
        runs_out = [i for i, r in enumerate(shown) if r.forecast.runs_out_before_close]
        fine = [i for i, r in enumerate(shown) if not r.forecast.flags]
        assert runs_out and (not fine or max(runs_out) < min(fine))
        await pilot.press("4")  # the Risk column again: reversed, least at risk first
        await settled(pilot)
        assert table.visible_records()[0].forecast.remaining > 0
        assert credit_risk(table.visible_records()[-1].forecast)[0] == 0
        await pilot.press("4")
        await type_filter(pilot, settled, "runs-out")
        expected = {r.student.enrollment_id for r in rows if r.forecast.runs_out_before_close}
        assert {r.student.enrollment_id for r in table.visible_records()} == expected
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.enrollment_id in expected


async def test_readiness_sorted_by_risk_and_opened(demo_ctx: Any, settled: Any) -> None:
    rows = readiness_rows(demo_ctx, "COMP529", now=NOW)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, ReadinessScreen)
        shown = table_of(app).visible_records()
        assert len(shown) == len(rows)
        ranks = [STATUS_LOOK[r.result.status][0] for r in shown]
        assert ranks == sorted(ranks)
        not_yet = [
            r.result.predicted_score for r in rows if r.result.status is ReadinessStatus.NOT_YET
        ]
        assert shown[0].result.status is ReadinessStatus.NOT_YET
        assert shown[0].result.predicted_score == min(not_yet)
        assert shown[-1].result.status is ReadinessStatus.READY
        await type_filter(pilot, settled, "no-data")
        assert {r.result.status for r in table_of(app).visible_records()} == {
            ReadinessStatus.NO_DATA
        }
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)


HOSTILE = (
    ("90001", "[/bold]", "A"),
    ("90002", "[link=https://x]x[/link]", "A"),
    ("90003", "Bell\x07 and \x1b[31mred", "B"),
    ("90004", "W" * 200, "B"),  # the longest name hand entry takes
    ("90005", "مرحبا \u202eevil", "B"),
)


async def test_hostile_names_in_the_matrix_and_dashboard(
    course_ctx: Any, settled: Any, read_screen: Any
) -> None:
    from coursekit.services.roster.roster import add_student

    for student_id, name, section in HOSTILE:
        add_student(course_ctx, "COMP529", student_id=student_id, name=name, section=section)
    app = CoursekitApp(course_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        text = read_screen(app)
        assert "[/bold]" in text and "[link=https://x]x[/link]" in text  # the nudge list
        await pilot.press("l")
        await settled(pilot)
        assert table_of(app).row_count == len(HOSTILE)
        text = read_screen(app)
        assert "[/bold]" in text and "[link=https://x]x[/link]" in text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "WWWW" in text
        await type_filter(pilot, settled, "90005")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
