"""Commands whose modules are imported when they are run or listed, not at every start.

The root command's group holds its core commands as Typer builds them and the other
areas (``grades``, ``import``, ``canvas``, ...) as ``"module:attribute"`` names: a command is
imported and built on first use, so ``coursekit courses`` neither imports the modules of
the other commands nor builds their options; ``coursekit --help`` lists (and so builds)
them all, in the order given.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup

# (command name, "module:attribute"): a function becomes a command, a Typer a group
LazyCommand = tuple[str, str]


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, in order: the built ones, then the lazy ones, each built
    from its module on first access (listing the names builds nothing)."""

    def __init__(self, built: MutableMapping[str, Any], lazy: Sequence[LazyCommand]) -> None:
        self._built = dict(built)
        self._lazy = {name: target for name, target in lazy if name not in self._built}
        self._order = [*self._built, *self._lazy]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = build_command(name, self._lazy.pop(name))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self:
            self._order.append(name)
        self._lazy.pop(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._built.pop(name, None)
        self._lazy.pop(name, None)
        self._order.remove(name)

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._lazy

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


def _no_options() -> None:
    """The holder's callback: it makes Typer build a group even around one command."""


def build_command(name: str, target: str) -> Any:
    """The command ``name`` as Typer builds it from ``target`` ("module:attribute"):
    registered on a holder app exactly as ``app.command(name)`` / ``app.add_typer(...,
    name=name)`` would register it on the root, so its help and options are the same."""
    module_name, _, attribute = target.partition(":")
    found = getattr(importlib.import_module(module_name), attribute)
    holder = typer.Typer(add_completion=False)
    holder.callback()(_no_options)
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    else:
        holder.command(name)(found)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    return group.commands[name]


class LazyGroup(TyperGroup):
    """A Typer group that adds the ``lazy_commands`` of its subclass after its own."""

    lazy_commands: ClassVar[Sequence[LazyCommand]] = ()

    def __init__(self, *, commands: MutableMapping[str, Any] | None = None, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(commands or {}, self.lazy_commands)
