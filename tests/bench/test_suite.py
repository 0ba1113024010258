"""The benchmark suite as CI runs it: a quick smoke at tiny sizes that must produce every row of the
table, in the JSON shape the README's table is made from. Nothing here asserts a time."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import EXPECTED_ROWS, Case, growth_exponent, markdown, run_cases
from bench.common import Row

ROOT = Path(__file__).resolve().parents[2]
ISSUE_ROWS = {
    "startup",
    "open",
    "section_switch",
    "validate_full",
    "recheck_one_edit",
    "durable_edit",
    "export_xlsx",
    "export_xbrl",
    "arelle_validate",
    "merge_12",
    "consolidate_50",
    "peak_memory",
}


@pytest.fixture(scope="module")
def quick_run() -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.mark.slow
def test_quick_run_prints_rows_in_the_documented_shape(quick_run: dict[str, Any]) -> None:
    assert set(quick_run) >= {"rows"}
    for row in quick_run["rows"]:
        assert {"name", "esgdesk", "baseline", "ratio", "unit"} <= set(row), row
        assert row["unit"] in ("seconds", "MiB"), row
        if "error" not in row:
            assert row["esgdesk"] > 0 and row["baseline"] > 0, row
            assert math.isclose(row["ratio"], row["esgdesk"] / row["baseline"], rel_tol=1e-9), row


@pytest.mark.slow
def test_the_start_up_floor_is_measured_in_the_same_run_against_the_same_bare_window(
    quick_run: dict[str, Any],
) -> None:
    by_name = {r["name"]: r for r in quick_run["rows"]}
    startup, floor = by_name["startup"], by_name["startup_floor"]
    assert "error" not in floor, floor
    assert floor["baseline"] == startup["baseline"]  # one bare window, timed once for both rows
    names = [r["name"] for r in quick_run["rows"]]
    assert names.index("startup_floor") == names.index("startup") + 1  # shown beside the row it bounds


@pytest.mark.slow
def test_quick_run_measures_every_row_the_issue_names(quick_run: dict[str, Any]) -> None:
    by_name = {r["name"]: r for r in quick_run["rows"]}
    assert set(EXPECTED_ROWS) == ISSUE_ROWS
    missing = sorted(ISSUE_ROWS - set(by_name))
    assert not missing, f"rows missing from the output: {missing}"
    broken = {n: by_name[n]["error"] for n in sorted(ISSUE_ROWS) if "error" in by_name[n]}
    assert not broken, f"rows that could not be measured: {broken}"


def test_a_failing_case_is_reported_and_the_others_still_run() -> None:
    def boom(quick: bool) -> list[Row]:
        raise RuntimeError("disk on fire")

    def fine(quick: bool) -> list[Row]:
        return [Row("open", 0.2, 0.1)]

    rows = run_cases([Case("cases_a", ("startup",), boom), Case("cases_b", ("open",), fine)], True, None)
    by_name = {r.name: r for r in rows}
    assert by_name["startup"].error == "RuntimeError: disk on fire"
    assert by_name["open"].ratio == pytest.approx(2.0)
    assert not by_name["open"].error
    # Rows no case produced are listed as not measured rather than silently left out of the table.
    assert set(by_name) == set(EXPECTED_ROWS)
    assert "no case module measured this row" in by_name["export_xbrl"].error
    table = markdown(rows)
    assert "FAILED: RuntimeError: disk on fire" in table
    assert json.dumps({"rows": [r.to_json() for r in rows]})  # NaN never reaches the JSON


def test_only_runs_the_cases_that_make_the_rows_asked_for() -> None:
    called: list[str] = []

    def make(name: str, row: str) -> Case:
        def run(quick: bool) -> list[Row]:
            called.append(name)
            return [Row(row, 1.0, 1.0)]

        return Case(name, (row,), run)

    rows = run_cases([make("cases_a", "open"), make("cases_b", "export_xlsx")], True, frozenset({"open"}))
    assert called == ["cases_a"]
    assert [r.name for r in rows] == ["open"]


def test_growth_exponent_tells_linear_from_quadratic() -> None:
    sizes = [352, 3520, 17600, 70400]
    assert growth_exponent(sizes, [n * 1e-5 for n in sizes]) == pytest.approx(1.0)
    assert growth_exponent(sizes, [(n * 1e-4) ** 2 for n in sizes]) == pytest.approx(2.0)
    assert growth_exponent(sizes, [0.5 for _ in sizes]) == pytest.approx(0.0)
    assert math.isnan(growth_exponent(sizes[:1], [1.0]))


def test_the_start_up_profile_names_every_phase_on_both_sides() -> None:
    from bench.startup_phases import PHASES

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup_phases", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in done.stdout.splitlines()[2:]}
    assert set(rows) == {*PHASES, "total"}
    app_total = float(rows["total"][0])
    app_parts = sum(float(cells[0]) for name, cells in rows.items() if name != "total")
    assert abs(app_total - app_parts) < 1.0  # the phases account for the whole start, launch to exit
    # the bare window has no esgdesk modules, report or menu to load
    assert [name for name, cells in rows.items() if cells[1].rstrip(" |") == "—"] == [
        "esgdesk's core modules",
        "esgdesk's GUI modules",
        "opening the report",
        "office menu, geometry, show()",
    ]
