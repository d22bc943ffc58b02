"""ADAPTER: option values that need no conversion skip Typer's pydantic coercion.

Typer (≥ 0.25) coerces every option value through a pydantic ``TypeAdapter`` built at
first use; building them imports pydantic (~70 ms, a third of a one-line ``boxguard
scan``). Most values of a run need no conversion at all: an option left at its default
(None, ``0.5``, ``1000``), a text option, the paths. :func:`lighten` gives each option of
the command tree a coercer that returns those as Typer would and hands anything else —
a number typed as text, a path, a choice, a value out of range, an unusual type — to
Typer's own coercion, built then and kept for the option from then on. Values, errors and
their messages are therefore Typer's own (``tests/integration/test_cli_startup.py`` compares both).

With a Typer that has no such coercion (no ``_runtime_param`` on its parameters) this
changes nothing. This module must never import pydantic.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

__all__ = ["lighten"]

_NUMBERS = (int, float)


class _Light:
    """Typer's coercion of one parameter for the values that need none; else Typer's own."""

    __slots__ = ("param",)

    def __init__(self, param: Any) -> None:
        self.param = param

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if _as_is(self.param.type_descriptor, value, multi):
            return list(value) if multi else value
        return self.typer_own().coerce(value, param=param, ctx=ctx)

    def typer_own(self) -> Any:
        """Typer's coercion of the parameter, which replaces this one from now on."""
        self.param._runtime_param = None  # Typer builds it again at first use
        return self.param.get_runtime_param()


def _as_is(desc: Any, value: Any, multi: bool) -> bool:
    """Whether Typer's coercion would return ``value`` unchanged (a list for ``list[str]``)."""
    info = desc.parameter_info
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return False
    if desc.file_annotation is not None:
        return False
    annotation = desc.annotation
    if multi:
        if get_origin(annotation) is not list or get_args(annotation) != (str,):
            return False
        return isinstance(value, list | tuple) and all(type(v) is str for v in value)
    if annotation is str:
        return type(value) is str
    if annotation in _NUMBERS and type(value) is annotation:
        if getattr(info, "clamp", False):
            return False
        low, high = info.min, info.max
        return (low is None or value >= low) and (high is None or value <= high)
    return False


def lighten(command: Any) -> None:
    """Give every parameter of ``command`` and its subcommands the light coercer (the help
    option, which Typer makes at parse time, when it is made)."""
    for param in getattr(command, "params", ()):
        _lighten(param)
    own_help = getattr(command, "get_help_option", None)
    if callable(own_help):

        def get_help_option(ctx: Any) -> Any:
            option = own_help(ctx)
            _lighten(option)
            return option

        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        lighten(sub)


def _lighten(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _Light(param)  # Typer's lazy slot
