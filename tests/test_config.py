import dataclasses
import pickle
from pathlib import Path
from typing import get_type_hints

import pytest

from newsprism.config import SECTIONS, GroupSettings, load_config, settings_markdown, settings_schema, stage_settings
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


def test_config_sections_declare_exactly_the_shipped_keys():
    # The dataclasses declare names and types only; settings.toml is the one
    # place a key and its default are written.
    shipped: dict[str, set[str]] = {}
    for s in settings_schema():
        shipped.setdefault(s.section, set()).add(s.key)
    assert set(SECTIONS) == set(shipped)
    for section, kind in SECTIONS.items():
        assert {f.name for f in dataclasses.fields(kind)} == shipped[section], section
        assert all(f.default is dataclasses.MISSING for f in dataclasses.fields(kind)), section


def test_config_sections_carry_values_of_their_declared_types():
    cfg = load_config(env={})
    for section, kind in SECTIONS.items():
        obj = getattr(cfg, section)
        assert isinstance(obj, kind)
        for name, want in get_type_hints(kind).items():
            value = getattr(obj, name)
            if want == tuple[str, ...]:
                assert isinstance(value, tuple) and all(isinstance(v, str) for v in value), name
            else:
                assert type(value) is want, f"{section}.{name}"
            raw = cfg[f"{section}.{name}"]
            assert value == (tuple(raw) if want == tuple[str, ...] else raw), f"{section}.{name}"


def test_config_sections_are_frozen_and_follow_overrides(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[group]\nneighbors = 7\n")
    cfg = load_config(f, env={"NEWSPRISM_SERVE_ALLOWED_HOSTS": '["news.lan"]'})
    assert cfg.group.neighbors == 7
    assert cfg.serve.allowed_hosts == ("news.lan",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.group.neighbors = 8  # type: ignore[misc]
    assert cfg.replace(group__story_threshold=1).group.story_threshold == 1.0
    assert type(cfg.replace(group__story_threshold=1).group.story_threshold) is float


def test_config_section_refuses_a_value_of_the_wrong_type():
    with pytest.raises(ConfigError, match="ingest.languages"):
        load_config(env={}).replace(ingest__languages=[1, 2])
    with pytest.raises(ConfigError, match="group.neighbors"):
        load_config(env={}).replace(group__neighbors="many")


def test_config_stage_settings_prefers_its_own_object_then_config_then_defaults():
    cfg = load_config(env={}).replace(group__neighbors=3)
    own = dataclasses.replace(cfg.group, neighbors=5)
    assert stage_settings(GroupSettings, own, cfg).neighbors == 5
    assert stage_settings(GroupSettings, None, cfg).neighbors == 3
    shipped = next(s.default for s in settings_schema() if s.name == "group.neighbors")
    assert stage_settings(GroupSettings).neighbors == shipped
    with pytest.raises(TypeError):
        stage_settings(GroupSettings, cfg.reconcile)


def test_config_pickles_with_its_sections():
    cfg = load_config(env={}).replace(spark__block_articles=11)
    back = pickle.loads(pickle.dumps(cfg))
    assert back == cfg and back.spark.block_articles == 11


# Data-file keys that share a setting's key name but mean something else
# (checked by reading them): the name is the same, the value is not the
# setting's.  Anything else with a setting's name is a second source of truth
# (the date-order bug: ingest read ingest.date_order, analyze its own data key).
_SAME_NAME_OTHER_MEANING = {
    ("analyze_mentions.toml", "types.languages"),  # language names that make a NORP mention, not ingest.languages
    ("ingest_repairs.toml", "glue.max_token_chars"),  # longest glued word split by repair, not the tokenizer's bound
    ("ingest_residue.toml", "repeat.min_chars"),  # shortest line compared as repeated furniture, not an article
    ("ingest_residue.toml", "duplicates.min_chars"),  # shortest line compared as a duplicate line, not an article
}


def _leaf_keys(table: dict, path: tuple[str, ...] = ()):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _leaf_keys(value, (*path, key))
        else:
            yield (*path, key)


def test_config_no_setting_is_shadowed_by_a_data_file_key():
    import tomllib

    names = {s.key for s in settings_schema()}
    found = set()
    for path in sorted((ROOT / "src" / "newsprism" / "data").glob("*.toml")):
        if path.name == "settings.toml":
            continue
        for keys in _leaf_keys(tomllib.loads(path.read_text("utf-8"))):
            if keys[-1] in names:
                found.add((path.name, ".".join(keys)))
    assert found == _SAME_NAME_OTHER_MEANING


def test_config_stages_read_typed_settings_not_names():
    # Settings are resolved once (the CLI's load_config, or the caller's);
    # a stage reads its own typed section, and a call without settings falls
    # back through stage_settings/default_config, not a copy per module.
    import re

    bag = re.compile(r"""load_config\(|(?:config|cfg)\[["']|(?:config|cfg)\.get\(["']""")
    allowed = {"config.py", "cli.py"}  # the resolver, and the CLI that resolves once and lists settings by name
    found = []
    for path in sorted((ROOT / "src" / "newsprism").rglob("*.py")):
        if path.name in allowed and path.parent.name == "newsprism":
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if bag.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
