"""The layers hold: gui and cli above exports, exports above the workflow, the workflow above the rest of the
core, no Qt in the core (the contracts are `[tool.importlinter]` in pyproject.toml; `make test` runs them too)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [exe, "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_store_that_imports_the_workflow_breaks_a_contract(tmp_path: Path) -> None:
    copy = tmp_path / "esgdesk"
    shutil.copytree(ROOT / "esgdesk", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "core" / "store" / "db.py").open("a", encoding="utf-8") as fh:
        fh.write("\nfrom esgdesk.core.workflow import guards  # noqa: E402,F401\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "esgdesk.core.store.db -> esgdesk.core.workflow.guards" in done.stdout


def test_sqlite_outside_the_store_breaks_a_contract(tmp_path: Path) -> None:
    copy = tmp_path / "esgdesk"
    shutil.copytree(ROOT / "esgdesk", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "core" / "backups.py").open("a", encoding="utf-8") as fh:
        fh.write("\nimport sqlite3  # noqa: E402,F401\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "esgdesk.core.backups -> sqlite3" in done.stdout


# The file format's definition (its schema and the check of it), beside the store package itself.
SQL_ALLOWED = {"schema.py", "schema_check.py"}


def test_no_sql_against_a_report_outside_the_store() -> None:
    core = ROOT / "esgdesk" / "core"
    offenders = []
    for path in sorted((ROOT / "esgdesk").rglob("*.py")):
        if path.is_relative_to(core / "store") or (path.parent == core and path.name in SQL_ALLOWED):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ".execute(" in line or ".executemany(" in line or ".connection()" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == [], "read and write a report through Report or Report.batch:\n" + "\n".join(offenders)
