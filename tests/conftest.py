"""Fixtures shared by every test folder.

``seeds_dir`` is the one place the seed reports' path is computed: the
folder ../shared/examples/seeds beside the repository, which tests read at
run time (never copied into the project).  Tests that need it are skipped
where it is absent (a fresh clone without the shared folder)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

_SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed reports' folder; the test is skipped when it has none."""
    if not _SEEDS.is_dir() or not any(_SEEDS.glob("*.txt")):
        pytest.skip("seed examples (../shared/examples/seeds) not present beside the repository")
    return _SEEDS


@pytest.fixture(scope="session")
def seed_path(seeds_dir: Path) -> Callable[[str], Path]:
    """A function: seed prefix ("000") -> the path of that seed report."""

    def find(prefix: str) -> Path:
        found = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
        if not found:
            pytest.skip(f"seed {prefix} not present")
        return found[0]

    return find
