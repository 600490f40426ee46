"""The command palette (ctrl+p): an entry for every action.

Entries come from two places, so a new screen gets its palette entries for free:

1. every *active binding that has an ``id``* on the screen the palette was opened from (global
   screen keys, course switch, help, theme, and the screen's own actions such as "Add student");
   the binding's description is the title and its tooltip the help text (titles and help
   are palette markup, so both are escaped);
2. extra commands without a key: ``palette_commands()`` on the app and on that screen, returning
   ``PaletteCommand`` tuples (e.g. "Sort roster by Email").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape


class PaletteCommand(NamedTuple):
    title: str
    help: str
    callback: Callable[[], Any]


def commands_for(screen: Any) -> Iterator[PaletteCommand]:
    """Every command available on ``screen``: id'd bindings first, then the extras."""
    app = screen.app
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or binding.id in seen or not active.enabled:
            continue
        seen.add(binding.id)
        shown_key = binding.key_display or app.get_key_display(binding)
        title = binding.description or binding.action
        help_text = f"{active.tooltip or binding.tooltip} (key: {shown_key or key})".strip()
        yield PaletteCommand(title, help_text, partial(app.run_action, binding.action, active.node))
    for source in (app, screen):
        extra: Callable[[], Iterable[PaletteCommand]] | None = getattr(
            source, "palette_commands", None
        )
        if extra is not None:
            yield from extra()


class CoursekitCommands(Provider):
    async def discover(self) -> Hits:
        for command in commands_for(self.screen):
            yield DiscoveryHit(escape(command.title), command.callback, help=escape(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in commands_for(self.screen):
            score = matcher.match(f"{command.title} {command.help}")
            if score > 0:
                title = matcher.highlight(escape(command.title))
                yield Hit(score, title, command.callback, help=escape(command.help))
