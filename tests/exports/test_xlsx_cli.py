"""`esgdesk export` and `esgdesk import` as scripts use them: exit codes, preview, --yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from esgdesk.cli.main import main
from esgdesk.core.store import Report


def _run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    return int(exc.value.code or 0)


def test_export_then_import_with_and_without_yes(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "kpi.xlsx"
    assert _run(["export", str(demo_path), "--xlsx", str(book)]) == 0
    assert book.exists()
    with Report.open(demo_path, readonly=True) as rep:
        catalogue, company, values = rep.catalogue, rep.meta.company, dict(rep.value_map())
    fresh = tmp_path / "fresh.esg"
    Report.create(fresh, catalogue, company=company, year=2023, entity_id="luster").close()
    capsys.readouterr()
    assert _run(["import", str(fresh), str(book)]) == 1  # a preview only
    out = capsys.readouterr()
    assert "change" in out.out and "--yes" in out.err
    with Report.open(fresh, readonly=True) as rep:
        assert rep.value_map() == {}
    assert _run(["import", str(fresh), str(book), "--yes"]) == 0
    with Report.open(fresh, readonly=True) as rep:
        assert rep.value_map() == values
    assert _run(["import", str(fresh), str(book)]) == 0  # nothing left to do


def test_unusable_workbook_and_missing_target(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert _run(["import", str(demo_path), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not an Excel workbook" in err and "Traceback" not in err
    assert _run(["export", str(demo_path)]) == 2


def test_export_of_one_entity_goes_to_the_xbrl_too(demo_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "xbrl"
    ok = subprocess.run(
        [sys.executable, "-m", "esgdesk", "export", str(demo_path), "--xbrl", str(out), "--entity", "luster"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    written, still_open = ok.stderr.strip().splitlines()  # what was written, then what the report leaves open
    assert "facts" in written and "open in the report" in still_open
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "esgdesk",
            "export",
            str(demo_path),
            "--xbrl",
            str(tmp_path / "x2"),
            "--entity",
            "nobody",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "unknown entity 'nobody'" in bad.stderr
    assert not (tmp_path / "x2").exists()
