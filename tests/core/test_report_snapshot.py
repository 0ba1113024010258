"""A report's catalogue snapshot and header are data from disk: read fast when esgdesk wrote them,
and still refused, with the same message, when they are damaged or hostile."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from esgdesk.core import typed_json
from esgdesk.core.catalogue import Catalogue, read_snapshot
from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import Report, ReportMeta

Edit = Callable[[dict[str, Any]], None]


def _first_indicator(d: dict[str, Any]) -> dict[str, Any]:
    ind: dict[str, Any] = d["areas"][0]["sections"][0]["indicator"][0]
    return ind


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        path(d)[key] = value

    return edit


# Each of these makes the snapshot something no catalogue can be.
BROKEN: dict[str, Edit] = {
    "id not a word": _set(_first_indicator, "id", "Not An Id"),
    "id with a line break": _set(_first_indicator, "id", "water\n"),
    "label a number": _set(_first_indicator, "label", 5),
    "unknown field": _set(_first_indicator, "colour", "red"),
    "formula does not parse": _set(_first_indicator, "formula", "1 +"),
    "min above max": lambda d: _first_indicator(d).update(min=10.0, max=1.0),
    "decimals out of range": _set(_first_indicator, "decimals", 99),
    "unknown type": _set(_first_indicator, "type", "colour"),
    "unit factor zero": lambda d: d["units"][0].update(factor=0.0),
    "areas missing": lambda d: d.pop("areas"),
    "indicators not a list": lambda d: d["areas"][0]["sections"][0].update(indicator={"a": 1}),
}


def _snapshot(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        text: str = db.execute("SELECT json FROM catalogue").fetchone()[0]
        return text
    finally:
        db.close()


def _replace_snapshot(path: Path, text: str) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE catalogue SET json = ?", (text,))
    db.close()


def test_the_snapshot_esgdesk_writes_is_read_to_what_pydantic_validates(demo_master: Path) -> None:
    text = _snapshot(demo_master)
    strict = typed_json.loads(Catalogue, text)  # raises NotPlain if it had to give up
    assert strict == Catalogue.model_validate_json(text)
    assert strict.fingerprint == Catalogue.model_validate_json(text).fingerprint
    assert len(strict.indicators) == 189


@pytest.mark.parametrize("what", sorted(BROKEN))
def test_a_broken_snapshot_is_refused_on_open(demo_path: Path, what: str) -> None:
    data = json.loads(_snapshot(demo_path))
    BROKEN[what](data)
    _replace_snapshot(demo_path, json.dumps(data))
    with pytest.raises(ValidationError):
        Catalogue.model_validate_json(json.dumps(data))  # the test's premise: no catalogue at all
    with pytest.raises(ReportFileError, match="header is damaged"):
        Report.open(demo_path).close()


@pytest.mark.parametrize("text", ["NaN", "Infinity", "1e999"])
def test_non_finite_numbers_are_refused(demo_path: Path, text: str) -> None:
    raw = _snapshot(demo_path)
    head = json.loads(raw)
    head["units"][0]["factor"] = 123456.0
    raw = json.dumps(head, ensure_ascii=False).replace("123456.0", text, 1)
    _replace_snapshot(demo_path, raw)
    with pytest.raises(ReportFileError, match="header is damaged"):
        Report.open(demo_path).close()


def test_what_only_pydantics_lax_rules_accept_still_opens(demo_path: Path) -> None:
    data = json.loads(_snapshot(demo_path))
    _first_indicator(data)["decimals"] = "2"  # a string where esgdesk writes a number
    text = json.dumps(data, ensure_ascii=False)
    with pytest.raises(typed_json.NotPlain):
        typed_json.loads(Catalogue, text)
    _replace_snapshot(demo_path, text)
    with Report.open(demo_path) as rep:
        assert rep.catalogue == Catalogue.model_validate_json(text)
        assert next(rep.catalogue.ordered_indicators()).decimals == 2


def test_escaped_lone_surrogates_are_left_to_pydantic() -> None:
    with pytest.raises(typed_json.NotPlain):
        typed_json.loads(Catalogue, '{"id": "x\\ud800"}')


def test_whatever_the_fast_reader_accepts_pydantic_accepts_the_same(demo_master: Path) -> None:
    base = json.loads(_snapshot(demo_master))
    variants: list[dict[str, Any]] = []
    for edit in BROKEN.values():
        d = json.loads(json.dumps(base))
        edit(d)
        variants.append(d)
    ok = json.loads(json.dumps(base))
    ok["units"][0]["aliases"] = ["another"]
    variants.append(ok)
    for d in variants:
        text = json.dumps(d, ensure_ascii=False)
        try:
            fast = typed_json.loads(Catalogue, text)
        except typed_json.NotPlain:
            continue
        assert fast == Catalogue.model_validate_json(text)
    assert read_snapshot(json.dumps(ok)).units[0].aliases == ("another",)


def test_the_header_is_read_and_refused_the_same_way() -> None:
    good = {
        "report_id": "r",
        "company": "ACME",
        "entity": "acme",
        "year": 2023,
        "created_at": "2024-01-01T00:00:00Z",
        "created_by": "me",
        "app_version": "1",
        "extra": {"k": "v"},
    }
    meta = typed_json.loads(ReportMeta, json.dumps(good))
    assert meta == ReportMeta.model_validate(good)
    assert meta.currency == "CNY" and meta.kind == "master"
    for bad in (
        {**good, "year": True},
        {**good, "extra": {"k": 1}},
        {**good, "surprise": 1},
        {k: v for k, v in good.items() if k != "year"},
    ):
        with pytest.raises(typed_json.NotPlain):
            typed_json.loads(ReportMeta, json.dumps(bad))


def test_a_header_with_a_lax_year_opens_and_a_wrong_one_is_refused(demo_path: Path) -> None:
    db = sqlite3.connect(demo_path)
    head = json.loads(db.execute("SELECT value FROM meta WHERE key = 'meta'").fetchone()[0])
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'meta'", (json.dumps({**head, "year": "2023"}),))
    with Report.open(demo_path) as rep:
        assert rep.year == 2023
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'meta'", (json.dumps({**head, "year": "soon"}),))
    db.close()
    with pytest.raises(ReportFileError, match="header is damaged"):
        Report.open(demo_path).close()


def test_opening_a_report_does_not_import_pydantic(demo_master: Path) -> None:
    script = (
        "import sys; from esgdesk.core.store import Report\n"
        f"rep = Report.open({str(demo_master)!r}, readonly=True)\n"
        "print(len(rep.catalogue.indicators), rep.get('water_total') is not None, 'pydantic' in sys.modules)\n"
        "rep.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["189", "True", "False"]


def test_finite_check_matches_pydantic_on_large_integers() -> None:
    with pytest.raises(typed_json.NotPlain):
        typed_json.build(float, 2**60 + 1)  # not exactly a float: pydantic decides
    assert typed_json.build(float, 3) == 3.0 and not math.isnan(typed_json.build(float, 0.5))


def test_the_strict_reader_sees_every_field_as_typing_does() -> None:
    # It evaluates the fields' annotations itself (once per text), which must never differ from typing's.
    import dataclasses
    import typing

    seen: set[type] = set()

    def walk(tp: Any) -> None:
        for arg in typing.get_args(tp):
            walk(arg)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in seen:
            seen.add(tp)
            mine = typed_json._field_types(tp)
            hints = typing.get_type_hints(tp, include_extras=True)  # the fields' and the class variables'
            assert mine == {f.name: hints[f.name] for f in dataclasses.fields(tp)}, tp.__name__
            for field_type in mine.values():
                walk(field_type)

    walk(Catalogue)
    walk(ReportMeta)
    assert len(seen) >= 18  # the whole catalogue down to its texts, and the report's header
