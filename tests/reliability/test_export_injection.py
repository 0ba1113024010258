"""What users typed never becomes a live formula in an exported workbook, nor markup in exported XML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esgdesk.core.safexml import parser
from esgdesk.core.store import Report
from tests.reliability.support import record

PAYLOADS = [
    '=HYPERLINK("http://x.invalid","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]
MARKUP = "<script>alert(1)</script> & <![CDATA[x]]> &amp; ]]>"


@pytest.fixture
def hostile(demo: Report) -> Report:
    demo.set_text("timely_incentives_amount", PAYLOADS[0], why=PAYLOADS[1])
    demo.set_explanation("customers_served", PAYLOADS[2] + " " + MARKUP)
    demo.set_explanation("new_products_released", PAYLOADS[3])
    demo.set_explanation("timely_incentives_amount", MARKUP)
    return demo


def test_workbook_never_carries_a_formula_from_user_text(hostile: Report, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from esgdesk.exports.xlsx import export_workbook

    path = export_workbook(hostile, tmp_path / "out.xlsx")
    wb = load_workbook(path)
    found: set[str] = set()
    formulas = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f":
                    formulas += 1
                    assert not any(p.lstrip("=+-@") in str(v) for p in PAYLOADS), (ws.title, cell.coordinate, v)
                elif isinstance(v, str):
                    found.update(p for p in [*PAYLOADS, MARKUP] if p in v)
    wb.close()
    # The texts are in the workbook, as text.
    assert found >= {PAYLOADS[0], PAYLOADS[2], PAYLOADS[3]}, found
    record("export_workbook_injection", payloads=len(PAYLOADS), live_formulas_from_users=0)


def test_xbrl_escapes_everything_users_typed(hostile: Report, tmp_path: Path) -> None:
    from lxml import etree

    from esgdesk.exports.xbrl.export import export_xbrl

    result = export_xbrl(hostile, tmp_path / "xbrl")
    texts: list[str] = []
    checked = 0
    for f in result.files:
        data = f.read_bytes()
        if f.suffix in (".xml", ".xbrl", ".xhtml", ".html", ".xsd"):
            assert b"<script" not in data, f.name
            root = etree.fromstring(data, parser())
            assert not [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "script"]
            texts.extend(str(t) for t in root.itertext())
            checked += 1
        elif f.suffix == ".json":
            texts.append(json.dumps(json.loads(data), ensure_ascii=False))
            checked += 1
    assert checked >= 2
    blob = "\n".join(texts)
    assert PAYLOADS[0] in blob or json.dumps(PAYLOADS[0])[1:-1] in blob
    record("export_xbrl_escaping", files_checked=checked, markup_from_users=0)
