"""`esgdesk catalogue-check` and `esgdesk check` on good input, and their exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from esgdesk.core.store import Report
from tests.reliability.support import ESGDESK, ROOT, child_env


def test_catalogue_check_accepts_the_real_and_the_test_catalogue() -> None:
    for forms in (ROOT / "forms", ROOT / "tests" / "data" / "mini_forms"):
        out = subprocess.run([ESGDESK, "catalogue-check", str(forms)], capture_output=True, text=True, env=child_env())
        assert out.returncode == 0 and "ok" in out.stderr, out.stderr


def test_check_reports_counts_as_json(demo_path: Path, tmp_path: Path) -> None:
    with Report.open(demo_path) as rep:
        rep.set_text("employees_total", "4,321")
        n_values = len(rep.value_map())
    out = subprocess.run([ESGDESK, "check", str(demo_path), "--json"], capture_output=True, text=True, env=child_env())
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["ok"] and data["database"] == "ok" and data["values"] == n_values
    assert data["values_checked"] == n_values  # every demo figure came in through an audited write
    bad = tmp_path / "not-a-report.esg"
    bad.write_text("hello")
    out = subprocess.run([ESGDESK, "check", str(bad)], capture_output=True, text=True, env=child_env())
    assert out.returncode == 2 and "not an esgdesk report" in out.stderr
