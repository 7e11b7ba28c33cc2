"""The command line: parses arguments, calls the library, prints.

Exit status: 0 all went well, 1 some input failed (the rest went in),
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .version import __version__
from .config import Config, load_config, settings_schema
from .errors import E, InputError, NewsprismError, safe_text

__all__ = ["main"]


# ------------------------------------------------------------------ output


def _safe(text: object) -> str:
    """``text`` safe to print on one line: control characters (a terminal
    escape in a file name or a JSON field) and lone surrogates (a non-UTF-8
    file name) escaped."""
    return safe_text(str(text))


def _err(message: str) -> None:
    print(f"newsprism: {_safe(message)}", file=sys.stderr, flush=True)


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A rich progress bar on a terminal; nothing otherwise (logs stay plain)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # stderr: stdout may be a file (`newsprism brief > brief.md`) that the bar must not touch.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield bar


def _stage_callback(bar: Any):
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if bar is None:
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config)


def _db(args: argparse.Namespace, cfg: Config) -> str:
    return args.db or cfg.store.path


def _existing_db(args: argparse.Namespace, cfg: Config) -> str:
    """The store a read command reads: it must exist (opening a missing
    file would create an empty database and report "no stories")."""
    path = _db(args, cfg)
    if not os.path.isfile(path):
        raise NewsprismError(E.E101.format(path=path))
    return path


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# ---------------------------------------------------------------- commands


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest_paths
    from .store import Store

    cfg = _config(args)
    with Store(_db(args, cfg)) as store, _progress(not args.quiet) as bar:
        task = bar.add_task("ingest", total=None) if bar else None

        def on_article(article: Any, new: bool) -> None:
            if bar is not None:
                bar.advance(task)
            if args.verbose:
                print(f"{'added' if new else 'known'} {article.id} {article.path}")

        result = ingest_paths(
            args.paths, store=store, settings=cfg.ingest, on_error=lambda e: _err(str(e)), on_article=on_article
        )
        total = store.count_articles()
    print(
        f"{len(result.added)} added, {len(result.known)} already stored, {len(result.errors)} failed;"
        f" {_plural(total, 'article')} in {_db(args, cfg)}"
    )
    return 1 if result.errors else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from .pipeline import run, write_outputs
    from .present.changes import track_changes
    from .store import Store

    cfg = _config(args)
    with _progress(not args.quiet) as bar:
        ingested, result = run(
            args.paths,
            db=_db(args, cfg),
            out=None,
            config=cfg,
            progress=_stage_callback(bar),
            on_error=lambda e: _err(str(e)),
            document_only=True,
        )
    with Store(_db(args, cfg)) as store:
        doc = track_changes(store, result.document)
        # track_changes adds each story's changes to the document hashed
        # when it was kept: its hash and the changes say what is written.
        write_outputs(doc, args.out, store=store, base_hash=result.document_hash)
    print(
        f"{len(ingested.added)} added, {len(ingested.known)} already stored, {len(ingested.errors)} failed;"
        f" {_plural(len(doc['articles']), 'article')}, {_plural(len(doc['stories']), 'story', 'stories')}"
    )
    new = [sum(len(s.get("changes", {}).get(k, [])) for s in doc["stories"])
           for k in ("new_claims", "changed_claims", "new_conflicts")]
    if any(s.get("changes") for s in doc["stories"]):
        print(f"since the previous run: {_plural(new[0], 'new claim')}, {_plural(new[1], 'changed verdict')},"
              f" {_plural(new[2], 'new conflict')}")
    print(f"wrote {args.out}/brief.md, {args.out}/brief.html, {args.out}/export.json")
    return 1 if ingested.errors else 0


def _document(args: argparse.Namespace, cfg: Config) -> dict[str, Any]:
    return _document_and_evidence(args, cfg)[0]


def _document_and_evidence(args: argparse.Namespace, cfg: Config) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The store's document, marked against the previous run, and the
    grouping evidence kept with it (None: not kept)."""
    from .pipeline import process_store
    from .present.changes import track_changes
    from .store import Store

    with Store(_existing_db(args, cfg)) as store, _progress(not getattr(args, "quiet", False)) as bar:
        result = process_store(store, config=cfg, progress=_stage_callback(bar), document_only=True)
        return track_changes(store, result.document), result.evidence


