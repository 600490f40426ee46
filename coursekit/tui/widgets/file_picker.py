"""Pick a file: a DirectoryTree filtered by suffix next to a path box you can type into.

``FilePicker`` is the widget (the import wizard embeds it); ``FilePickerScreen`` is a modal
around it (attach a checklist template). File names are shown literally (control characters
replaced): a file called ``[b]x.csv`` is shown as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text, TextType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Static

from coursekit.tui.text import clean

SPREADSHEETS = (".csv", ".xlsx")
TEMPLATES = (".yaml", ".yml", ".json", ".template")


class FilteredTree(DirectoryTree):
    """Folders (not hidden ones) and files with one of ``suffixes``."""

    def __init__(self, path: Path, suffixes: Iterable[str], *, id: str | None = None) -> None:
        self.suffixes = tuple(s.lower() for s in suffixes)
        super().__init__(path, id=id)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        shown = []
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or path.suffix.lower() in self.suffixes:
                    shown.append(path)
            except OSError:
                continue
        return shown

    def process_label(self, label: TextType) -> Text:
        return Text(clean(label.plain if isinstance(label, Text) else label), no_wrap=True)


def resolve(text: str, base: Path) -> Path:
    """What the user typed as a path (``~`` expanded, relative to ``base``)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else base / path


class FilePicker(Vertical):
    """Enter on a file in the tree, or a typed path + Enter, posts ``Chosen``."""

    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    FilePicker { height: 1fr; }
    FilePicker FilteredTree { height: 1fr; border: round $panel; }
    FilePicker FilteredTree:focus { border: round $primary; }
    FilePicker .picker-hint { color: $text-muted; height: 1; }
    """

    class Chosen(Message):
        def __init__(self, picker: FilePicker, path: Path) -> None:
            super().__init__()
            self.picker, self.path = picker, path

        @property
        def control(self) -> FilePicker:
            return self.picker

    def __init__(self, start: Path, suffixes: Iterable[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.start = start
        self.suffixes = tuple(suffixes)

    def compose(self) -> ComposeResult:
        yield FilteredTree(self.start, self.suffixes)
        shown = ", ".join(self.suffixes)
        yield Static(
            Text(f"Enter picks a file ({shown}); or type a path below and press Enter"),
            classes="picker-hint",
        )
        yield Input(placeholder=f"path to a {shown} file", id="picker-path")

    @property
    def path_input(self) -> Input:
        return self.query_one("#picker-path", Input)

    @property
    def file_tree(self) -> FilteredTree:
        return self.query_one(FilteredTree)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        path = event.path
        try:
            shown = str(path.relative_to(self.start))
        except ValueError:
            shown = str(path)
        self.path_input.value = shown
        self.post_message(self.Chosen(self, path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "picker-path":
            return
        event.stop()
        if event.value.strip():
            self.post_message(self.Chosen(self, resolve(event.value, self.start)))

    def current_path(self) -> Path | None:
        text = self.path_input.value
        return resolve(text, self.start) if text.strip() else None


class FilePickerScreen(ModalScreen[Path | None]):
    """A modal file picker: dismisses with the chosen path, or ``None`` (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    FilePickerScreen .dialog { height: 80%; }
    """

    def __init__(self, title: str, suffixes: Iterable[str], start: Path | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.suffixes = tuple(suffixes)
        self.start = start or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.dialog_title
            yield FilePicker(self.start, self.suffixes)

    def on_mount(self) -> None:
        self.query_one(FilteredTree).focus()

    def on_file_picker_chosen(self, event: FilePicker.Chosen) -> None:
        event.stop()
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
