"""The workbook's topic index sheet of a framework the template defines (the exchanges' guideline):
its columns and the cells of one row, from `esgdesk.core.indexes`."""

from __future__ import annotations

from typing import Any

from esgdesk.core.catalogue import Catalogue, Text
from esgdesk.core.indexes import FrameworkIndex, IndexRow
from esgdesk.exports.xlsx_profile import Column

SHEET_TITLE = Text(en="Topic index", zh="议题索引")
TITLE = Text(en="{company}: topic index — {framework}", zh="{company}：议题索引——{framework}")
UNCONFIRMED = Text(
    en="* Article numbers not yet checked against the guideline's official text.",
    zh="* 条款号尚未与指引正式文本核对。",
)
COLUMNS = (
    Column(key="pillar", title=Text(en="Dimension", zh="维度"), width=14),
    Column(key="topic", title=Text(en="Topic", zh="议题"), width=30),
    Column(key="article", title=Text(en="Article", zh="条款"), width=14),
    Column(key="level", title=Text(en="Requirement", zh="披露要求"), width=14),
    Column(key="status", title=Text(en="Status", zh="披露情况"), width=16),
    Column(key="where", title=Text(en="Where disclosed", zh="披露位置"), width=40),
    Column(key="indicators", title=Text(en="Indicators disclosed", zh="已披露指标"), width=50),
    Column(key="reason", title=Text(en="Reason not applicable", zh="不适用原因"), width=40),
)
_LEVEL = {True: Text(en="Required", zh="应当披露"), False: Text(en="Encouraged", zh="鼓励披露")}


def row_cells(cat: Catalogue, row: IndexRow, lang: str) -> dict[str, Any]:
    return {
        "pillar": row.pillar.get(lang) if row.pillar else "",
        "topic": row.title.get(lang),
        "article": row.reference.get(lang) + ("" if row.confirmed else " *"),
        "level": _LEVEL[row.required].get(lang),
        "status": row.status_text(lang),
        "where": "; ".join(w.get(lang) for w in row.where),
        "indicators": "; ".join(cat.indicators[i].label.get(lang) for i in row.indicators),
        "reason": "; ".join(row.reasons),
    }


def has_unconfirmed(index: FrameworkIndex) -> bool:
    return any(not r.confirmed for r in index.rows)
