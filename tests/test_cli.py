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
