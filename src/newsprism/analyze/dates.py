"""Temporal expressions -> ISO dates with precision, resolved against the
article's publication date (never against today)."""

from __future__ import annotations

from typing import Any

from ..model import TimeExpr

__all__ = ["extract_times"]


def extract_times(doc: Any, published: str | None) -> list[TimeExpr]:
    """Every temporal expression in a parsed spaCy ``doc``; sentence indices
    follow ``doc.sents``.  (Interface stub: to be implemented.)"""
    return []
