import tomllib
from pathlib import Path

import pytest

from newsprism.data import data_path, load_toml
from newsprism.errors import NewsprismError

DATA = Path(data_path("settings.toml")).parent


def test_data_every_toml_file_parses():
    files = sorted(DATA.glob("*.toml"))
    assert len(files) > 10
    for f in files:
        assert isinstance(tomllib.loads(f.read_text("utf-8")), dict), f.name


def test_data_load_toml_is_shared_and_accepts_bare_names():
    assert load_toml("settings") is load_toml("settings.toml")


def test_data_missing_file_names_it():
    with pytest.raises(NewsprismError, match="no_such_rules.toml"):
        load_toml("no_such_rules")
