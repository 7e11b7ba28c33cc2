"""Quantities: numbers in digits or words, the noun they count, their hedge."""

from __future__ import annotations

from typing import Any

from ..model import Quantity

__all__ = ["extract_quantities"]


def extract_quantities(doc: Any) -> list[Quantity]:
    """Every counted quantity in a parsed spaCy ``doc``; sentence indices
    follow ``doc.sents``.  (Interface stub: to be implemented.)"""
    return []
