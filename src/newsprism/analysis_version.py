"""The version analyses are cached under, outside the analyze package.

A re-run with no new input and the web app's first page only check that
what the store keeps is current: they need this version, not the analyzer.
Importing :mod:`newsprism.analyze` for it imported the analyzer's every
module (quotes, dates, mentions, the spaCy glue: a third of a no-change
run's imports, bench/RESULTS.md session 12), so the version, and the two
settings it reads (the embedding mode and the default date order), live
here; the analyze package re-exports them.
"""

from __future__ import annotations

import hashlib
import json

from .config import AnalyzeSettings, Config, IngestSettings, settings_schema, stage_settings
from .fingerprint import fingerprint

__all__ = ["ANALYZER_VERSION", "MODES", "analyzer_version", "default_date_order", "embedding_mode"]

# Bump when the output of analysis changes, so cached analyses are redone.
ANALYZER_VERSION = "0.9"  # 0.9: the parse is stored with the analysis; 0.8: a quoted "not" denies no cue, long subjects with participles, quotes inside a reported clause; 0.7: quote cues; 0.6: quote speakers; 0.5: quantities read lists, money and glued figures; 0.4: type rules
# The data files analyze reads (word lists, rules, the entity ruler, the
# static embedding model): part of the analyzer version.
_ANALYZE_DATA = ("analyze_*", "dates_rules.toml", "quantities_rules.toml")
# Analyze settings that change what an analysis holds (the sentences cut,
# the tokens, the pieces parsed, the transformer's vectors): a value other
# than the shipped one is part of the version, so a changed setting redoes
# the cached analyses instead of serving them.  (processes, batch_size,
# parallel_min_articles and transformer_threads change only the speed.)
_OUTPUT_SETTINGS = ("max_sentence_tokens", "max_token_chars", "chunk_chars", "embedding_model")

MODES = ("static", "transformer")


def embedding_mode(settings: AnalyzeSettings | Config | None = None) -> str:
    """analyze.embeddings of ``settings`` (an AnalyzeSettings, or the older
    whole Config), else of the shipped defaults."""
    if isinstance(settings, Config):
        settings = settings.analyze
    mode = stage_settings(AnalyzeSettings, settings).embeddings
    return mode if mode in MODES else "static"


def default_date_order() -> str:
    """The default of the setting ``ingest.date_order``: the one source of
    the order, shared with ingest (no data-file key shadows it)."""
    return str(next(s.default for s in settings_schema() if s.name == "ingest.date_order"))


def _settings(settings: AnalyzeSettings | None, ingest_settings: IngestSettings | None,
              config: Config | None) -> tuple[AnalyzeSettings, IngestSettings]:
    # Analyze reads its own section and two of ingest's: ingest.max_chars
    # and ingest.date_order (dates in the text are read as the publication
    # date is).
    return stage_settings(AnalyzeSettings, settings, config), stage_settings(IngestSettings, ingest_settings, config)


def analyzer_version(config: Config | None = None, *, settings: AnalyzeSettings | None = None,
                     ingest_settings: IngestSettings | None = None) -> str:
    """The version analyses are cached under: the embedding mode is part of
    it, since vectors of different models cannot be compared, and so is a
    date order other than the default, since it changes the dates read, any
    other analyze setting that changes the output (``_OUTPUT_SETTINGS``) when
    it is not the shipped value, and a hash of the analyzer's code and data
    files (this module's included)."""
    settings, ingest_settings = _settings(settings, ingest_settings, config)
    mode = embedding_mode(settings)
    # The content of the analyzer's code and data is part of it too: an
    # edited word list or rule redoes cached analyses even when nobody bumped
    # ANALYZER_VERSION.
    content = fingerprint(modules=("model.py", "analysis_version.py"), packages=("analyze",),
                          data=_ANALYZE_DATA)[:8]
    version = f"{ANALYZER_VERSION}~{content}"
    version = version if mode == "static" else f"{version}+{mode}"
    order = ingest_settings.date_order.upper()
    version = version if order == default_date_order() else f"{version}+{order.lower()}"
    shipped = Config().analyze  # the defaults of settings.toml, no file nor environment
    changed = {k: getattr(settings, k) for k in _OUTPUT_SETTINGS if getattr(settings, k) != getattr(shipped, k)}
    if changed:
        digest = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:6]
        version = f"{version}+s{digest}"
    return version
