"""Stable ids of claims and conflicts: a hash of their content, so that one
story analysed twice gives the same ids."""

from __future__ import annotations

import hashlib
import json
from typing import Any


__all__ = ["stable_id"]


def stable_id(prefix: str, content: Any) -> str:
    """A deterministic id: a hash of the content, so re-runs agree."""
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return f"{prefix}-{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:12]}"
