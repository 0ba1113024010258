"""The workflow commands: contract output, preview before --yes, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from esgdesk.core.store import Report


def esgdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_departments_issue_merge_review_status(demo_path: Path, tmp_path: Path) -> None:
    out = esgdesk("departments", demo_path, "--json")
    assert out.returncode == 0
    deps = json.loads(out.stdout)
    assert {"department", "indicators"} <= set(deps[0])
    assert "donation_nursing_home" in next(d for d in deps if d["department"] == "president_office")["indicators"]

    col = tmp_path / "po.esg"
    assert (
        esgdesk(
            "issue", demo_path, "--department", "president_office", "--out", col, "--deadline", "2099-12-31"
        ).returncode
        == 0
    )
    with Report.open(col) as rep:
        rep.set_text("donation_nursing_home", "0.3")
    assert esgdesk("submit", col).returncode == 0

    preview = esgdesk("merge", demo_path, col)
    assert preview.returncode == 0 and "donation_nursing_home" in preview.stdout and "--yes" in preview.stderr
    with Report.open(demo_path, readonly=True) as rep:
        assert rep.get("donation_nursing_home").number != 0.3
    merged = esgdesk("merge", demo_path, col, "--yes")
    assert merged.returncode == 0, merged.stderr
    with Report.open(demo_path, readonly=True) as rep:
        assert rep.get("donation_nursing_home").number == 0.3

    again = esgdesk("merge", demo_path, col, "--yes")
    assert again.returncode == 1 and "merged already" in again.stderr and "Traceback" not in again.stderr
    assert esgdesk("send-back", demo_path, "--section", "community").returncode == 2  # --comment missing
    assert esgdesk("approve", demo_path, "--section", "community").returncode == 0
    locked = esgdesk("send-back", demo_path, "--section", "community", "--comment", "x")
    assert locked.returncode == 1 and "unlock" in locked.stderr
    assert esgdesk("unlock", demo_path, "--section", "community", "--reason", "typo").returncode == 0
    status = json.loads(esgdesk("status", demo_path, "--json").stdout)
    po = next(s for s in status if s["department"] == "president_office")
    assert po["stage"] == "submitted" and po["returned_at"] and po["deadline"] == "2099-12-31"


def test_unusable_input_exits_2(demo_path: Path, tmp_path: Path) -> None:
    bad = esgdesk("issue", demo_path, "--department", "nobody", "--out", tmp_path / "x.esg")
    assert bad.returncode == 2 and "unknown department" in bad.stderr
    assert esgdesk("departments", tmp_path / "missing.esg").returncode == 2


def test_entities_and_consolidate(demo_path: Path) -> None:
    assert esgdesk("entities", "add", demo_path, "east", "East plant").returncode == 0
    refused = esgdesk("consolidate", demo_path)
    assert refused.returncode == 1 and "approach" in refused.stderr
    assert esgdesk("set", demo_path, "water_total", "100 m3", "--entity", "east").returncode == 0
    done = esgdesk("consolidate", demo_path, "--approach", "equity_share", "--json")
    assert done.returncode == 0, done.stderr
    totals = {(t["indicator"], t["year"]): t["value"] for t in json.loads(done.stdout)["totals"]}
    assert totals[("water_total", 2023)] == 100
    assert esgdesk("entities", "scope", demo_path, "east", "--ownership", "0.5").returncode == 0
    done = esgdesk("consolidate", demo_path, "--json")
    totals = {(t["indicator"], t["year"]): t["value"] for t in json.loads(done.stdout)["totals"]}
    assert totals[("water_total", 2023)] == 50
    listed = json.loads(esgdesk("entities", "list", demo_path, "--json").stdout)
    assert listed["approach"] == "equity_share"
