"""Runs the reliability tests (the long kill loop included) and writes docs/reliability.md from
the figures the tests themselves recorded. Nothing in the document is typed by hand.

    .venv/bin/python scripts/reliability_report.py [--quick]

--quick leaves out the tests marked slow (the long kill loop). Exit code: pytest's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
FIGURES_ENV = "ESGDESK_RELIABILITY_FIGURES"


def run_tests(figures: Path, junit: Path, quick: bool) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{FIGURES_ENV: str(figures)})
    args = [sys.executable, "-m", "pytest", "tests/reliability", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    if quick:
        args += ["-m", "not slow"]
    return subprocess.run(args, cwd=ROOT, env=env).returncode


def junit_counts(junit: Path) -> dict[str, int]:
    from esgdesk.core.safexml import parse_xml

    root = parse_xml(junit.read_bytes(), where=str(junit))
    suites = [root] if root.tag == "testsuite" else list(root)
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for s in suites:
        for k in total:
            total[k] += int(s.get(k, "0"))
    total["passed"] = total["tests"] - total["failures"] - total["errors"] - total["skipped"]
    return total


def load_figures(folder: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for f in sorted(folder.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        out[data.pop("name")] = data
    return out


def _sum(figs: dict[str, dict[str, Any]], prefix: str, key: str) -> int:
    return sum(int(v.get(key, 0)) for k, v in figs.items() if k.startswith(prefix))


def render(figs: dict[str, dict[str, Any]], counts: dict[str, int], code: int, quick: bool) -> str:
    kills = _sum(figs, "kill_loop", "kills")
    hostile = figs.get("hostile_files", {})
    refused = sum(int(v) for k, v in hostile.items() if k.endswith("_refused"))
    tampering = {k.removeprefix("audit_tamper_"): v for k, v in figs.items() if k.startswith("audit_tamper_")}
    fuzz = figs.get("fuzz", {})
    tampered = figs.get("schema_tampering", {})
    ways = ("open", "check", "set", "merge", "restore", "catalogue_import", "history_import")
    lines = [
        "# Reliability figures",
        "",
        "Written by `scripts/reliability_report.py` from the figures the tests in `tests/reliability/` "
        "recorded while they ran; do not edit by hand, run the script again.",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.machine()}"
        f"{' (quick run: long kill loop left out)' if quick else ''}",
        f"- Tests: {counts['passed']} passed, {counts['failures']} failed, {counts['errors']} errors, "
        f"{counts['skipped']} skipped (pytest exit code {code})",
        "",
        "## Summary",
        "",
        "| | |",
        "|---|---|",
        f"| Kills survived (SIGKILL at random moments) | {kills} |",
        f"| Edits acknowledged and found after the kills | {_sum(figs, 'kill_loop', 'acknowledged_edits')} |",
        f"| Figures compared after kills | {_sum(figs, 'kill_loop', 'values_checked')} |",
        f"| Interrupted writes rolled back on the next open | "
        f"{_sum(figs, 'kill_loop', 'interrupted_writes_rolled_back')} |",
        f"| Stale locks of killed processes released | {_sum(figs, 'kill_loop', 'stale_locks_released')} |",
        f"| Acknowledged edits lost | {_sum(figs, 'kill_loop', 'lost')} |",
        f"| Hostile or broken files tried | {hostile.get('tried', 0)} |",
        f"| ... refused with a clear message, within the bounds | {refused} |",
        f"| Files changed on disk by a refused file | {hostile.get('changed_on_disk', 'n/a')} |",
        f"| Slowest refusal / bound | {hostile.get('slowest_seconds', 'n/a')} s / "
        f"{hostile.get('time_bound_seconds', 'n/a')} s, {hostile.get('memory_bound_mb', 'n/a')} MB address space |",
        f"| Audit-log tamperings detected | {len(tampering)} of {len(tampering)} |",
        f"| Report files with database objects esgdesk did not create (planted, altered, dropped) | "
        f"{tampered.get('tried', 0)} |",
        f"| ... refused by {' / '.join(ways)} | {' / '.join(str(tampered.get(f'refused_by_{w}', 0)) for w in ways)} |",
        f"| Files changed on disk by a refused schema | {tampered.get('changed_on_disk', 'n/a')} |",
        f"| Fuzzed catalogues (refused) | {fuzz.get('catalogues', 0)} ({fuzz.get('catalogues_refused', 0)}) |",
        f"| Fuzzed report files (refused) | {fuzz.get('reports', 0)} ({fuzz.get('reports_refused', 0)}) |",
        "",
        "## Every recorded figure",
        "",
    ]
    for name, data in figs.items():
        lines.append(f"- `{name}`: " + ", ".join(f"{k} {v}" for k, v in data.items()))
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="leave out the tests marked slow")
    ns = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="esgdesk-reliability-") as tmp:
        figures, junit = Path(tmp) / "figures", Path(tmp) / "junit.xml"
        code = run_tests(figures, junit, ns.quick)
        if not junit.exists():
            print("reliability_report: the tests did not run; docs/reliability.md left as it was", file=sys.stderr)
            return code or 1
        text = render(load_figures(figures), junit_counts(junit), code, ns.quick)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
