"""Cache keys hash the content of the code and data files they depend on."""

from __future__ import annotations

from newsprism import fingerprint as fp


def test_fingerprint_changes_with_a_data_file_and_only_its_own(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "analyze").mkdir()
    (tmp_path / "analyze" / "x.py").write_text("A = 1\n")
    (tmp_path / "data" / "analyze_words.toml").write_text("words = ['a']\n")
    (tmp_path / "data" / "group_words.toml").write_text("words = ['b']\n")
    monkeypatch.setattr(fp, "_ROOT", tmp_path)

    def key() -> str:
        fp.fingerprint.cache_clear()
        return fp.fingerprint(packages=("analyze",), data=("analyze_*",))

    try:
        first = key()
        (tmp_path / "data" / "group_words.toml").write_text("words = ['c']\n")
        assert key() == first  # a file it does not read
        (tmp_path / "data" / "analyze_words.toml").write_text("words = ['a', 'd']\n")
        assert key() != first
    finally:
        fp.fingerprint.cache_clear()


def test_fingerprint_analyzer_version_carries_the_content_hash():
    from newsprism.analyze import ANALYZER_VERSION, analyzer_version

    version = analyzer_version()
    assert version.startswith(ANALYZER_VERSION + "~")
    assert len(version.split("~")[1].split("+")[0]) == 8


def test_fingerprint_a_package_covers_its_subpackages(tmp_path, monkeypatch):
    # The conflicts of reconcile live in reconcile/conflicts/: a change there
    # must renew the cached reconcile results.
    (tmp_path / "reconcile" / "conflicts").mkdir(parents=True)
    (tmp_path / "reconcile" / "x.py").write_text("A = 1\n")
    (tmp_path / "reconcile" / "conflicts" / "y.py").write_text("B = 1\n")
    monkeypatch.setattr(fp, "_ROOT", tmp_path)

    def key() -> str:
        fp.fingerprint.cache_clear()
        return fp.fingerprint(packages=("reconcile",))

    try:
        first = key()
        (tmp_path / "reconcile" / "conflicts" / "y.py").write_text("B = 2\n")
        assert key() != first
    finally:
        fp.fingerprint.cache_clear()
