"""Settings as data.

The one definition is ``data/settings.toml``: each ``[section.key]`` table
gives a ``default`` and a ``help`` text.  A :class:`Config` is those defaults
overridden, partially, by a user TOML file and then by environment variables
``NEWSPRISM_<SECTION>_<KEY>``.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError, E

__all__ = ["Config", "Setting", "load_config", "settings_schema", "settings_markdown"]


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    default: Any
    help: str

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


@cache
def settings_schema() -> tuple[Setting, ...]:
    """Every setting, in the order of the shipped file."""
    from .data import load_toml

    raw = load_toml("settings.toml")
    out = []
    for section, keys in raw.items():
        for key, spec in keys.items():
            out.append(Setting(section, key, spec["default"], spec["help"]))
    return tuple(out)


@dataclass(frozen=True)
class Config:
    """Resolved settings: ``cfg.get("ingest", "max_bytes")`` or ``cfg["ingest.max_bytes"]``."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, section: str, key: str) -> Any:
        return self.values[f"{section}.{key}"]

    def replace(self, **overrides: Any) -> "Config":
        """A copy with ``section__key=value`` overrides (for tests and the API)."""
        values = dict(self.values)
        for k, v in overrides.items():
            name = k.replace("__", ".", 1)
            if name not in values:
                raise ConfigError(E.E020.format(name=name, source="keyword argument"))
            values[name] = v
        return Config(values)


def _coerce(setting: Setting, value: Any, source: str) -> Any:
    want = type(setting.default)
    if isinstance(value, str) and want is not str:
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise ConfigError(E.E021.format(name=setting.name, source=source, value=value)) from None
    if want is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, want) or (want is int and isinstance(value, bool)):
        raise ConfigError(E.E021.format(name=setting.name, source=source, value=value))
    return value


def load_config(path: str | Path | None = None, *, env: dict[str, str] | None = None) -> Config:
    """Defaults, then the TOML file at ``path`` (any subset), then the environment."""
    schema = {s.name: s for s in settings_schema()}
    values = {name: s.default for name, s in schema.items()}
    if path is not None:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(E.E022.format(path=p, reason=exc)) from None
        for section, keys in user.items():
            if not isinstance(keys, dict):
                raise ConfigError(E.E020.format(name=section, source=p))
            for key, value in keys.items():
                name = f"{section}.{key}"
                if name not in schema:
                    raise ConfigError(E.E020.format(name=name, source=p))
                values[name] = _coerce(schema[name], value, str(p))
    environ = os.environ if env is None else env
    for name, setting in schema.items():
        var = f"NEWSPRISM_{setting.section}_{setting.key}".upper()
        if var in environ:
            values[name] = _coerce(setting, environ[var], var)
    return Config(values)


def settings_markdown() -> str:
    """docs/settings.md, generated from the one definition (a test keeps the
    committed file equal to this)."""
    lines = [
        "# Settings",
        "",
        "Generated from `src/newsprism/data/settings.toml` by `newsprism settings --markdown`; do not edit by hand.",
        "",
        "Override any subset in a TOML file passed with `--config FILE`:",
        "",
        "```toml",
        "[ingest]",
        "max_bytes = 1000000",
        "```",
        "",
        "or with an environment variable `NEWSPRISM_<SECTION>_<KEY>` (value parsed as JSON when the setting is not a"
        " string), e.g. `NEWSPRISM_SERVE_PORT=9000`.",
        "",
        "| setting | default | environment variable | what it does |",
        "|---|---|---|---|",
    ]
    for s in settings_schema():
        var = f"NEWSPRISM_{s.section}_{s.key}".upper()
        lines.append(f"| `{s.name}` | `{json.dumps(s.default)}` | `{var}` | {s.help} |")
    return "\n".join(lines) + "\n"
