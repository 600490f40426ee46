"""QuietFooter: Textual's ``Footer``, showing the same keys, with less restyling.

Textual's footer rebuilds all its keys whenever the screen's bindings *may* have changed (mount,
every focus change, …) — four times while the student screen opens, each time with the same
keys — and every new ``FooterKey`` is restyled three times: on mount, when its ``compact``
watcher first adds ``-compact`` (its default is ``True``) and when the binding to the footer's
``compact`` removes it again. Each restyle is a CSS match of the widget. This footer rebuilds
only when the keys shown differ and gives each new key its final ``compact`` state before it is
mounted, so it is styled once. What is painted is the same.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class QuietFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None

    def _keys(self) -> Hashable:
        """What ``compose`` would show: every active binding with its state and display."""
        get_key_display = self.app.get_key_display
        return tuple(
            (key, binding, get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Bound keys end up with the footer's value, the command palette key keeps the
                # default (True): set it now, without a restyle, before the watchers run.
                bound = "compact" in (getattr(widget, "_reactive_connect", None) or ())
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
