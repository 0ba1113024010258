"""`esgdesk catalogue ...` is a contract too: what it changes, its messages and its exit codes."""

from __future__ import annotations

from pathlib import Path

from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.store import Report
from tests.cli.test_cli import assert_clean_error, run


def test_add_edit_retire_export_and_load_back(demo_path: Path, tmp_path: Path) -> None:
    add = run(
        "catalogue",
        "add",
        demo_path,
        "renewable_electricity_share",
        "--section",
        "resources",
        "--label",
        "Share of renewable electricity",
        "--label-zh",
        "可再生电力占比",
        "--unit",
        "%",
        "--type",
        "percent",
        "--owner",
        "ehs",
        "--min",
        "0",
        "--max",
        "100",
        "--gri",
        "302-1",
        "--why",
        "board asked for it",
    )
    assert add.returncode == 0, add.stderr
    assert "version 2023.1 -> 2023.1+1" in add.stderr
    edit = run(
        "catalogue", "edit", demo_path, "waste_pallets", "--breakdown-kind", "subset", "--label", "Wooden pallets"
    )
    assert edit.returncode == 0, edit.stderr
    retire = run("catalogue", "retire", demo_path, "ehs_env_training_trainees", "--reason", "counted by HR now")
    assert retire.returncode == 0, retire.stderr
    section = run(
        "catalogue",
        "section",
        demo_path,
        "circular_economy",
        "--area",
        "social",
        "--label",
        "Circular economy",
        "--owner",
        "ehs",
        "--position",
        "1",
    )
    assert section.returncode == 0, section.stderr
    dept = run("catalogue", "department", demo_path, "procurement", "--name", "Procurement", "--name-zh", "采购部")
    assert dept.returncode == 0, dept.stderr
    with Report.open(demo_path, readonly=True) as rep:
        cat = rep.catalogue
        assert cat.version == "2023.1+5"
        ind = cat.indicators["renewable_electricity_share"]
        assert (ind.label.zh, ind.unit, ind.max, ind.owner, [g.code for g in ind.gri]) == (
            "可再生电力占比",
            "%",
            100,
            "ehs",
            ["302-1"],
        )
        pallets = cat.indicators["waste_pallets"]
        assert pallets.label.en == "Wooden pallets" and pallets.breakdown is not None
        assert pallets.breakdown.kind == "subset" and pallets.breakdown.family  # its family kept
        assert cat.indicators["ehs_env_training_trainees"].retired == "counted by HR now"
        assert [s.id for s in cat.area_of["circular_economy"].sections][0] == "circular_economy"
        assert [e.why for e in rep.audit_log() if e.field == "catalogue"][0] == "board asked for it"
        snapshot = cat
    assert run("catalogue", "export", demo_path, tmp_path / "forms").returncode == 0
    assert load_catalogue(tmp_path / "forms") == snapshot
    assert run("catalogue-check", tmp_path / "forms").returncode == 0


def test_a_change_that_breaks_the_catalogue_is_refused_with_its_reason(demo_path: Path) -> None:
    raw = demo_path.read_bytes()
    for args, message in (
        (
            ("add", demo_path, "x_new", "--section", "resources", "--label", "X", "--unit", "parsec"),
            "unknown unit 'parsec'",
        ),
        (
            (
                "add",
                demo_path,
                "x_new",
                "--section",
                "resources",
                "--label",
                "X",
                "--unit",
                "kWh",
                "--formula",
                "water_total +",
            ),
            "formula does not parse",
        ),
        (("add", demo_path, "x_new", "--section", "nowhere", "--label", "X", "--unit", "kWh"), "unknown section"),
        (("edit", demo_path, "water_total", "--id", "water"), "holds figures"),
        (("edit", demo_path, "water_total", "--unit", "kWh"), "another kind of quantity"),
        (("retire", demo_path, "employees_total", "--reason", "x"), "is retired"),
    ):
        proc = run("catalogue", *args)
        assert proc.returncode in (1, 2) and message in proc.stderr, (args, proc.stderr)
        assert_clean_error(proc, proc.returncode)
    assert demo_path.read_bytes() == raw


def test_a_collection_file_keeps_its_catalogue(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "ehs.esg"
    assert run("issue", demo_path, "--department", "ehs", "--out", out).returncode == 0
    proc = run("catalogue", "retire", out, "water_total", "--reason", "x")
    assert_clean_error(proc, 1)
    assert "master report" in proc.stderr
