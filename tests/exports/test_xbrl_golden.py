"""The demo's XBRL export against golden files of its structure, and the same export twice.

The golden files record what the export means (concepts, labels, order, arcs, references,
units, contexts, facts, footnotes, package), not its bytes. After an intended change,
regenerate them with `ESGDESK_UPDATE_GOLDEN=1` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.store import Report
from esgdesk.core.values import Status
from esgdesk.exports.xbrl import export_xbrl
from tests.exports.xbrl_helpers import PARTS, structure

GOLDEN = Path(__file__).parent / "golden_xbrl"


@pytest.fixture(scope="module")
def demo_structure(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with Report.open(demo_master, readonly=True) as rep:
        return structure(export_xbrl(rep, tmp_path_factory.mktemp("golden") / "xbrl"))


def _normal(data: Any) -> Any:
    """What the data reads back as from JSON (tuples become lists)."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("part", PARTS)
def test_structure_matches_the_golden_file(demo_structure: dict[str, Any], part: str) -> None:
    path = GOLDEN / f"{part}.json"
    got = _normal(demo_structure[part])
    if os.environ.get("ESGDESK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want


def test_golden_files_hold_what_an_auditor_checks(demo_structure: dict[str, Any], demo_master: Path) -> None:
    # the golden files are only worth comparing against if they hold the demo's real content
    with Report.open(demo_master, readonly=True) as rep:
        disclosed = sum(v.status in (Status.REPORTED, Status.NOT_APPLICABLE) for v in rep.value_map().values())
    facts = demo_structure["facts"]
    assert len(facts) >= disclosed > 100
    assert any(f[4] is None for f in facts), "a not-applicable figure is a nil fact"
    assert demo_structure["footnotes"], "qualifiers and reasons become footnotes"
    assert demo_structure["calculation"], "additive breakdowns become calculation arcs"
    zh = [c for c, langs in demo_structure["labels"].items() if "zh" in langs]
    assert len(zh) == len(demo_structure["labels"])
    assert demo_structure["package"]["taxonomyPackage"]["publicationDate"] == "2023-12-31"


def test_the_same_report_exports_to_the_same_bytes(demo_master: Path, tmp_path: Path) -> None:
    with Report.open(demo_master, readonly=True) as rep:
        first = export_xbrl(rep, tmp_path / "a")
        second = export_xbrl(rep, tmp_path / "b")
    for a, b in zip(first.files, second.files, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), a.name
