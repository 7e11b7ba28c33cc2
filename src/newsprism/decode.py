""":func:`newsprism.model.from_dict` and :func:`~newsprism.model.to_dict`,
compiled once per class.

``from_dict`` reads each value's type hint again for every value it
rebuilds (``typing.get_origin``, ``get_args``, ``is_dataclass`` on every
field of every sentence of every article): loading a 5,000-article store's
analyses, its kept grouping and its articles was most of one article
more's glue besides the export (bench/RESULTS.md, session 18).  Here the
hints are turned once into a tree of converters, and a value is rebuilt by
calling them: the same objects as ``from_dict`` builds (tests hold both
to it), at a fraction of the cost.

:func:`encode` is ``to_dict`` compiled the same way: ``to_dict`` asks
``is_dataclass``, ``fields`` and ``isinstance`` again of every value it
writes, and writing the kept grouping (every similarity and step) and the
export's article entries at 5,000 articles was a fifth of one article
more's glue (bench/RESULTS.md, session 19).  Each converter checks the
type it was compiled for and hands any other value to :func:`encode`,
which walks it by its own type as ``to_dict`` does (and to ``to_dict``
itself for a subclass of list or dict), so the result is ``to_dict``'s
whatever a value holds (a field typed ``Any``, a tuple for a list).

Kept apart from model.py on purpose: model.py is part of the analyzer's
version (analysis_version.py) and of the cached reports' key, so a change
there would make every store's analyses and reports again.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .model import _RENAMES, _hints, to_dict

__all__ = ["decode", "encode", "gc_paused"]

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


# ------------------------------------------------------------------ encode

# Values to_dict returns as they are (no dataclass, list, tuple or dict):
# the types of a JSON scalar, checked by exact type (a subclass, a numpy
# scalar, goes on to to_dict, which returns it as it is too).
_SCALARS = frozenset({str, int, float, bool, type(None)})

# Fields to_dict leaves out of every dataclass (the store keeps them apart).
_LEFT_OUT = ("embeddings", "parse")


def encode(obj: Any) -> Any:
    """``to_dict(obj)``: the same plain data."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if t is list or t is tuple:
        return [encode(v) for v in obj]
    if t is dict:
        return {k: encode(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(t):
        return _writer(t)(obj)
    return to_dict(obj)  # a subclass of list or dict: to_dict's own walk


@functools.cache
def _writer(cls: type) -> Converter:
    """to_dict of an instance of exactly ``cls`` (a dataclass)."""
    hints = _hints(cls)
    fields = [(f.name, _RENAMES.get(f.name, f.name), _write(hints.get(f.name, Any)))
              for f in dataclasses.fields(cls) if f.name not in _LEFT_OUT]  # type: ignore[arg-type]

    def write(obj: Any) -> dict[str, Any]:
        return {key: convert(getattr(obj, name)) for name, key, convert in fields}

    return write


def _scalar(value: Any) -> Any:
    return value if type(value) in _SCALARS else encode(value)


@functools.cache
def _write(tp: Any) -> Converter:
    """to_dict of a value whose type hint is ``tp``: compiled for the hinted
    type, :func:`encode` (the value's own type) for a value of another."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        # Optional[X]: None is a scalar, X's converter passes it on as one.
        return _write(rest[0]) if len(rest) == 1 else encode
    if tp in _SCALARS:
        return _scalar
    if origin is list and args:
        item = _write(args[0])
        return lambda value: [item(v) for v in value] if type(value) is list else encode(value)
    if origin is dict and len(args) == 2:
        item = _write(args[1])
        return lambda value: {k: item(v) for k, v in value.items()} if type(value) is dict else encode(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        cls = tp

        def write(value: Any) -> Any:
            return _writer(cls)(value) if type(value) is cls else encode(value)

        return write
    return encode  # Any, a tuple, a union: the value's own type says


# ---------------------------------------------------------------- gc pause


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the block runs.

    Decoding or encoding a large corpus builds millions of dicts, lists and
    dataclasses that live on, and each collection the allocations trigger
    walks every one built so far: ``json.loads`` of a 5,000-article kept
    document took 4.0-4.7 CPU s with the collector on and 0.9 with it
    paused (bench/RESULTS.md, session 19).  What such a block builds holds
    no reference cycles (plain data, dataclasses of it), so reference
    counting frees it as before; a cycle made in the block is collected
    after it.  Not for blocks that run spaCy or torch (their garbage has
    cycles).  Nested blocks and threads leave the collector as the outermost
    block found it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
