import subprocess
import sys
from pathlib import Path


from newsprism.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def test_cli_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert p.description or sub._choices_actions, name
    assert {"ingest", "analyze", "export", "brief", "stories", "show", "compare", "serve", "settings"} <= set(sub.choices)


def test_cli_settings_markdown_is_the_docs(capsys):
    assert main(["settings", "--markdown"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "settings.md").read_text("utf-8")


def test_cli_bad_config_exits_2(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[nope]\nx = 1\n")
    assert main(["settings", "--config", str(cfg)]) == 2
    assert "nope.x" in capsys.readouterr().err


def test_cli_missing_path_names_it_and_exits_1(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("A title line\n\nThe council approved the new budget on Tuesday after a long debate.\n")
    code = main(["ingest", "--db", str(tmp_path / "s.db"), "-q", str(tmp_path / "missing.txt"), str(good)])
    captured = capsys.readouterr()
    assert code == 1
    assert "missing.txt" in captured.err
    assert "1 added" in captured.out


def test_cli_version_runs_as_console_script():
    out = subprocess.run([sys.executable, "-m", "newsprism.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("newsprism ")


import json
import os
import socket
import time
import urllib.request

import pytest

from newsprism.store import Store


def _empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    with Store(db):
        pass
    return db


@pytest.mark.parametrize("argv", [["stories"], ["brief"], ["export"], ["serve"], ["show", "x"],
                                  ["search", "dam"], ["compare", "a", "b"], ["export", "--format", "csv", "--table",
                                                                              "claims"]])
def test_cli_read_commands_refuse_a_missing_database(tmp_path, capsys, argv):
    db = tmp_path / "nope.db"
    assert main([*argv, "--db", str(db), "-q"]) == 2
    err = capsys.readouterr().err
    assert "E101" in err and str(db) in err and err.count("\n") == 1
    assert not db.exists()


def test_cli_every_argument_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        for action in p._actions:
            assert action.help, (name, action.dest)


def test_cli_counts_say_1_article_not_1_articles(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text("Council approves budget\n\nThe council approved the new budget on Tuesday after a long debate.\n")
    assert main(["ingest", "--db", str(tmp_path / "s.db"), "-q", str(f)]) == 0
    assert "; 1 article in" in capsys.readouterr().out


def test_cli_record_whose_text_is_its_title_is_kept(tmp_path, capsys):
    line = "Flood waters rise in the valley town as the rain goes on"
    f = tmp_path / "r.jsonl"
    f.write_text(json.dumps({"title": line, "text": line}) + "\n")
    assert main(["ingest", "--db", str(tmp_path / "s.db"), "-q", str(f)]) == 0
    assert "1 added" in capsys.readouterr().out
    with Store(tmp_path / "s.db") as store:
        (article,) = store.articles()
    assert article.text.strip() == line


def test_cli_show_finds_an_ingested_file_by_its_absolute_path(tmp_path, monkeypatch):
    from newsprism.cli import _find_article

    folder = tmp_path / "in"
    folder.mkdir()
    f = folder / "vote.txt"
    f.write_text("Council approves budget\n\nThe council approved the new budget on Tuesday after a long debate.\n")
    monkeypatch.chdir(folder)
    assert main(["ingest", "--db", str(tmp_path / "s.db"), "-q", "vote.txt"]) == 0
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "s.db") as store:
        assert _find_article(store, str(f)).path == "vote.txt"
        other = tmp_path / "other.txt"
        other.write_text("something never ingested here at all")
        with pytest.raises(Exception, match="E032"):
            _find_article(store, str(other))


def test_cli_export_csv_needs_a_folder_or_a_table(tmp_path, capsys):
    db = _empty_db(tmp_path)
    assert main(["export", "--format", "csv", "--db", str(db)]) == 2
    assert "E104" in capsys.readouterr().err
    assert main(["export", "--table", "claims", "--db", str(db)]) == 2
    assert "E105" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", str(db), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "claims.csv", "conflicts.csv", "quotes.csv", "sources.csv"]


def test_cli_serve_busy_port_is_one_line_and_exit_2(tmp_path, capsys):
    db = _empty_db(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(db), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "E102" in err and str(port) in err


def test_cli_serve_port_0_takes_a_free_port_and_prints_it(tmp_path):
    db = _empty_db(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", "--db", str(db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/"), line
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 60
        while True:
            try:
                with opener.open(url + "api/stories", timeout=30) as r:
                    assert r.status == 200 and json.load(r) == []
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)
