from pathlib import Path

import pytest

from newsprism.config import load_config, settings_markdown, settings_schema
from newsprism.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_config_defaults_come_from_the_shipped_file():
    cfg = load_config(env={})
    for s in settings_schema():
        assert cfg[s.name] == s.default


def test_config_file_overrides_a_subset(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[serve]\nport = 9001\n")
    cfg = load_config(f, env={})
    assert cfg["serve.port"] == 9001
    assert cfg["serve.host"] == "127.0.0.1"


def test_config_environment_overrides_file(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[serve]\nport = 9001\n")
    cfg = load_config(f, env={"NEWSPRISM_SERVE_PORT": "9002", "NEWSPRISM_INGEST_LANGUAGES": '["en"]'})
    assert cfg["serve.port"] == 9002
    assert cfg["ingest.languages"] == ["en"]


def test_config_unknown_key_is_refused_with_its_source(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[serve]\nprot = 9001\n")
    with pytest.raises(ConfigError, match="serve.prot"):
        load_config(f, env={})


def test_config_wrong_type_is_refused():
    with pytest.raises(ConfigError, match="serve.port"):
        load_config(env={"NEWSPRISM_SERVE_PORT": '"eighty"'})


def test_config_replace_checks_names():
    cfg = load_config(env={})
    assert cfg.replace(group__story_threshold=0.9)["group.story_threshold"] == 0.9
    with pytest.raises(ConfigError):
        cfg.replace(group__nope=1)


def test_config_every_setting_has_help():
    for s in settings_schema():
        assert len(s.help) > 15, s.name


def test_config_docs_cover_every_setting():
    # docs/settings.md is generated; it must be current and name every setting.
    doc = (ROOT / "docs" / "settings.md").read_text("utf-8")
    assert doc == settings_markdown(), "regenerate: newsprism settings --markdown > docs/settings.md"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/settings.md" in readme
    for s in settings_schema():
        assert f"`{s.name}`" in doc
