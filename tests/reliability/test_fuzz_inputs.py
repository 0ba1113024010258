"""Property-based: any mutation of a catalogue or of a report file gives a usable result or a clear
refusal (an EsgdeskError naming the file), never another exception, and never a change on disk."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esgdesk.core.catalogue import Catalogue, load_catalogue
from esgdesk.core.errors import CatalogueError, EsgdeskError
from esgdesk.core.store import Report
from tests.reliability.support import ROOT, record

MINI = ROOT / "tests" / "data" / "mini_forms"
FILES = ["catalogue.toml", "units.toml", "env/energy.toml", "env/money.toml"]
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TALLY = {"catalogues": 0, "catalogues_refused": 0, "reports": 0, "reports_refused": 0}

TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).replace("inf", "inf").lower()),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["true", "false", "[]", "{}", '""', "nan", "-inf", "1979-05-27", '{ en = "x" }', "[1, 2]"]),
)


@st.composite
def catalogue_mutation(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(FILES))
    text = (MINI / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    kind = draw(st.sampled_from(["value", "drop", "dup", "bytes"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "value" and "=" in lines[i]:
        key = lines[i].split("=", 1)[0]
        lines[i] = f"{key}= {draw(TOML_SCALARS)}"
    elif kind == "drop":
        del lines[i]
    elif kind == "dup":
        lines.insert(i, lines[i])
    else:
        lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + draw(st.text(max_size=8))
    return rel, "\n".join(lines) + "\n"


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


@_SETTINGS
@given(catalogue_mutation())
def test_any_catalogue_loads_or_is_refused_with_a_file_named(mutation: tuple[str, str]) -> None:
    rel, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        forms = Path(tmp) / "forms"
        shutil.copytree(MINI, forms)
        (forms / rel).write_text(text, encoding="utf-8")
        before = _digest(forms)
        TALLY["catalogues"] += 1
        try:
            cat = load_catalogue(forms)
        except CatalogueError as exc:
            TALLY["catalogues_refused"] += 1
            assert exc.file and Path(exc.file).is_relative_to(forms), exc
            assert exc.message.strip()
        else:
            assert isinstance(cat, Catalogue) and cat.indicators
        assert _digest(forms) == before


@pytest.fixture(scope="module")
def good_report(tmp_path_factory: pytest.TempPathFactory, mini_catalogue: Catalogue) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "good.esg"
    with Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme") as rep:
        rep.set_text("electricity", "1,200 kWh")
        rep.set_text("staff", "42")
        rep.set_text("ph", "6-9")
        rep.set_explanation("staff", "hired for the new line")
    return path


# Positions are drawn independently of the file's size (it varies a little between runs) and
# folded into it; most of a fresh report is empty pages, so the first pages are favoured.
FLIPS = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255), st.booleans()), min_size=1, max_size=30)


@_SETTINGS
@given(flips=FLIPS, cut=st.none() | st.integers(0, 2**20))
def test_any_damaged_report_opens_or_is_refused(
    good_report: Path, flips: list[tuple[int, int, bool]], cut: int | None
) -> None:
    raw = bytearray(good_report.read_bytes())
    for at, byte, early in flips:
        raw[at % (16384 if early else len(raw))] = byte
    content = bytes(raw[: cut % (len(raw) + 1)] if cut is not None else raw)
    TALLY["reports"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.esg"
        path.write_bytes(content)
        for readonly in (True, False):
            try:
                with Report.open(path, readonly=readonly) as rep:
                    # Whatever opened must also be readable through the API, or refuse clearly.
                    rep.value_map()
                    list(rep.values())
                    rep.audit_log()
            except EsgdeskError as exc:
                assert exc.message.strip() and exc.where == str(path), exc
                if readonly:
                    TALLY["reports_refused"] += 1
            if readonly:
                assert path.read_bytes() == content  # reading never writes


def test_zz_record_fuzz_figures() -> None:
    record("fuzz", **TALLY)
