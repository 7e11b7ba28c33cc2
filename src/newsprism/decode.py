""":func:`newsprism.model.from_dict`, compiled once per class.

``from_dict`` reads each value's type hint again for every value it
rebuilds (``typing.get_origin``, ``get_args``, ``is_dataclass`` on every
field of every sentence of every article): loading a 5,000-article store's
analyses, its kept grouping and its articles was most of one article
more's glue besides the export (bench/RESULTS.md, session 18).  Here the
hints are turned once into a tree of converters, and a value is rebuilt by
calling them: the same objects as ``from_dict`` builds (tests hold both
to it), at a fraction of the cost.

Kept apart from model.py on purpose: model.py is part of the analyzer's
version (analysis_version.py) and of the cached reports' key, so a change
there would make every store's analyses and reports again.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from .model import _RENAMES, _hints

__all__ = ["decode"]

T = TypeVar("T")

Converter = Callable[[Any], Any]


def decode(cls: type[T], data: dict[str, Any]) -> T:
    """``from_dict(cls, data)``: the same dataclass tree."""
    return _class(cls)(data)


def _same(value: Any) -> Any:
    return value


@functools.cache
def _class(cls: type) -> Converter:
    """The converter of a dataclass's dict (never None: from_dict's own
    entry point does not check for None)."""
    hints = _hints(cls)
    fields = [(f.name, _RENAMES.get(f.name, f.name), _converter(hints[f.name]))
              for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

    def build(data: dict[str, Any]) -> Any:
        return cls(**{name: convert(data[key]) for name, key, convert in fields if key in data})

    return build


@functools.cache
def _converter(tp: Any) -> Converter:
    """model._convert for one type, as a function of the value: None stays
    None at every level, as there."""
    inner = _inner(tp)
    if inner is _same:
        return _same

    def convert(value: Any) -> Any:
        return None if value is None else inner(value)

    return convert


def _inner(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            return _converter(arg)  # the first type that is not None, as _convert takes it
    if origin is list and args:
        item = _converter(args[0])
        if item is _same:
            return list
        return lambda value: [item(v) for v in value]
    if origin is tuple and args:
        items = [_converter(a) for a in args]
        # zip: as many items as the hint names (tuple[int, ...] keeps two)
        return lambda value: tuple(c(v) for c, v in zip(items, value))
    if origin is dict and len(args) == 2:
        item = _converter(args[1])
        return lambda value: {k: item(v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return _class(tp)
    return _same
