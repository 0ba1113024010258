"""`esgdesk history import | list | base-year`: the command-line contract of history."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import assert_clean_error, run


def test_history_import_list_and_base_year(demo_path: Path, tmp_path: Path) -> None:
    new = tmp_path / "luster-2025.esg"
    assert (
        run(
            "new",
            new,
            "--company",
            "LUSTER LightTech Co., Ltd.",
            "--year",
            "2025",
            "--entity-id",
            "luster",
            "--identifier",
            "688400",
        ).returncode
        == 0
    )
    proc = run("history", "import", new, demo_path, "--json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["years"] == [2022, 2023] and got["values"] > 200 and got["files"] == [demo_path.name]
    assert run("history", "base-year", new, "ghg_scope1", "2022").returncode == 0
    listed = json.loads(run("history", "list", new, "--json").stdout)
    assert [(y["year"], y["published"]) for y in listed["years"]] == [
        (2022, True),
        (2023, True),
        (2024, False),
        (2025, False),
    ]
    [base] = listed["base_years"]
    assert base["indicator"] == "ghg_scope1" and base["base_year"] == 2022 and base["base"] > 0
    assert base["value"] is None  # no 2025 figure yet
    assert_clean_error(run("history", "import", new, tmp_path / "missing.esg"), 2)
    other = tmp_path / "other.esg"
    assert run("new", other, "--company", "Other Co", "--year", "2022").returncode == 0
    assert_clean_error(run("history", "import", new, other), 1)
    assert_clean_error(run("history", "base-year", new, "ghg_scope1", "2031"), 1)
    assert_clean_error(run("history", "base-year", new, "ghg_scope1"), 2)
