"""Settings as data.

The one definition is ``data/settings.toml``: each ``[section.key]`` table
gives a ``default`` and a ``help`` text.  A :class:`Config` is those defaults
overridden, partially, by a user TOML file and then by environment variables
``NEWSPRISM_<SECTION>_<KEY>``.

A :class:`Config` is resolved once (by the CLI, the pipeline or the caller)
and hands each stage its own typed, frozen section: ``config.group`` is a
:class:`GroupSettings`, and so on.  The dataclasses below declare only names
and types; every value, the defaults included, comes from the resolved
Config, so settings.toml stays the one place a default is written (a test
checks that the fields and the file's keys are the same).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, get_type_hints

from .errors import ConfigError, E

__all__ = [
    "AnalyzeSettings",
    "Config",
    "GroupSettings",
    "IngestSettings",
    "ReconcileSettings",
    "SECTIONS",
    "ServeSettings",
    "Setting",
    "SparkSettings",
    "StoreSettings",
    "default_config",
    "load_config",
    "settings_markdown",
    "settings_schema",
    "stage_settings",
]


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


# One frozen dataclass per section of settings.toml: names and types only
# (no defaults here: the values come from the resolved Config).  A list
# setting is a tuple, so that a settings object is immutable and hashable.


@dataclass(frozen=True)
class StoreSettings:
    path: str


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int
    max_chars: int
    min_chars: int
    languages: tuple[str, ...]
    repair_min_zipf: float
    known_word_zipf: float
    date_order: str


@dataclass(frozen=True)
class AnalyzeSettings:
    processes: int
    max_sentence_tokens: int
    max_token_chars: int
    chunk_chars: int
    batch_size: int
    embedding_model: str
    transformer_threads: int
    embeddings: str
    parallel_min_articles: int


@dataclass(frozen=True)
class GroupSettings:
    story_threshold: float
    link_cosine: float
    link_specific: float
    attach_piece: int
    split_margin: float
    split_max_between: float
    time_window_days: int
    minhash_threshold: float
    neighbors: int
    batch_max_articles: int
    stream_repair_max_articles: int
    stream_evicted_stories: int
    max_story_pairs: int
    incremental_max_growth: float
    incremental_min_articles: int
    incremental_neighbors: int


@dataclass(frozen=True)
class ReconcileSettings:
    align_threshold: float
    conflict_align_threshold: float
    conflict_masked_threshold: float
    corroborate_threshold: float
    restatement_groups: bool
    hedge_margin: float
    claim_min_words: int
    context_window: int
    entity_min_ratio: int
    reuse_containment: float
    processes: int
    parallel_min_articles: int


@dataclass(frozen=True)
class ServeSettings:
    host: str
    port: int
    allowed_hosts: tuple[str, ...]
    ingest_token: str
    max_upload_bytes: int


@dataclass(frozen=True)
class SparkSettings:
    master: str
    driver_memory: str
    partitions: int
    key_max_articles: int
    block_articles: int


SECTIONS: Mapping[str, type] = MappingProxyType({
    "store": StoreSettings,
    "ingest": IngestSettings,
    "analyze": AnalyzeSettings,
    "group": GroupSettings,
    "reconcile": ReconcileSettings,
    "serve": ServeSettings,
    "spark": SparkSettings,
})

_S = TypeVar("_S")


@cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    return tuple(get_type_hints(kind).items())


def _typed(kind: type[_S], section: str, values: Mapping[str, Any]) -> _S:
    """The section's settings object, each value checked against the field's type."""
    out = {}
    for name, want in _fields(kind):
        full = f"{section}.{name}"
        value = values[full]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if want == tuple[str, ...]:
            value = tuple(value) if isinstance(value, (list, tuple)) else value
            ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, want) and not (isinstance(value, bool) and want is not bool)
        if not ok:
            raise ConfigError(E.E021.format(name=full, source="settings", value=value))
        out[name] = value
    return kind(**out)


@dataclass(frozen=True)
class Config:
    """Resolved settings.  Each stage reads its own typed section
    (``cfg.ingest.max_bytes``); ``cfg["ingest.max_bytes"]`` and
    ``cfg.get("ingest", "max_bytes")`` read the same values by name (the
    `settings` command, the docs, cache keys)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    store: StoreSettings = field(init=False, repr=False, compare=False)
    ingest: IngestSettings = field(init=False, repr=False, compare=False)
    analyze: AnalyzeSettings = field(init=False, repr=False, compare=False)
    group: GroupSettings = field(init=False, repr=False, compare=False)
    reconcile: ReconcileSettings = field(init=False, repr=False, compare=False)
    serve: ServeSettings = field(init=False, repr=False, compare=False)
    spark: SparkSettings = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Resolved once: the values are read-only, and the typed sections
        # are built (and type-checked) here, not at each read.
        values = {s.name: s.default for s in settings_schema()}
        values.update(self.values)
        object.__setattr__(self, "values", MappingProxyType(values))
        for section, kind in SECTIONS.items():
            object.__setattr__(self, section, _typed(kind, section, values))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by value (Spark ships it to its workers): a mappingproxy
        # cannot be pickled, and the sections are rebuilt from the values.
        return (Config, (dict(self.values),))

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, section: str, key: str) -> Any:
        return self.values[f"{section}.{key}"]

    def section(self, kind: type[_S]) -> _S:
        """The typed settings object of class ``kind`` (``GroupSettings`` ...)."""
        for section, k in SECTIONS.items():
            if k is kind:
                return getattr(self, section)
        raise KeyError(kind)

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


def default_config() -> Config:
    """The settings of a call made without any: the shipped defaults,
    overridden by ``NEWSPRISM_*`` environment variables as a run of the CLI
    without --config has them.  The one fallback every stage uses (through
    :func:`stage_settings`), instead of a copy per module."""
    return load_config()


def stage_settings(kind: type[_S], settings: _S | None = None, config: Config | None = None) -> _S:
    """The settings a stage runs with: its own ``settings`` object when
    given, else that section of ``config`` (the older ``config=`` keyword,
    kept for callers of the public functions), else :func:`default_config`'s."""
    if settings is not None:
        if not isinstance(settings, kind):
            raise TypeError(f"expected {kind.__name__}, got {type(settings).__name__}")
        return settings
    return (config if config is not None else default_config()).section(kind)


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
