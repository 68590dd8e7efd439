"""The README's two set-up commands are the ones CI runs, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, flags=re.S)]


def test_ci_runs_the_readme_setup_commands_exactly():
    commands = _readme_commands()
    assert len(commands) == 2, "the README's set-up is exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index(commands[0]) < ci.index(commands[1])
    assert "claimlens run" in commands[0] and "pytest" in commands[1]
