"""`esgdesk restate` and `esgdesk published`: the command-line contract of restatements."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import assert_clean_error, run

REASON = "Printed ten times too high in the 2022 report"


def test_restate_a_published_figure_and_show_it(demo_path: Path) -> None:
    refused = run("set", demo_path, "waste_nonhazardous_density", "0.055", "--year", "2022")
    assert_clean_error(refused, 1)
    assert "published" in refused.stderr and "restate" in refused.stderr
    proc = run("restate", demo_path, "waste_nonhazardous_density", "0.055", "--year", "2022", "--reason", REASON)
    assert proc.returncode == 0, proc.stderr
    assert "published as 0.55" in proc.stderr
    shown = json.loads(run("show", demo_path, "--json", "--year", "2022").stdout)
    by_id = {v["indicator"]: v for v in shown["values"]}
    density = by_id["waste_nonhazardous_density"]
    assert density["value"] == 0.055
    rest = density["restatement"]
    assert rest["previous"] == 0.55 and rest["reason"] == REASON and rest["by"] == "tester" and rest["at"]
    assert "restatement" not in by_id["waste_total"]  # only restated figures carry the field


def test_restate_refuses_without_reason_or_for_an_unpublished_year(demo_path: Path, tmp_path: Path) -> None:
    assert_clean_error(run("restate", demo_path, "waste_total", "1", "--year", "2023", "--reason", "x"), 1)
    assert_clean_error(run("restate", demo_path, "waste_total", "1", "--year", "2022", "--reason", " "), 1)
    assert_clean_error(run("restate", demo_path, "waste_total", "1", "--year", "2022"), 2)  # --reason is required
    assert_clean_error(run("restate", demo_path, "no_such_indicator", "1", "--year", "2022", "--reason", "x"), 2)
    assert_clean_error(
        run("restate", tmp_path / "missing.esg", "waste_total", "1", "--year", "2022", "--reason", "x"), 2
    )


def test_published_years_listed_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    assert run("new", path, "--company", "ACME", "--year", "2024").returncode == 0
    assert json.loads(run("published", path, "--json").stdout) == []
    assert run("set", path, "employees_total", "100", "--year", "2023").returncode == 0
    assert run("published", path, "--mark", "2023").returncode == 0
    assert json.loads(run("published", path, "--json").stdout) == [2023]
    assert_clean_error(run("set", path, "employees_total", "101", "--year", "2023"), 1)
    assert_clean_error(run("published", path, "--mark", "2024"), 1)
