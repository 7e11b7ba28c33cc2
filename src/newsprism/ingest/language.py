"""Language identification with py3langid -> ISO 639-1 code."""

from __future__ import annotations

import re

__all__ = ["detect_language", "normalize_language"]

# Enough text to identify a language (py3langid's feature counting is pure
# Python and would be most of ingest's time on whole articles).
_SAMPLE_CHARS = 3000
# Fewer letters than this and the guess is noise.
_MIN_LETTERS = 20
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str | None:
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample[:2000])) < _MIN_LETTERS:
        return None
    import py3langid  # lazy: loads its model on import

    code, _score = py3langid.classify(sample)
    return code or None


def normalize_language(value: str) -> str | None:
    """A sidecar language ("en", "en-US", "EN_gb") as ISO 639-1, or None."""
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None
