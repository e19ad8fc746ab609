"""The README documents every command and option (the CLI reference cannot drift)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from phiscope.cli.main import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_command_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert f"`phiscope {name}" in README, name
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help", "--format"):
                    assert opt in README, f"{name} {opt}"


def test_readme_has_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
