"""Export: write any report of ``services.reports.KINDS`` to a file (the format follows the
extension: .xlsx, .csv, .md), for one section or all, optionally anonymised; and every
student's checklist as Markdown into a folder; and the message drafts to students (.eml +
mail-merge.csv, from the course's editable templates; nothing is sent). Writing runs in a
worker with a progress bar; the written path is notified; a refusal shows the service's
one-line message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Rule, Select, Static

from coursekit.domain.report_catalog import REPORT_KINDS
from coursekit.services.context import ServiceError
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.hints import error_text
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.file_picker import resolve
from coursekit.tui.widgets.progress_line import Callback, ProgressLine
from coursekit.tui.workers import deliver, service_work

T = TypeVar("T")

REPORTS: dict[str, str] = {kind.key: kind.hint for kind in REPORT_KINDS}  # key → what it holds
FORMAT_HELP = {
    "xlsx": "Excel workbook (charts, colours)",
    "csv": "csv (the main sheet)",
    "canvas": "csv in the Canvas gradebook import format",
    "markdown": "Markdown",
}
ALL_SECTIONS = "\0all"


def default_name(course: str, kind: str, suffix: str = ".xlsx") -> str:
    return f"{course}-{kind}{suffix}"


class ExportScreen(CourseScreen):
    TITLE = "Export"
    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave_field",
            "Leave field",
            show=False,
            tooltip="Leave the text field: the screen keys work again",
        ),
        Binding(
            "ctrl+s",
            "export_report",
            "Export",
            id="export.report",
            tooltip="Write the chosen report to the file",
        ),
        Binding(
            "ctrl+t",
            "export_checklists",
            "Checklists → md",
            id="export.checklists",
            tooltip="Write every student's checklist as Markdown into the folder",
        ),
        Binding(
            "ctrl+e",
            "compose_messages",
            "Messages → .eml",
            id="export.messages",
            tooltip="Write one e-mail draft per student to nudge, plus mail-merge.csv",
        ),
    ]

    def action_leave_field(self) -> None:
        """Esc in a text field gives the keys back to the screen (d, r, ctrl+s, ...)."""
        if isinstance(self.focused, Input):
            self.set_focus(None)

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()
        self._course: str | None = None
        self._default_out = ""
        self._default_dir = ""
        self._default_msg = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="export-form"):
            yield Label("Report")
            yield Select(
                [(kind, kind) for kind in REPORTS], value="grades", allow_blank=False, id="report"
            )
            yield Static(Text(REPORTS["grades"]), id="report-help", classes="hint")
            yield Label("File (the extension chooses the format: .xlsx, .csv or .md)")
            yield Input(id="out")
            yield Static("", id="format", classes="hint")
            yield Label("Section")
            yield Select(
                [("all sections", ALL_SECTIONS)],
                value=ALL_SECTIONS,
                allow_blank=False,
                id="section",
            )
            yield Checkbox(
                "Anonymise: keyed pseudonyms instead of names and ids; no statistics for "
                "groups under 10",
                id="anonymise",
            )
            with Horizontal(classes="buttons"):
                yield Button("Export report", variant="primary", id="export")
            yield Rule()
            yield Label("Checklists as Markdown: one file per student plus a class summary")
            yield Input(id="md-dir")
            with Horizontal(classes="buttons"):
                yield Button("Write checklists", id="export-md")
            yield Rule()
            yield Label(
                "Messages to students: one .eml draft per student to nudge (labs, credits, "
                "checklist, readiness) plus mail-merge.csv; nothing is sent"
            )
            yield Input(id="msg-dir")
            with Horizontal(classes="buttons"):
                yield Button("Compose messages", id="compose-msg")
        yield Static("", id="export-status")
        yield ProgressLine(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report", Select).focus()

    # ------------------------------------------------------------ course

    def load_course(self, code: str) -> None:
        if code != self._course:
            self._course = code
            kind = self._kind()
            self._set_default(self.query_one("#out", Input), default_name(code, kind), "out")
            self._set_default(self.query_one("#md-dir", Input), f"{code}-checklists", "dir")
            self._set_default(self.query_one("#msg-dir", Input), f"{code}-messages", "msg")
        self.load_sections(code)

    def _set_default(self, box: Input, value: str, which: str) -> None:
        attr = {"out": "_default_out", "dir": "_default_dir", "msg": "_default_msg"}[which]
        if not box.value or box.value == getattr(self, attr):
            box.value = value
        setattr(self, attr, value)

    @service_work(group="export.sections")
    def load_sections(self, code: str) -> None:
        from coursekit.services.roster.roster import list_roster

        sections = sorted({r.section for r in list_roster(self.ctx, code) if r.section})
        deliver(self.app, self._sections_loaded, code, sections)

    def _sections_loaded(self, code: str, sections: list[str]) -> None:
        if code != self._course:
            return
        select = self.query_one("#section", Select)
        current = select.value
        options: list[tuple[Text, str]] = [(Text("all sections"), ALL_SECTIONS)]
        options += [(literal(s), s) for s in sections]
        select.set_options(options)
        select.value = current if current in sections else ALL_SECTIONS

    # ------------------------------------------------------------ form

    def _kind(self) -> str:
        value = self.query_one("#report", Select).value
        return value if isinstance(value, str) else "grades"

    def _out(self) -> Path | None:
        text = self.query_one("#out", Input).value
        return resolve(text, self.start) if text.strip() else None

    def _fmt(self, out: Path) -> str | None:
        """Anonymised grades as csv: the plain flavour (a Canvas import needs the real ids)."""
        anonymise = self.query_one("#anonymise", Checkbox).value
        if self._kind() == "grades" and out.suffix.lower() == ".csv" and anonymise:
            return "plain"
        return None

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "report":
            self.query_one("#report-help", Static).update(Text(REPORTS[self._kind()]))
        if event.select.id == "report" and self._course:
            box = self.query_one("#out", Input)
            suffix = Path(box.value).suffix or ".xlsx"
            self._set_default(box, default_name(self._course, self._kind(), suffix), "out")
        self._show_format()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "out":
            self._show_format()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._show_format()

    def _show_format(self) -> None:
        from coursekit.services.reporting.reports import output_format

        hint = self.query_one("#format", Static)
        out = self._out()
        if out is None:
            hint.update(Text("type a file name ending in .xlsx, .csv or .md", "yellow"))
            return
        try:
            chosen = output_format(out, self._fmt(out))
        except ServiceError as exc:
            hint.update(literal(error_text(exc), "yellow"))
            return
        if chosen == "csv" and self._kind() == "grades" and self._fmt(out) is None:
            chosen = "canvas"
        hint.update(Text.assemble("→ ", FORMAT_HELP[chosen], " · ", literal(str(out), "dim")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "md-dir":
            self.action_export_checklists()
        elif event.input.id == "msg-dir":
            self.action_compose_messages()
        else:
            self.action_export_report()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export_report()
        elif event.button.id == "export-md":
            self.action_export_checklists()
        elif event.button.id == "compose-msg":
            self.action_compose_messages()

    # ------------------------------------------------------------ writing

    def _message(self, error: str = "", done: Text | None = None) -> None:
        """The outcome of the last export, under the form (errors in red)."""
        shown = literal(error, "bold red") if error else (done or Text(""))
        self.query_one("#export-status", Static).update(shown)

    def action_export_report(self) -> None:
        out = self._out()
        line = self.query_one(ProgressLine)
        if out is None or not self._course or line.busy:
            if out is None:
                self._failed("choose a file name ending in .xlsx, .csv or .md")
            return
        if out.exists() and not out.is_dir():
            from coursekit.tui.screens.confirm import ConfirmScreen

            question = Text.assemble(literal(str(out), "bold"), " exists. Replace it?")
            self.app.push_screen(
                ConfirmScreen(question, confirm_label="Replace", title="Replace file"),
                partial(self._replace_confirmed, out),
            )
            return
        self._start_report(out)

    def _replace_confirmed(self, out: Path, confirmed: bool | None) -> None:
        if confirmed:
            self._start_report(out)

    def _start_report(self, out: Path) -> None:
        assert self._course is not None
        kind = self._kind()
        section = self.query_one("#section", Select).value
        anonymise = self.query_one("#anonymise", Checkbox).value
        self._message()
        line = self.query_one(ProgressLine)
        line.start(f"Writing the {kind} report…")
        self.write(
            kind,
            out,
            self._course,
            section if isinstance(section, str) and section != ALL_SECTIONS else None,
            anonymise,
            self._fmt(out),
            line.callback(),
        )

    @service_work(group="export.write")
    def write(
        self,
        kind: str,
        out: Path,
        course: str,
        section: str | None,
        anonymise: bool,
        fmt: str | None,
        progress: Callback,
    ) -> None:
        from coursekit.services.reporting.reports import write_report

        try:
            path = write_report(
                self.ctx,
                kind,
                out,
                course=course,
                section=section,
                anonymise=anonymise,
                now=self.ck.now(),
                fmt=fmt,
                progress=progress,
            )
        except ServiceError as exc:
            deliver(self.app, self._failed, error_text(exc))
            return
        deliver(self.app, self._written, kind, path, anonymise)

    def _written(self, kind: str, path: Path, anonymise: bool) -> None:
        self.query_one(ProgressLine).finish()
        extra = " (anonymised)" if anonymise else ""
        message = f"Wrote the {kind} report{extra}: {clean(path)}"
        self._message(done=literal(message, "green"))
        self.notify(message, title="Export", timeout=10, markup=False)

    def _failed(self, message: str) -> None:
        self.query_one(ProgressLine).finish()
        self._message(error=message)
        self.notify(message, title="Export", severity="error", timeout=10, markup=False)

    def _start_folder_job(self, field: str, what: str, busy: str) -> Path | None:
        """The folder typed in ``field`` for an export into a folder, or None (and the
        reason shown) when there is none or the screen is busy; starts the progress line."""
        text = self.query_one(field, Input).value
        line = self.query_one(ProgressLine)
        if not self._course or line.busy:
            return None
        if not text.strip():
            self._failed(f"choose a folder for the {what}")
            return None
        folder = resolve(text, self.start)
        if folder.exists() and not folder.is_dir():
            self._failed(f"{clean(folder)}: not a folder")
            return None
        self._message()
        line.start(busy)
        return folder

    def action_export_checklists(self) -> None:
        folder = self._start_folder_job("#md-dir", "checklists", "Writing checklists…")
        if folder is not None and self._course:
            self.write_checklists(self._course, folder)

    @service_work(group="export.checklists")
    def write_checklists(self, course: str, folder: Path) -> None:
        from coursekit.services.checklists import export_checklists

        written = self._into_folder(
            folder, lambda: export_checklists(self.ctx, course, folder, today=self.ck.today())
        )
        if written is not None:
            deliver(self.app, self._checklists_written, folder, written)

    def _into_folder(self, folder: Path, work: Callable[[], T]) -> T | None:
        """Run a worker's write into ``folder``; a refusal or an OS error is shown as
        the export's one-line failure (and None returned)."""
        try:
            return work()
        except ServiceError as exc:
            deliver(self.app, self._failed, error_text(exc))
        except OSError as exc:
            deliver(self.app, self._failed, f"{clean(folder)}: {exc.strerror or 'cannot write'}")
        return None

    def _checklists_written(self, folder: Path, written: list[Path]) -> None:
        self.query_one(ProgressLine).finish()
        students = len(written) - 1  # plus class-summary.md
        message = f"Wrote {students} student checklist(s) and the class summary to {clean(folder)}"
        self._message(done=literal(message, "green"))
        self.notify(message, title="Export", timeout=10, markup=False)

    def action_compose_messages(self) -> None:
        folder = self._start_folder_job("#msg-dir", "message drafts", "Composing messages…")
        if folder is not None and self._course:
            self.write_messages(self._course, folder)

    @service_work(group="export.messages")
    def write_messages(self, course: str, folder: Path) -> None:
        from coursekit.services.reporting.student_digests import compose_messages

        result = self._into_folder(
            folder, lambda: compose_messages(self.ctx, course, folder, now=self.ck.now())
        )
        if result is None:
            return
        drafts = len(result.messages) - len(result.no_address)
        message = (
            f"Wrote {drafts} draft(s) and mail-merge.csv to {clean(folder)} (nothing sent); "
            f"templates: {clean(result.templates)}"
        )
        if result.no_address:
            message += f"; {len(result.no_address)} without an e-mail address"
        deliver(self.app, self._messages_written, message)

    def _messages_written(self, message: str) -> None:
        self.query_one(ProgressLine).finish()
        self._message(done=literal(message, "green"))
        self.notify(message, title="Export", timeout=10, markup=False)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for kind in REPORTS:
            yield PaletteCommand(
                f"Export the {kind} report", "Choose it in the form", partial(self._choose, kind)
            )

    def _choose(self, kind: str) -> None:
        self.query_one("#report", Select).value = kind
