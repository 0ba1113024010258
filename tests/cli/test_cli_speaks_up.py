"""The command line says what an edit or an export leaves open, refuses years a report does not hold,
and counts in plain English ("1 fact", "35%")."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from esgdesk.cli.wording import count
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.display import display_with_unit
from esgdesk.core.parser import parse_value
from esgdesk.core.units import UnitTable
from esgdesk.core.values import Status, Value


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def shown(path: Path, indicator: str, year: int) -> object:
    values = json.loads(run("show", path, "--json").stdout)["values"]
    return next((v["value"] for v in values if v["indicator"] == indicator and v["year"] == year), "absent")


def finding_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"(error|warning|info) +\d{4} ", line)]


def test_set_prints_the_findings_a_share_over_100_percent_opens_and_stores_it(demo_path: Path) -> None:
    proc = run("set", demo_path, "board_expertise_industry_share", "150")
    assert proc.returncode == 0, proc.stderr
    lines = finding_lines(proc.stderr)
    range_errors = [line for line in lines if "board_expertise_industry_share" in line and "150.00%" in line]
    assert range_errors and range_errors[0].startswith("error"), proc.stderr
    assert "stored; this edit opened 2 errors" in proc.stderr
    assert shown(demo_path, "board_expertise_industry_share", 2023) == 150


def test_set_prints_a_breakdown_that_no_longer_adds_up(demo_path: Path) -> None:
    proc = run("set", demo_path, "board_internal_directors", "40")
    assert proc.returncode == 0, proc.stderr
    about_total = [line for line in finding_lines(proc.stderr) if re.search(r"\bboard_size\b", line)]
    assert about_total and about_total[0].startswith("error"), proc.stderr
    assert "opened 1 error" in proc.stderr
    assert shown(demo_path, "board_internal_directors", 2023) == 40


def test_set_says_which_findings_it_closed_and_is_quiet_when_nothing_changes(demo_path: Path) -> None:
    before = json.loads(run("validate", demo_path, "--json").stdout)
    assert run("set", demo_path, "board_expertise_industry_share", "150").returncode == 0
    back = run("set", demo_path, "board_expertise_industry_share", "66.67")
    assert back.returncode == 0, back.stderr
    assert finding_lines(back.stderr) == []
    assert "this edit closed 2 findings" in back.stderr
    assert json.loads(run("validate", demo_path, "--json").stdout) == before
    again = run("set", demo_path, "board_expertise_industry_share", "66.67")
    assert again.returncode == 0 and "stored; this edit" not in again.stderr, again.stderr


def test_set_refuses_a_year_the_report_does_not_hold(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    assert run("new", path, "--company", "ACME", "--year", "2024").returncode == 0
    proc = run("set", path, "employees_total", "100", "--year", "2031")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "2031 is not a year of this report: it holds 2023 and 2024" in proc.stderr
    assert shown(path, "employees_total", 2031) == "absent"
    prior = run("set", path, "employees_total", "90", "--year", "2023")
    assert prior.returncode == 0, prior.stderr
    assert shown(path, "employees_total", 2023) == 90


def test_export_counts_the_open_errors_and_warnings(demo_path: Path, tmp_path: Path) -> None:
    findings = json.loads(run("validate", demo_path, "--json").stdout)
    errors = sum(1 for f in findings if f["severity"] == "error" and not f["explained"])
    warnings = sum(1 for f in findings if f["severity"] == "warning" and not f["explained"])
    assert errors == 1 and warnings > 1  # the demo as published: one calculation that does not match
    proc = run("export", demo_path, "--xlsx", tmp_path / "kpi.xlsx")
    assert proc.returncode == 0, proc.stderr
    assert f"1 error and {warnings} warnings open in the report" in proc.stderr
    assert (tmp_path / "kpi.xlsx").is_file()


def test_export_strict_refuses_while_an_error_is_open(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "kpi.xlsx"
    proc = run("export", demo_path, "--xlsx", out, "--xbrl", tmp_path / "xbrl", "--strict")
    assert proc.returncode == 1, proc.stderr
    assert "nothing was exported: 1 error and" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() and not (tmp_path / "xbrl").exists()
    # Correcting the input of the one mismatched calculation (22.33% of revenue) lets a strict export through.
    fixed = run("set", demo_path, "rnd_investment", "589.7")
    assert fixed.returncode == 0 and "closed 1 finding" in fixed.stderr, fixed.stderr
    strict = run("export", demo_path, "--xlsx", out, "--strict")
    assert strict.returncode == 0, strict.stderr
    assert "0 errors and" in strict.stderr and out.is_file()


def test_counts_are_singular_for_one(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    assert run("new", path, "--company", "ACME", "--year", "2024").returncode == 0
    assert run("set", path, "employees_total", "1,981").returncode == 0
    proc = run("export", path, "--xbrl", tmp_path / "xbrl")
    assert proc.returncode == 0, proc.stderr
    assert "(1 fact on 1 context;" in proc.stderr
    assigned = run("assign", path, "employees_total", "hr")
    assert assigned.returncode == 0 and "1 indicator now owned by hr" in assigned.stderr, assigned.stderr
    assert (count(0, "error"), count(1, "error"), count(2, "entity", "entities")) == (
        "0 errors",
        "1 error",
        "2 entities",
    )


@pytest.mark.parametrize(
    ("indicator", "line_end"),
    [
        ("board_expertise_industry_share", "66.67%"),  # a share shows its percent sign once
        ("total_assets", "5,085 RMB million"),
        ("new_products_released", "20+ product"),
    ],
)
def test_show_prints_each_unit_once(demo_master: Path, indicator: str, line_end: str) -> None:
    proc = run("show", demo_master)
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith(indicator + " "))
    assert line.endswith(line_end), line
    not_reported = [line for line in proc.stdout.splitlines() if line.endswith("not reported %")]
    assert not_reported == []


def test_a_figure_and_its_unit_read_as_one_phrase(catalogue: Catalogue) -> None:
    share, assets = catalogue.indicators["board_expertise_industry_share"], catalogue.indicators["total_assets"]
    units = UnitTable(catalogue.units)
    assert display_with_unit(parse_value("35%", share, units), share) == "35.00%"
    assert display_with_unit(parse_value("5,085", assets, units), assets) == "5,085 RMB million"
    assert display_with_unit(Value(status=Status.NOT_REPORTED), assets) == "not reported"
