"""`esgdesk attach`, `evidence` and `evidence-pack`: the command-line contract of evidence."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from tests.cli.test_cli import assert_clean_error, run

FIELDS = {"indicator", "entity", "year", "name", "sha256", "size", "note", "added_by", "added_at"}


def test_attach_list_and_pack_with_hashes_that_match_the_files(demo_path: Path, tmp_path: Path) -> None:
    bill = tmp_path / "bill-2023.pdf"
    bill.write_bytes(b"%PDF-1.4 electricity bill" * 100)
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"PK roster")
    assert run("attach", demo_path, "electricity_total", bill, "--note", "State Grid, December").returncode == 0
    assert run("attach", demo_path, "electricity_total", bill, "--year", "2022").returncode == 0
    proc = run("attach", demo_path, "employees_total", roster)
    assert proc.returncode == 0 and "attached roster.xlsx" in proc.stderr
    listed = json.loads(run("evidence", demo_path, "--json").stdout)
    assert [set(e) for e in listed] == [FIELDS] * 3
    first = listed[0]
    assert (first["indicator"], first["entity"], first["year"], first["name"], first["note"]) == (
        "electricity_total",
        "luster",
        2023,
        "bill-2023.pdf",
        "State Grid, December",
    )
    assert first["sha256"] == hashlib.sha256(bill.read_bytes()).hexdigest() and first["size"] == bill.stat().st_size
    assert first["added_by"] == "tester" and first["added_at"].endswith("Z")
    pack = tmp_path / "pack.zip"
    proc = run("evidence-pack", demo_path, "--out", pack)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
        for entry in manifest["files"]:  # every hash in the manifest is the hash of the file in the pack
            data = zf.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
        assert names == {e["path"] for e in manifest["files"]} | {"manifest.json"}
        paths = [a["path"] for a in manifest["attachments"]]
        assert len(set(paths)) == 3 and zf.read(paths[0]) == bill.read_bytes()
        from openpyxl import load_workbook

        book = load_workbook(__import__("io").BytesIO(zf.read("figures.xlsx")))
    rows = list(book["Figures"].iter_rows(values_only=True))
    head = rows[0]
    electricity = next(r for r in rows if r[0] == "electricity_total" and r[3] == 2023)
    assert electricity[head.index("Attachments")] == paths[0]
    changes = electricity[head.index("Changes")]
    assert isinstance(changes, int) and changes >= 1  # its history
    history = list(book["History"].iter_rows(values_only=True))
    assert any(
        r[3] == "electricity_total" and r[5] == "attachment" and "bill-2023.pdf" in str(r[7]) for r in history[1:]
    )


def test_bad_input_is_refused_cleanly(demo_path: Path, tmp_path: Path) -> None:
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(b"x" * 2_100_000)
    assert_clean_error(run("attach", demo_path, "electricity_total", tmp_path / "gone.pdf"), 2)
    assert_clean_error(run("attach", demo_path, "no_such_indicator", bill), 2)
    assert run("evidence", demo_path, "--limit", "2").returncode == 0
    refused = run("attach", demo_path, "electricity_total", bill)
    assert_clean_error(refused, 1)
    assert "2.1 MB; the limit for one attachment is 2 MB" in refused.stderr
    assert_clean_error(run("evidence", demo_path, "--limit", "lots"), 1)
    assert_clean_error(run("evidence-pack", demo_path, "--out", tmp_path / "pack.tar"), 1)
    assert json.loads(run("evidence", demo_path, "--json").stdout) == []
