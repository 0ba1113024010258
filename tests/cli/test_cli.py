"""The command line is a contract: commands, JSON fields and exit codes (0 done, 1 refused, 2 unusable)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from esgdesk import __version__


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert 0 < len(proc.stderr.strip().splitlines()) <= 2, proc.stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and __version__ in proc.stdout


@pytest.mark.parametrize("command", ["demo", "new", "rollforward", "show", "set", "validate", "open"])
def test_help_on_every_command(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_new_set_show_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    assert run("new", path, "--company", "ACME", "--year", "2024", "--identifier", "600001").returncode == 0
    proc = run("set", path, "employees_total", "1,981", "--note", "from HR")
    assert proc.returncode == 0, proc.stderr
    assert run("set", path, "electricity_total", "3.2", "--unit", "MWh").returncode == 0
    assert run("set", path, "trainees_ordinary", "1,500+", "--year", "2023").returncode == 0
    assert run("set", path, "wastewater_ph", "7.4-7.5").returncode == 0
    assert run("set", path, "ac_training_sessions", "\\: no training this year").returncode == 0
    shown = json.loads(run("show", path, "--json").stdout)
    assert shown["report"]["company"] == "ACME" and shown["report"]["year"] == 2024
    by_key = {(v["indicator"], v["year"]): v for v in shown["values"]}
    assert set(shown["values"][0]) >= {"indicator", "entity", "year", "value", "status", "qualifier", "unit"}
    assert by_key[("employees_total", 2024)]["value"] == 1981
    assert by_key[("electricity_total", 2024)]["value"] == 3200 and by_key[("electricity_total", 2024)]["unit"] == "kWh"
    assert by_key[("trainees_ordinary", 2023)]["qualifier"] == "more_than"
    assert by_key[("wastewater_ph", 2024)]["value"] == {"min": 7.4, "max": 7.5}
    assert by_key[("ac_training_sessions", 2024)]["status"] == "not_applicable"
    assert by_key[("ac_training_sessions", 2024)]["value"] is None


def test_refused_value_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    run("new", path, "--company", "ACME", "--year", "2024")
    assert_clean_error(run("set", path, "employees_total", "twelve hundred-ish"), 1)
    assert_clean_error(run("set", path, "employees_total", "12.5"), 1)
    assert_clean_error(run("set", path, "electricity_total", "5 t"), 1)  # a mass into an energy figure


def test_unknown_indicator_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "acme.esg"
    run("new", path, "--company", "ACME", "--year", "2024")
    proc = run("set", path, "no_such_thing", "5")
    assert_clean_error(proc, 2)
    assert "no_such_thing" in proc.stderr


@pytest.mark.parametrize("command", [["show"], ["validate"], ["set", "employees_total", "1"]])
def test_unusable_files_exit_2(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.esg"
    assert_clean_error(run(command[0], missing, *command[1:]), 2)
    foreign = tmp_path / "foreign.esg"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    proc = run(command[0], foreign, *command[1:])
    assert_clean_error(proc, 2)
    assert "another program" in proc.stderr


def test_demo_validate_and_rollforward(tmp_path: Path) -> None:
    path = tmp_path / "demo.esg"
    assert run("demo", path).returncode == 0
    assert_clean_error(run("demo", path), 1)  # exists already: refused, not overwritten
    proc = run("validate", path, "--json")
    assert proc.returncode in (0, 1)
    findings = json.loads(proc.stdout)
    assert findings and set(findings[0]) >= {"indicator", "entity", "year", "severity", "rule", "message"}
    has_error = any(f["severity"] == "error" and not f["explained"] for f in findings)
    assert proc.returncode == (1 if has_error else 0)
    nxt = tmp_path / "next.esg"
    assert run("rollforward", path, nxt).returncode == 0
    shown = json.loads(run("show", nxt, "--json", "--year", "2023").stdout)
    assert shown["report"]["year"] == 2024
    assert any(v["indicator"] == "employees_total" and v["value"] == 1981 for v in shown["values"])


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert_clean_error(run("new", tmp_path / "x.esg", "--company", "A"), 2)  # --year missing
