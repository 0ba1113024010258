"""The broken-file corpus (corpus/make_corpus.py): every file is refused with a clear message, under
a bound on memory and time, and nothing on disk changes."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.errors import CatalogueError, ReportFileError, UnusableInput
from esgdesk.core.safexml import parse_xml
from esgdesk.core.store import Report
from tests.reliability.limits import SECONDS, bounded, plain_refusal
from tests.reliability.support import ESGDESK, record, tree_hashes

CORPUS = Path(__file__).with_name("corpus")
CASES: dict[str, Any] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
SECRET = Path(CASES["secret_file"])
SECRET_TEXT = CASES["secret_text"]
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of nothing
TALLY: dict[str, list[float]] = {"reports": [], "catalogues": [], "workbooks": [], "xml": []}


@pytest.fixture(autouse=True, scope="module")
def _secret_and_figures() -> Any:
    # The file external entities point at: its text must never appear in any output.
    SECRET.write_text(SECRET_TEXT, encoding="utf-8")
    yield
    SECRET.unlink(missing_ok=True)
    record(
        "hostile_files",
        tried=sum(len(CASES[k]) for k in TALLY),
        **{f"{k}_refused": len(v) for k, v in TALLY.items()},
        slowest_seconds=round(max((t for v in TALLY.values() for t in v), default=0.0), 2),
        time_bound_seconds=SECONDS,
        memory_bound_mb=1536,
        changed_on_disk=0,
    )


def _copy(rel: str, tmp: Path) -> Path:
    src = CORPUS / rel
    dst = tmp / "in" / src.name
    dst.parent.mkdir()
    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        shutil.copyfile(src, dst)
    return dst


@pytest.mark.parametrize("case", CASES["reports"], ids=lambda c: c["file"])
def test_broken_report_is_refused(case: dict[str, str], tmp_path: Path) -> None:
    path = _copy(case["file"], tmp_path)
    before = tree_hashes(path.parent)
    with pytest.raises(ReportFileError) as exc:
        Report.open(path)
    assert case["message"] in exc.value.message, exc.value.message
    with pytest.raises(ReportFileError):
        Report.open(path, readonly=True)
    out = bounded([ESGDESK, "set", str(path), "staff", "5"])
    if path.is_dir():  # refused before anything is opened: unusable input, exit 2, saying it is a folder
        assert out.code == 2 and case["message"] in out.stderr and "Traceback" not in out.stderr, out
    else:
        assert plain_refusal(out), out
    after = tree_hashes(path.parent)
    # The only trace allowed is the empty lock file a writer takes before reading the header.
    lock = str(path.with_name(f".{path.name}.lock"))
    assert {k: v for k, v in after.items() if k != lock} == before
    assert after.get(lock, EMPTY) == EMPTY
    TALLY["reports"].append(out.seconds)


@pytest.mark.parametrize("case", CASES["catalogues"], ids=lambda c: c["folder"])
def test_broken_catalogue_names_file_indicator_and_problem(case: dict[str, Any], tmp_path: Path) -> None:
    forms = _copy(case["folder"], tmp_path)
    before = tree_hashes(forms)
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(forms)
    err = exc.value
    assert err.file is not None and Path(err.file) == forms / case["file"], err
    assert err.indicator == case["indicator"], err
    assert case["message"] in err.message, err.message
    out = bounded([ESGDESK, "catalogue-check", str(forms)])
    assert plain_refusal(out), out
    assert case["file"].split("/")[-1] in out.stderr and case["message"] in out.stderr
    assert tree_hashes(forms) == before
    TALLY["catalogues"].append(out.seconds)


PREVIEW = """
import json, sys
from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.errors import EsgdeskError
from esgdesk.core.store import Report
from esgdesk.exports.xlsx_import import preview_import
rep = Report.open(sys.argv[1])
try:
    preview_import(rep, sys.argv[2])
    print(json.dumps({"refused": False}))
except EsgdeskError as exc:
    print(json.dumps({"refused": True, "kind": type(exc).__name__, "message": str(exc)}))
"""


@pytest.fixture
def small_report(tmp_path: Path) -> Path:
    path = tmp_path / "target" / "report.esg"
    with Report.create(
        path, load_catalogue(CORPUS.parents[1] / "data" / "mini_forms"), company="ACME Ltd", year=2023, entity_id="acme"
    ) as rep:
        rep.set_text("staff", "42")
    return path


@pytest.mark.parametrize("case", CASES["workbooks"], ids=lambda c: c["file"])
def test_hostile_workbook_is_refused(case: dict[str, str], tmp_path: Path, small_report: Path) -> None:
    book = _copy(case["file"], tmp_path)
    before = tree_hashes(book.parent, small_report.parent)
    out = bounded([sys.executable, "-c", PREVIEW, str(small_report), str(book)])
    assert out.code == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["refused"] and result["kind"] == "UnusableInput", result
    assert case["message"] in result["message"]
    assert SECRET_TEXT not in out.stdout + out.stderr
    cli = bounded([ESGDESK, "import", str(small_report), str(book), "--yes"])
    assert plain_refusal(cli), cli
    assert SECRET_TEXT not in cli.stdout + cli.stderr
    assert tree_hashes(book.parent, small_report.parent) == before
    TALLY["workbooks"].append(max(out.seconds, cli.seconds))


XML = """
import sys
from pathlib import Path
from esgdesk.core.errors import UnusableInput
from esgdesk.core.safexml import parse_xml
try:
    root = parse_xml(Path(sys.argv[1]).read_bytes(), where=sys.argv[1])
    print("READ", (root.text or "")[:200])
except UnusableInput as exc:
    print("REFUSED", exc)
"""


@pytest.mark.parametrize("case", CASES["xml"], ids=lambda c: c["file"])
def test_hostile_xml_is_refused(case: dict[str, str], tmp_path: Path) -> None:
    doc = _copy(case["file"], tmp_path)
    before = tree_hashes(doc.parent)
    out = bounded([sys.executable, "-c", XML, str(doc)])
    assert out.code == 0, out.stderr[-2000:]
    assert out.stdout.startswith("REFUSED"), out.stdout[:300]
    assert SECRET_TEXT not in out.stdout
    with pytest.raises(UnusableInput):
        parse_xml(doc.read_bytes())
    assert tree_hashes(doc.parent) == before
    TALLY["xml"].append(out.seconds)
