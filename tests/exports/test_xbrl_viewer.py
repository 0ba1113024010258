"""`esgdesk export --xbrl DIR --viewer`: the interactive viewer page opens from disk, offline, in a real browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.chromium import Browser

DOC = "document.querySelector('iframe[title=\"iXBRL document view\"]').contentDocument"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def test_the_viewer_page_shows_every_fact_and_inspects_one_with_no_network(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "xbrl"
    done = run("export", demo_path, "--xbrl", out, "--viewer")
    assert done.returncode == 0, done.stderr
    pages = sorted(out.glob("*-viewer.html"))
    assert len(pages) == 1 and (out / "ixbrlviewer.js").is_file(), sorted(p.name for p in out.iterdir())
    assert f"wrote the interactive viewer {pages[0]}" in done.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".viewer-")]  # its draft folder is gone
    facts = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))["facts"]
    known = next(f for f in facts.values() if f["dimensions"]["concept"].endswith(":TotalAssets"))
    concept = known["dimensions"]["concept"].split(":")[1]

    with Browser() as browser:
        browser.open(pages[0])
        browser.wait_for("!!document.querySelector('#ixv.post-processing-complete')")
        total = browser.evaluate("document.querySelector('.total-facts-value').textContent")
        # every fact the export reports writing into the Inline XBRL page
        assert f"({int(total)} facts on " in done.stderr, (total, done.stderr)
        # The fact inspector on a known figure: click it in the report, read what the inspector says.
        shown = browser.evaluate(
            f"(() => {{ const el = [...{DOC}.querySelectorAll('.ixbrl-element')]"
            f".find(e => (e.getAttribute('name') || '').endsWith(':{concept}') || "
            f"(e.querySelector('[name]') || {{getAttribute: () => ''}}).getAttribute('name').endsWith(':{concept}'));"
            " if (!el) return ''; el.click();"
            " return document.querySelector('.fact-inspector-body').textContent.replace(/\\s+/g, ' '); })()"
        )
        assert f"Concept {concept}" in shown, shown
        assert f"{int(float(known['value'])):,}" in shown, shown
        left_the_disk = [u for u in browser.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
        assert left_the_disk == []


def test_viewer_without_xbrl_is_unusable_input(demo_path: Path, tmp_path: Path) -> None:
    done = run("export", demo_path, "--xlsx", tmp_path / "kpi.xlsx", "--viewer")
    assert done.returncode == 2 and "--viewer" in done.stderr and "--xbrl" in done.stderr
    assert not (tmp_path / "kpi.xlsx").exists()