def cmd_export(args: argparse.Namespace) -> int:
    if args.format != "csv" and (args.table or args.out):
        raise NewsprismError(E.E105)
    if args.format == "csv" and not args.table and not args.out:
        raise NewsprismError(E.E104)
    doc = _document(args, _config(args))
    if args.format == "csv":
        from .present.tables import TABLES, write_table, write_tables

        if args.out:
            paths = write_tables(doc, args.out, (args.table,) if args.table else TABLES)
            print("wrote " + ", ".join(str(p) for p in paths.values()))
        else:
            write_table(doc, args.table, sys.stdout)
        return 0
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .present.search import highlight, search

    doc = _document(args, _config(args))
    hits = search(doc, args.query, limit=args.limit)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return 0 if hits else 1
    if not hits:
        _err(E.E103.format(query=args.query))
        return 1
    story = None
    for h in hits:
        if h["story"] != story:
            story = h["story"]
            print(f"{'' if story == hits[0]['story'] else chr(10)}{h['story']}  {_safe(h['story_title'])}")
        text = _safe(" ".join(highlight(h["text"], h["spans"]).split()))  # one line: paragraph breaks too
        where = f"{(h.get('article') or '')[:8]} s{h.get('sentence')}"
        if h["kind"] == "claim":
            print(f"  claim {h['id']} [{h['verdict']}] #{h['anchor']} ({where}): {text}")
        else:
            print(f"  quote {_safe(h.get('speaker') or 'unknown speaker')} ({where}): {text}")
    print(f"{_plural(len(hits), 'match', 'matches')}")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from .present import brief

    cfg = _config(args)
    doc = _document(args, cfg)
    if args.story:
        doc = brief.select_story(doc, args.story)
    if args.format == "json":
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        text = brief.render_html(doc)
    else:
        text = brief.render_markdown(doc)
    sys.stdout.write(text)
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    from .present.show import format_story_evidence
    from .present.brief import format_story_list

    doc, kept = _document_and_evidence(args, _config(args))
    text = format_story_list(doc)
    if args.why and doc.get("stories"):
        # Under each story's block: why its articles were put together.
        if kept is None:
            from .group.explain import evidence_for_all

            kept = evidence_for_all(doc, doc["stories"])
        why = kept
        parts = []
        for story in doc["stories"]:
            block = format_story_list({**doc, "stories": [story]}).rstrip("\n").split("\n")
            parts.append("\n".join(block + format_story_evidence(why[story["id"]])))
        text = "\n".join(parts) + "\n"
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .analyze import analyze_articles, analyzer_version
    from .present.show import format_analysis
    from .store import Store

    cfg = _config(args)
    with Store(_existing_db(args, cfg)) as store:
        article = _find_article(store, args.article)
        analyzed = analyze_articles([article], settings=cfg.analyze, ingest_settings=cfg.ingest, store=store,
                                    on_failure=lambda f: None)
        version = analyzer_version(settings=cfg.analyze, ingest_settings=cfg.ingest)
        failure = store.failure(article.id, version) if not analyzed else None
    if failure is not None:
        # The article is stored but could not be analysed: say so, and why.
        sys.stdout.write(f"article   {article.id}\npath      {_safe(article.path)}\n")
        if article.title:
            sys.stdout.write(f"title     {_safe(article.title)}\n")
        sys.stdout.write(f"FAILED    {failure['stage']}: {_safe(failure['reason'])}\n")
        return 1
    sys.stdout.write(format_analysis(analyzed[0]))
    return 0


def _find_article(store: Any, ref: str) -> Any:
    """``store.find_article``, and a file on disk (an absolute path, or one
    given from another folder than it was ingested from) found by its bytes."""
    from .errors import StoreError

    try:
        return store.find_article(ref)
    except StoreError:
        if not os.path.isfile(ref):
            raise
        with open(ref, "rb") as fh:
            found = store.has_input(hashlib.sha256(fh.read()).hexdigest())
        if found is None:
            raise
        return store.article(found)


def cmd_compare(args: argparse.Namespace) -> int:
    from .analyze import analyze_articles
    from .group.similarity import compare
    from .present.show import format_similarity
    from .store import Store

    cfg = _config(args)
    with Store(_existing_db(args, cfg)) as store:
        a = _find_article(store, args.a)
        b = _find_article(store, args.b)
        pair = analyze_articles([a, b], settings=cfg.analyze, ingest_settings=cfg.ingest, store=store)
        if len(pair) != 2 and a.id != b.id:
            failed = a if all(x.article.id != a.id for x in pair) else b
            reason = store.failure(failed.id) or {"stage": "analyze", "reason": "unknown"}
            raise NewsprismError(E.E066.format(article=failed.path, stage=reason["stage"], reason=reason["reason"]))
        aa, bb = pair[0], pair[-1]
    sim = compare(aa, bb)
    if args.json:
        from .model import to_dict

        print(json.dumps(to_dict(sim), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_similarity(sim, aa, bb))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .present.web import create_app
    from .provider import StoreProvider

    cfg = _config(args)
    host = args.host or cfg.serve.host
    port = cfg.serve.port if args.port is None else args.port
    db = _existing_db(args, cfg)
    # Bind here, not in uvicorn: a busy port is one clear line and exit 2
    # (uvicorn logs a traceback-like error and exits 1), and port 0 gets
    # its real number for the URL printed.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        raise NewsprismError(E.E102.format(host=host, port=port, reason=getattr(exc, "strerror", None) or exc)) from None
    port = sock.getsockname()[1]
    app = create_app(provider=StoreProvider(db, config=cfg), settings=cfg.serve)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"serving {db} on http://{shown}:{port}/", flush=True)
    if host in ("0.0.0.0", "::") and not cfg.serve.allowed_hosts:
        # The Host allow-list answers loopback names only until told more.
        print(E.E059)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    return 0


