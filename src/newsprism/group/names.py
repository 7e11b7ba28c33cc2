"""The group stage's door to :mod:`newsprism.names`, and its data loader.

"Same name" is decided in one place, :mod:`newsprism.names` (one data file,
data/names.toml), for every stage; this module re-exports what similarity and
features call, so group and reconcile can never disagree about whether two
names match.  ``load_group_data`` reads the group stage's own data files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from ..data import load_toml
from ..errors import E, NewsprismError
from ..names import NameRules, keys_match, match_keys, name_key, name_rules

__all__ = ["NameRules", "name_rules", "load_group_data", "name_key", "keys_match", "match_keys"]

T = TypeVar("T")


def load_group_data(name: str, build: Callable[[dict[str, Any]], T]) -> T:
    """Parse data/<name> and build the rules from it; a broken or incomplete
    file gives one clear message (E071) instead of a KeyError deep inside."""
    raw = load_toml(name)
    try:
        return build(raw)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E071.format(name=name, reason=f"{type(exc).__name__}: {exc}")) from None
