"""docs/architecture.md lists every module of the package in the words of its docstring, and is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "module_map.py"


def test_the_module_map_in_the_architecture_document_is_current() -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr + "(the map is made from the module docstrings)"


def test_every_module_says_what_it_holds() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    undocumented = [line.split()[0] for line in doc.splitlines() if line.endswith("(no docstring)")]
    assert undocumented == [], f"give these modules a docstring, then run scripts/module_map.py: {undocumented}"
    modules = [p for p in (ROOT / "esgdesk").rglob("*.py") if "__pycache__" not in p.parts]
    listed = [p for p in modules if p.name == "__init__.py" or f"  {p.name}" in doc]
    assert len(modules) > 40 and listed == modules
