"""Word stems shared by the reconcile stages: align compares claims' words
by them, verdicts reads what each report states by them.  A leaf module, so
neither has to reach into the other's private names."""

from __future__ import annotations

__all__ = ["stem"]


def stem(word: str) -> str:
    """A crude suffix stripper: "costs", "costing" and "cost" meet; the
    transformer cosine covers what it misses (fled / flee)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w
