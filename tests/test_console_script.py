"""The installed `cns-bot` console script (pyproject [project.scripts]) runs the CLI."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "cns-bot"


def test_the_installed_script_shows_the_commands(tmp_path):
    assert SCRIPT.exists(), "run `make .venv/.installed` to install the console script"
    done = subprocess.run(
        [str(SCRIPT), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: cns-bot")
    for command in ("run", "backup", "roster", "members", "export"):
        assert command in done.stdout


def test_the_installed_script_runs_a_command(tmp_path):
    """`cns-bot form check FILE` checks the default form and finds it fine, touching nothing."""
    form = Path(__file__).parents[1] / "bot" / "domain" / "forms" / "default.toml"
    done = subprocess.run(
        [str(SCRIPT), "form", "check", str(form)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(tmp_path.iterdir()) == []
