"""Shared by the reliability tests: the figures they report, a fresh report, file fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
ESGDESK = str(VENV_BIN / "esgdesk")
FIGURES_ENV = "ESGDESK_RELIABILITY_FIGURES"


def record(name: str, **figures: Any) -> None:
    """Keep a test's figures for docs/reliability.md (scripts/reliability_report.py sets the folder)."""
    folder = os.environ.get(FIGURES_ENV)
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    (Path(folder) / f"{safe}.json").write_text(json.dumps({"name": name, **figures}, indent=1), encoding="utf-8")


def tree_hashes(*roots: Path) -> dict[str, str]:
    """Every file under `roots` (or the files themselves) with a hash of its bytes."""
    out: dict[str, str] = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for p in paths:
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def integrity_ok(path: Path) -> bool:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["ESGDESK_USER"] = env.get("ESGDESK_USER", "tester")
    env.pop(FIGURES_ENV, None)
    return env