def cmd_spark(args: argparse.Namespace) -> int:
    from .spark import run_spark

    cfg = _config(args)
    summary = run_spark(args.paths, out=args.out, master=args.master, config=cfg, previous=args.previous,
                        story_files=not args.no_story_files, progress=None if args.quiet else _err)
    for reason in summary.first_rejects:
        _err(reason)
    print(
        f"{_plural(summary.files, 'file')}, {_plural(summary.articles, 'article')},"
        f" {_plural(summary.stories, 'story', 'stories')}"
        f" ({_plural(summary.blocks, 'block')}, largest {_plural(summary.largest_block, 'article')});"
        f" {summary.rejects} rejected, {_plural(summary.warnings, 'warning')} (table rejects)"
    )
    print(f"wrote Parquet tables and json/<story>.json under {args.out}")
    return 1 if summary.rejects else 0


def cmd_settings(args: argparse.Namespace) -> int:
    if args.markdown:
        from .config import settings_markdown

        sys.stdout.write(settings_markdown())
        return 0
    cfg = _config(args)
    for s in settings_schema():
        value = cfg[s.name]
        print(f"{s.name} = {json.dumps(value)}" + ("" if value == s.default else f"  (default {json.dumps(s.default)})"))
        print(f"    {s.help}")
    return 0


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="SQLite store (default: setting store.path)")
    common.add_argument("--config", help="TOML file overriding any subset of the settings")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    parser = argparse.ArgumentParser(prog="newsprism", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"newsprism {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="read files, folders or stdin (-) into the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (read recursively) or - for stdin")
    p.add_argument("-v", "--verbose", action="store_true", help="print each article stored")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("analyze", parents=[common], help="ingest, run every stage, write the brief and export")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (read recursively) or - for stdin")
    p.add_argument("--out", required=True, help="folder for brief.md, brief.html, export.json")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", parents=[common],
                       help="print the JSON export (schema newsprism/1), or write CSV tables")
    p.add_argument("--format", choices=["json", "csv"], default="json",
                   help="json: the whole document on stdout; csv: claims, conflicts, quotes, sources tables")
    p.add_argument("--table", choices=["claims", "conflicts", "quotes", "sources"],
                   help="csv: only this table (on stdout unless --out)")
    p.add_argument("--out", metavar="FOLDER", help="csv: write TABLE.csv files into FOLDER")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("brief", parents=[common], help="print the brief of every story, or of one")
    p.add_argument("story", nargs="?", help="story id or id prefix (default: every story)")
    p.add_argument("--format", choices=["md", "html", "json"], default="md",
                   help="md (default), html (one self-contained file) or json (the export cut to the story)")
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("stories", parents=[common], help="list stories: headline, articles, outlets, dates")
    p.add_argument("--why", action=argparse.BooleanOptionalAction, default=True,
                   help="under each story, why its articles were put together: shared names, dates, key terms, "
                        "pair scores and the weakest pair (default on; --no-why for the bare list)")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("show", parents=[common], help="print one article's analysis")
    p.add_argument("article", help="article id, id prefix, path as ingested (or part of it), url, or the file itself")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("compare", parents=[common], help="similarity of two articles, with its evidence")
    p.add_argument("a", help="first article: id, id prefix, path or url")
    p.add_argument("b", help="second article: id, id prefix, path or url")
    p.add_argument("--json", action="store_true", help="print the similarity as JSON")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("serve", parents=[common], help="web UI and JSON API")
    p.add_argument("--host", help="bind address (default: setting serve.host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: setting serve.port; 0 picks any free port)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", parents=[common], help="find claims and quotes holding every word of QUERY")
    p.add_argument("query", metavar="QUERY", help="words to find (case-insensitive; a word matches word starts)")
    p.add_argument("--limit", type=int, default=200, help="at most this many matches (default 200)")
    p.add_argument("--json", action="store_true", help="print the matches as JSON (as GET /api/search)")
    p.set_defaults(func=cmd_search)

    # No --db: the Spark job keeps no SQLite store, its tables are the output.
    p = sub.add_parser("spark", help="every stage on Apache Spark; Parquet tables out (newsprism[spark])")
    p.add_argument("--config", help="TOML file overriding any subset of the settings")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders, globs or Parquet tables, any Hadoop path")
    p.add_argument("--out", required=True, help="folder (any Hadoop path) for the Parquet tables and json/<story>.json")
    p.add_argument("--master", help="Spark master URL (default: setting spark.master; spark-submit's own wins)")
    p.add_argument("--no-story-files", action="store_true", help="only the exports table, no json/<story>.json files")
    p.add_argument("--previous", metavar="DIR",
                   help="--out of an earlier run: reuse its analyses and the stories of unchanged blocking components "
                        "(incremental, e.g. day to day; docs/spark.md)")
    p.set_defaults(func=cmd_spark)

    p = sub.add_parser("settings", parents=[common], help="list every setting, its value and what it does")
    p.add_argument("--markdown", action="store_true", help="print the settings reference (docs/settings.md)")
    p.set_defaults(func=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        _err(str(exc))
        return 1
    except NewsprismError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err(E.E100)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
