"""A mistyped command is never opened as a report file, and the documents name only commands that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_a_mistyped_command_is_answered_with_the_closest_and_opens_nothing(tmp_path: Path) -> None:
    out = run("valdate", "x.esg", cwd=tmp_path)
    assert out.returncode == 2
    assert "no such command 'valdate'" in out.stderr and "'validate'" in out.stderr
    assert "Traceback" not in out.stderr and list(tmp_path.iterdir()) == []


def test_forms_and_templates_readmes_name_only_commands_that_exist() -> None:
    for doc in (ROOT / "forms" / "README.md", ROOT / "templates" / "README.md"):
        named = set(re.findall(r"(?:^|`)esgdesk ([a-z][a-z-]*)", doc.read_text(encoding="utf-8"), re.M))
        assert named, doc
        for command in sorted(named):
            out = run(command, "--help")
            assert out.returncode == 0, (doc.name, command, out.stderr)
