"""esgdesk as a library: the wheel built from this checkout, installed into a fresh virtual environment
with the versions pinned in packaging/constraints.txt, writes, checks and exports the demo on its own
data (forms/, templates/ and exporters/ travel inside the wheel)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.packaging, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DATA_FOLDERS = ("forms", "templates", "exporters")


def pip_env() -> dict[str, str]:
    """pip's own cache (the suite points XDG_CACHE_HOME at a scratch folder): packages the development
    environment was installed from are not fetched again."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ESGDESK_DATA")}
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def check(
    cmd: list[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=900, cwd=cwd, env=env)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    check([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT], env=pip_env())
    (built,) = out.glob("esgdesk-*.whl")
    return built


def test_the_wheel_carries_every_file_of_the_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"esgdesk/data/{p.relative_to(ROOT).as_posix()}"
        for folder in DATA_FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }
    shipped = {n for n in names if n.startswith("esgdesk/data/")}
    assert expected and shipped == expected, (sorted(expected - shipped)[:10], sorted(shipped - expected)[:10])
    assert not any(n.startswith(("tests/", "forms/", "templates/", "exporters/")) for n in names)


def test_installed_wheel_writes_checks_and_exports_the_demo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    check([sys.executable, "-m", "venv", venv])
    py, esgdesk = venv / "bin" / "python", venv / "bin" / "esgdesk"
    check([py, "-m", "pip", "install", "-q", "-c", ROOT / "packaging" / "constraints.txt", wheel], env=pip_env())
    env = pip_env()
    work = tmp_path / "work"  # not the checkout: nothing may be read from it
    work.mkdir()

    where = check([py, "-c", "import esgdesk.resources as r; print(r.forms_dir())"], cwd=work, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv), where

    report = work / "demo.esg"
    check([esgdesk, "demo", report], cwd=work, env=env)
    validated = subprocess.run(
        [str(esgdesk), "validate", str(report)], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert validated.returncode == 1, validated.stderr  # the demo as published holds one open error
    assert "1 error, " in validated.stderr and "rnd_expense_ratio" in validated.stdout
    exported = check(
        [esgdesk, "export", report, "--xlsx", work / "kpi.xlsx", "--xbrl", work / "xbrl"], cwd=work, env=env
    )
    assert "wrote the workbook" in exported.stderr and "facts on" in exported.stderr
    assert (work / "kpi.xlsx").stat().st_size > 10_000
    assert any((work / "xbrl").glob("*.xbrl")) and any((work / "xbrl").glob("*.xhtml"))
