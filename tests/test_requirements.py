"""The three locks in requirements/ agree with pyproject.toml, and the runtime
lock carries only what newsprism runs on."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQ = ROOT / "requirements"


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, str]:
    """Name -> version of a lock file, following its `-r` includes."""
    pins: dict[str, str] = {}
    for line in (REQ / lock).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            pins.update(_pins(line[3:].strip()))
            continue
        name, _, version = line.partition("==")
        assert version, f"{lock}: {line!r} is not pinned with =="
        pins[_canon(name)] = version
    return pins


def _specs(entries: list[str]) -> dict[str, str]:
    out = {}
    for e in entries:
        name, _, version = e.partition("==")
        out[_canon(name)] = version
    return out


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_requirements_runtime_lock_pins_every_dependency_at_its_version():
    runtime = _pins("runtime.lock")
    for name, version in _specs(_project()["dependencies"]).items():
        if name == "torch":  # installed first by the Makefile, on purpose
            continue
        assert runtime.get(name) == version, name


def _required_by_runtime(runtime: dict[str, str]) -> set[str]:
    """Names some runtime package requires unconditionally (httpx, say, is a
    test tool that the runtime also needs)."""
    needed: set[str] = set()
    for name in runtime:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for req in requires:
            if "extra ==" not in req:
                needed.add(_canon(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0]))
    return needed


def test_requirements_runtime_lock_has_no_test_or_bench_tools():
    runtime = _pins("runtime.lock")
    needed = _required_by_runtime(runtime)
    extras = _project()["optional-dependencies"]
    for extra in ("test", "bench"):
        for name in _specs(extras[extra]):
            if name in needed:
                continue
            assert name not in runtime, f"{name} ({extra}) is in the runtime lock"


def test_requirements_test_lock_pins_the_test_extra():
    test = _pins("test.lock")
    for name, version in _specs(_project()["optional-dependencies"]["test"]).items():
        assert test.get(name) == version, name
