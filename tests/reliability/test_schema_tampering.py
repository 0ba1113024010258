"""Report files with database objects esgdesk did not create (corpus/schema, made by make_corpus.py):
each is refused by opening, `check`, `set`, `merge` (as a returned file), `restore`, `upgrade
--catalogue` and `history import` (a catalogue or earlier years taken from another report), with a
message naming the object, and the file is left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue
from tests.reliability.limits import bounded, plain_refusal
from tests.reliability.support import ESGDESK, record, tree_hashes

CORPUS = Path(__file__).with_name("corpus")
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))["schema"]
MINI = CORPUS.parents[1] / "data" / "mini_forms"
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of nothing
WAYS = ("open", "check", "set", "merge", "restore", "catalogue_import", "history_import")
REFUSED: dict[str, set[str]] = {way: set() for way in WAYS}


@pytest.fixture(autouse=True, scope="module")
def _figures() -> Iterator[None]:
    yield
    record(
        "schema_tampering", tried=len(CASES), **{f"refused_by_{w}": len(REFUSED[w]) for w in WAYS}, changed_on_disk=0
    )


def _copy(case: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(case["file"]).name
    shutil.copyfile(CORPUS / case["file"], path)
    return path


def _unchanged_but_lock(before: dict[str, str], path: Path) -> bool:
    """The only trace allowed is the empty lock file a writer takes before reading the file."""
    lock = str(path.with_name(f".{path.name}.lock"))
    after = tree_hashes(path.parent)
    return {k: v for k, v in after.items() if k != lock} == {
        k: v for k, v in before.items() if k != lock
    } and after.get(lock, EMPTY) == EMPTY


def test_the_corpus_has_every_kind_of_tampering() -> None:
    files = {Path(c["file"]).stem for c in CASES}
    tables = {f.removeprefix("trigger-on-") for f in files if f.startswith("trigger-on-")}
    db = sqlite3.connect(":memory:")
    from esgdesk.core import schema

    schema.build_schema(db, schema.SCHEMA_VERSION)
    ours = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }
    db.close()
    assert ours <= tables, f"tables without a planted-trigger case: {ours - tables}; run make_corpus.py schema"
    assert {
        "view",
        "extra-table",
        "extra-column",
        "generated-column",
        "expression-index",
        "dropped-protection",
        "changed-column-type",
        "foreign-schema",
    } <= files


@pytest.mark.parametrize("case", CASES, ids=lambda c: Path(c["file"]).stem)
def test_opening_and_the_command_line_refuse_it(case: dict[str, Any], tmp_path: Path) -> None:
    path = _copy(case, tmp_path / "in")
    before = tree_hashes(path.parent)
    for readonly in (False, True):
        with pytest.raises(ReportFileError) as exc:
            Report.open(path, readonly=readonly)
        assert case["message"] in exc.value.message, exc.value.message
    REFUSED["open"].add(case["file"])

    out = bounded([ESGDESK, "set", str(path), "staff", "5"])
    assert plain_refusal(out) and case["message"] in out.stderr, out
    REFUSED["set"].add(case["file"])

    out = bounded([ESGDESK, "check", str(path)])
    assert out.code == 1 and case["message"] in out.stderr and "Traceback" not in out.stderr, out
    assert "contents were not checked" in out.stderr, out
    out = bounded([ESGDESK, "check", str(path), "--json"])
    data = json.loads(out.stdout)
    assert out.code == 1 and not data["ok"] and not data["contents_checked"], data
    assert any(case["message"] in p for p in data["schema"]), data
    REFUSED["check"].add(case["file"])

    restored = tmp_path / "restored" / "report.esg"
    out = bounded([ESGDESK, "restore", str(path), str(path), "--out", str(restored)])
    assert plain_refusal(out) and case["message"] in out.stderr, out
    assert not restored.exists()
    REFUSED["restore"].add(case["file"])
    assert _unchanged_but_lock(before, path)


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("master") / "master.esg"
    with Report.create(path, load_catalogue(MINI), company="ACME Ltd", year=2023, entity_id="acme") as rep:
        rep.set_text("staff", "42")
    return path


@pytest.mark.parametrize("case", CASES, ids=lambda c: Path(c["file"]).stem)
def test_a_returned_file_altered_so_is_not_merged(case: dict[str, Any], master: Path, tmp_path: Path) -> None:
    own = tmp_path / "master" / "master.esg"
    own.parent.mkdir()
    shutil.copyfile(master, own)
    returned = tmp_path / "returned" / "ehs.esg"
    returned.parent.mkdir()
    if case["sql"]:  # a genuine collection file, tampered with as the corpus file was
        with Report.open(own) as rep:
            issue(rep, "ehs", returned)
        db = sqlite3.connect(returned)
        for statement in case["sql"]:
            db.execute(statement)
        db.commit()
        db.close()
    else:
        returned = _copy(case, returned.parent)
    before = tree_hashes(returned.parent)
    with Report.open(own, readonly=True) as rep:
        figures_before = rep.value_map()
    out = bounded([ESGDESK, "merge", str(own), str(returned), "--yes"])
    assert out.code == 2 and case["message"] in out.stderr and "nothing was merged" in out.stderr, out
    assert "Traceback" not in out.stderr
    assert _unchanged_but_lock(before, returned)
    with Report.open(own, readonly=True) as rep:
        assert rep.value_map() == figures_before
    REFUSED["merge"].add(case["file"])


IMPORTS = {
    "catalogue_import": ["upgrade", "{report}", "--catalogue", "{source}", "--yes"],
    "history_import": ["history", "import", "{report}", "{source}"],
}


@pytest.mark.parametrize("way", list(IMPORTS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: Path(c["file"]).stem)
def test_nothing_is_imported_from_such_a_file(case: dict[str, Any], way: str, master: Path, tmp_path: Path) -> None:
    """A catalogue (`upgrade --catalogue`) or earlier years (`history import`) taken from another report."""
    own = tmp_path / "master" / "master.esg"
    own.parent.mkdir()
    shutil.copyfile(master, own)
    source = _copy(case, tmp_path / "source")
    before = tree_hashes(source.parent)
    report_before = hashlib.sha256(own.read_bytes()).hexdigest()
    out = bounded([ESGDESK, *(a.format(report=own, source=source) for a in IMPORTS[way])])
    assert plain_refusal(out) and case["message"] in out.stderr, out
    assert _unchanged_but_lock(before, source)
    assert hashlib.sha256(own.read_bytes()).hexdigest() == report_before
    REFUSED[way].add(case["file"])


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def test_the_reported_attack_no_longer_deletes_the_headcount(demo_path: Path) -> None:
    """A trigger on the audit log that deletes both years' headcount on the next edit, as reported."""
    _sqlite(
        demo_path,
        "CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM vals WHERE indicator = 'employees_total'; END",
    )
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    out = bounded([ESGDESK, "set", str(demo_path), "water_total", "20000", "--year", "2023"])
    assert plain_refusal(out) and "trigger 't' on table 'audit'" in out.stderr, out
    out = bounded([ESGDESK, "check", str(demo_path)])
    assert out.code == 1 and "trigger 't' on table 'audit'" in out.stderr, out
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before


def test_check_counts_read_correctly_when_figures_were_deleted_outside_esgdesk(demo_path: Path) -> None:
    with Report.open(demo_path, readonly=True) as rep:
        held = len(rep.value_map())
    _sqlite(demo_path, "DELETE FROM vals WHERE indicator = 'employees_total'")  # what the trigger would have done
    out = bounded([ESGDESK, "check", str(demo_path)])
    assert out.code == 1, out
    n = held - 2
    assert f"{n} figures: {n} of the {n} with an audit entry match it, 2 deleted outside esgdesk" in out.stderr, out
    assert out.stderr.count("was deleted outside esgdesk") == 2
