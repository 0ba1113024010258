"""The Linux installers: built from this checkout, installed into scratch folders, and used with the
network cut, as a department machine with no internet and no Python would use them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.packaging, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh build, or the artefacts in ESGDESK_SMOKE_DIST when checking an existing one."""
    given = os.environ.get("ESGDESK_SMOKE_DIST")
    if given:
        yield Path(given)
        return
    base = tmp_path_factory.mktemp("installer")
    env = {**os.environ, "DIST": str(base / "dist"), "WORK": str(base / "work")}
    proc = subprocess.run(
        ["bash", str(PACKAGING / "build.sh")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    assert proc.returncode == 0, f"build.sh failed:\n{proc.stderr[-4000:]}"
    yield base / "dist"


def test_installers_run_offline(dist: Path) -> None:
    proc = subprocess.run(
        ["bash", str(PACKAGING / "smoke.sh"), "--dist", str(dist), "--verbose"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report
    assert "smoke: ok the network is cut" in report
    assert ", 0 failed" in report, report


def test_bundle_holds_what_it_needs_and_not_more(dist: Path) -> None:
    inside = dist / "esgdesk" / "_internal"
    names = {p.relative_to(inside).as_posix() for p in inside.rglob("*")}
    # Arelle resolves the xbrl.org base schemas from its cache, or offline validation fails.
    assert any(n.endswith("xbrl.org/2003/xbrl-instance-2003-12-31.xsd") for n in names)
    # `export --viewer` copies the built viewer script beside each page; server reports need the driver.
    assert "iXBRLViewerPlugin/viewer/dist/ixbrlviewer.js" in names
    assert any(n.startswith("psycopg_binary/") for n in names)
    assert "forms/catalogue.toml" in names and "templates/luster-2023/luster-2023-kpis.json" in names
    unwanted = [
        n
        for n in names
        if any(
            part in n
            for part in (
                "libQt6WebEngine",
                "libQt6Qml",
                "libQt6Quick",
                "libQt63D",
                "libQt6Multimedia",
                "tkinter",
                "libqgtk3",
                "pytest",
            )
        )
    ]
    assert unwanted == []
