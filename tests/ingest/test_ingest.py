import builtins
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism.cli import main
from newsprism.ingest import ingest_bytes, ingest_paths
from newsprism.store import Store

GOOD = "A title line\n\nThe council approved the new budget on Tuesday after a long debate about schools.\n"


def _article_text(i: int) -> str:
    return (f"Report number {i}\n\nThe council of district {i} approved budget {i * 7} on Tuesday after a debate "
            f"that lasted {i % 13 + 2} hours, officials said.\n")


def _err_lines(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def test_ingest_bad_inputs_one_line_each_rest_goes_in(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    bad = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \t\n",
        "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "program.bin": bytes(range(256)) * 8,
        "nopage.html": b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "lines.jsonl": b'{"text": "' + _article_text(5).replace("\n", " ").encode() + b'"}\n{"text": broken\n',
        "tiny.txt": b"Too short.",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    db = tmp_path / "s.db"
    paths = [str(good), str(tmp_path / "missing.txt"), str(fifo)] + [str(tmp_path / n) for n in bad]
    code = main(["ingest", "--db", str(db), "-q", *paths])
    out, err = capsys.readouterr()
    assert code == 1
    expected = {
        "missing.txt": "no such file", "pipe.txt": "not a regular file", "empty.txt": "empty file",
        "blank.txt": "empty file", "image.txt": "PNG", "program.bin": "NUL", "nopage.html": "no article",
        "lines.jsonl": "line 2: malformed JSON", "tiny.txt": "too short",
    }
    for name, reason in expected.items():
        lines = _err_lines(err, name)
        assert len(lines) == 1, (name, err)
        assert reason in lines[0], (name, lines[0])
    assert "2 added" in out and "9 failed" in out  # good.txt and the good JSON line
    with Store(db) as store:
        assert store.count_articles() == 2


def test_ingest_unreadable_file_is_reported(tmp_path, monkeypatch, config):
    # Tests run as root, so chmod 000 does not stop a read: simulate it.
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    good = tmp_path / "good.txt"
    good.write_text(GOOD.replace("budget", "plan"))
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    result = ingest_paths([str(locked), str(good)], config=config)
    assert [e.code for e in result.errors] == ["E005"]
    assert "locked.txt" in str(result.errors[0]) and "Permission denied" in str(result.errors[0])
    assert len(result.added) == 1


def test_ingest_undecodable_bytes_still_go_in(tmp_path, capsys):
    text = "Une phrase en français sur l’offensive à Baghouz, près de la frontière irakienne, lundi soir."
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1", errors="replace"))
    (tmp_path / "cut.txt").write_bytes(text.encode()[:-2] + "é".encode()[:1])
    code = main(["ingest", "--db", str(tmp_path / "s.db"), "-q", str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 0 and "2 added" in out
    with Store(tmp_path / "s.db") as store:
        texts = [a.text for a in store.articles()]
    assert any("français" in t for t in texts)
    assert all("\ufffd" not in t for t in texts)


def test_ingest_too_large_is_refused_with_the_setting(tmp_path, capsys):
    (tmp_path / "big.txt").write_text(GOOD * 100)
    (tmp_path / "ok.txt").write_text(GOOD)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_bytes = 1000\n")
    code = main(["ingest", "--db", str(tmp_path / "s.db"), "--config", str(cfg), "-q", str(tmp_path / "big.txt"),
                 str(tmp_path / "ok.txt")])
    _, err = capsys.readouterr()
    assert code == 1
    (line,) = _err_lines(err, "big.txt")
    assert "too large" in line and "ingest.max_bytes" in line


def test_ingest_folder_recursive_and_rerun_is_idempotent(tmp_path, config):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(_article_text(1))
    (tmp_path / "a" / "b" / "two.md").write_text(_article_text(2))
    (tmp_path / "a" / "b" / "copy.txt").write_text(_article_text(1) + "\n\n")  # same article, other bytes
    (tmp_path / "a" / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))  # passed over in a folder
    (tmp_path / "a" / ".hidden.txt").write_text(_article_text(3))
    with Store(tmp_path / "s.db") as store:
        first = ingest_paths([str(tmp_path / "a")], store=store, config=config)
        assert len(first.added) == 2 and len(first.known) == 1 and not first.errors
        second = ingest_paths([str(tmp_path / "a")], store=store, config=config)
        assert len(second.added) == 0 and len(second.known) == 3 and not second.errors
        assert store.count_articles() == 2
        assert {a.id for a in second.known} == {a.id for a in first.added}


def test_ingest_folder_passes_over_its_own_docs_and_config(tmp_path, config):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "story.txt").write_text(_article_text(1))
    (tmp_path / "c" / "README.md").write_text(_article_text(2))
    (tmp_path / "c" / "expected.toml").write_text("[x]\n" + "y = 1\n" * 30)
    result = ingest_paths([str(tmp_path / "c")], config=config)
    assert [a.path for a in result.added] == [str(tmp_path / "c" / "story.txt")] and not result.errors
    # Named explicitly, a README is read like any text file.
    named = ingest_paths([str(tmp_path / "c" / "README.md")], config=config)
    assert len(named.added) == 1


def test_ingest_rerun_skips_known_bytes_without_cleaning(tmp_path, config, monkeypatch):
    import newsprism.ingest as ingest

    (tmp_path / "one.txt").write_text(_article_text(1))
    (tmp_path / "many.jsonl").write_text("\n".join(f'{{"text": "{_article_text(i)[16:].strip()}"}}' for i in range(5)))
    with Store(tmp_path / "s.db") as store:
        ingest_paths([str(tmp_path)], store=store, config=config)

        def no_cleaning(*a, **k):
            raise AssertionError("known input was cleaned again")

        monkeypatch.setattr(ingest, "build_article", no_cleaning)
        state = store.articles_state()
        monkeypatch.setattr(Store, "add_article", lambda *a, **k: (_ for _ in ()).throw(
            AssertionError("a stored article written again")))
        again = ingest_paths([str(tmp_path)], store=store, config=config)
        assert store.articles_state() == state
    assert len(again.known) == 6 and not again.errors


def test_ingest_stdin(tmp_path, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    assert main(["ingest", "--db", str(tmp_path / "s.db"), "-q", "-"]) == 0
    with Store(tmp_path / "s.db") as store:
        (article,) = store.articles()
    assert article.path == "<stdin>" and article.title == "A title line"


def test_ingest_bytes_raises_when_nothing_goes_in(config):
    from newsprism.errors import InputError

    with pytest.raises(InputError, match="empty file"):
        ingest_bytes(b"", "upload.txt", config=config)
    (a,) = ingest_bytes(GOOD.encode(), "upload.txt", config=config)
    (b,) = ingest_bytes(GOOD.encode(), "upload.txt", config=config)
    assert a == b  # deterministic


def test_ingest_language_filter_is_a_warning_not_a_failure(tmp_path, config):
    (tmp_path / "en.txt").write_text(GOOD)
    (tmp_path / "es.txt").write_text("Las fuerzas kurdas anunciaron el lunes la ofensiva final contra el último "
                                     "reducto de los yihadistas en el este de Siria.")
    result = ingest_paths([str(tmp_path)], config=config.replace(ingest__languages=["en"]))
    assert [a.language for a in result.added] == ["en"]
    assert [w.code for w in result.warnings] == ["E014"] and not result.errors


def test_ingest_large_text_file_in_bounded_time(tmp_path, config):
    # 5 MB here (a 50 MB run is the slow test below and the benchmark).
    para = "The council approved the new budget on Tuesday after a long debate about schools and roads."
    lines = [f"{para} Item {i} of the minutes records vote {i * 3}." for i in range(50000)]
    big = tmp_path / "dump.txt"
    big.write_text("Minutes of the council\n\n" + "\n\n".join(lines))
    assert big.stat().st_size > 5_000_000
    start = time.process_time()
    # Cleaning speed on a dump: the length limit (ingest.max_chars) raised.
    result = ingest_paths([str(big)], config=config.replace(ingest__max_chars=10**8))
    assert time.process_time() - start < 60
    (article,) = result.added
    assert article.text.count("Item ") == 50000  # near-identical lines that differ in content are all kept


@pytest.mark.slow
def test_ingest_fifty_megabytes(tmp_path, config):
    para = "The council approved the new budget on Tuesday after a long debate about schools and roads."
    with open(tmp_path / "dump.txt", "w") as fh:
        fh.write("Minutes\n\n")
        for i in range(480000):
            fh.write(f"{para} Item {i} records vote {i * 3}.\n\n")
    assert (tmp_path / "dump.txt").stat().st_size > 50_000_000
    start = time.process_time()
    (article,) = ingest_paths([str(tmp_path / "dump.txt")], config=config.replace(ingest__max_chars=10**8)).added
    assert time.process_time() - start < 240
    assert len(article.text) > 45_000_000


def test_ingest_killed_mid_batch_resumes_with_every_article_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = 600
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(_article_text(i))
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "newsprism.cli", "ingest", "--db", str(db), "-q", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    count = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0  # schema not created yet
            if count >= 20:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    with sqlite3.connect(db) as conn:
        killed_at = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 20 <= killed_at < n
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - killed_at} added, {killed_at} already stored, 0 failed" in rerun.stdout
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT path, COUNT(*) FROM articles GROUP BY path").fetchall()
    assert len(rows) == n and all(c == 1 for _, c in rows)
    assert {Path(p).name for p, _ in rows} == {f"{i:04d}.txt" for i in range(n)}


def test_ingest_stays_light(seeds_dir):
    code = (
        "import sys\n"
        "from newsprism.ingest import ingest_paths\n"
        f"assert ingest_paths([{str(seeds_dir)!r}]).added\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'torch', 'sentence_transformers')]\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_ingest_article_id_is_the_normalised_text_hash():
    import hashlib
    import unicodedata

    from newsprism.ingest import article_id

    for text in ["a  b\n\nc\t d\u3000e", "Cafe\u0301 ferm\u00e9", " x " * 400000 + "\n\nend"]:
        expected = hashlib.sha256(" ".join(unicodedata.normalize("NFC", text).split()).encode()).hexdigest()[:16]
        assert article_id(text) == expected
