"""The bundled demo: LUSTER LightTech's published 2023 ESG report, 2023 as the current year
and 2022 as the prior year, with the printed qualifiers and "\\" kept and lost values left empty."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import UnusableInput
from esgdesk.core.store import Report
from esgdesk.core.templates import DEMO_TEMPLATE, create_report, load_template
from esgdesk.core.values import Change, Key, Qualifier, Status, Value
from esgdesk.resources import templates_dir

SEED = "luster-2023/luster-2023-kpis.json"
SOURCE = "published report"
NOT_APPLICABLE_REASON = "Printed as \\ (not applicable) in the published report"
NOT_DISCLOSED_REASON = "Not disclosed for this year in the published report"
ENTITY = "luster"
SCHEME = "http://www.sse.com.cn"

_QUALIFIERS = {"more_than": Qualifier.MORE_THAN, "approximately": Qualifier.APPROXIMATELY}


def load_seed(path: Path | None = None) -> dict[str, Any]:
    path = path or templates_dir() / SEED
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnusableInput(f"the demo data cannot be read: {exc}", where=str(path)) from None
    return data


def seed_indicators(seed: dict[str, Any]) -> list[dict[str, Any]]:
    return [ind for area in seed["sections"] for sub in area["subsections"] for ind in sub["indicators"]]


def demo_changes(report: Report, seed: dict[str, Any]) -> list[Change]:
    """Every printed figure of the seed, read by the same parser people type into."""
    changes: list[Change] = []
    for item in seed_indicators(seed):
        ind_id = item["id"]
        if ind_id not in report.catalogue.indicators:
            raise UnusableInput(f"the demo names indicator '{ind_id}' that the catalogue lacks")
        for year_s, printed in item["values_as_printed"].items():
            year = int(year_s)
            missing = (item.get("missing") or {}).get(year_s)
            value: Value | None
            if printed is None:
                if missing == "not_disclosed_for_year":
                    value = Value(status=Status.NOT_REPORTED, reason=NOT_DISCLOSED_REASON)
                else:
                    continue  # lost when the report was turned into text: kept missing, never invented
            elif printed.strip() == "\\":
                value = Value(status=Status.NOT_APPLICABLE, entered="\\", reason=NOT_APPLICABLE_REASON)
            else:
                parsed = report.parse(ind_id, printed)
                if parsed is None:
                    continue
                q = (item.get("qualifiers") or {}).get(year_s)
                if q and parsed.qualifier == Qualifier.NONE:
                    qual = next((v for k, v in _QUALIFIERS.items() if q.startswith(k)), Qualifier.NONE)
                    parsed = parsed.with_changes(qualifier=qual)
                value = parsed
            changes.append(Change(Key(report.entity, ind_id, year), None, value, None, SOURCE))
    return changes


def write_demo(
    path: Path | str, *, catalogue: Catalogue | None = None, overwrite: bool = False, user: str | None = None
) -> Path:
    seed = load_seed()
    tpl = load_template(DEMO_TEMPLATE)
    if catalogue is not None:
        tpl = dataclasses.replace(tpl, catalogue=catalogue)
    info = seed["report"]
    year = int(info["reporting_period"]["end"][:4])
    report = create_report(
        path,
        tpl,
        company=info["company"],
        company_zh=info.get("company_short_name_zh", ""),
        year=year,
        entity_id=ENTITY,
        identifier=info["stock_code"],
        scheme=SCHEME,
        currency="CNY",
        user=user,
        overwrite=overwrite,
    )
    try:
        report.apply(demo_changes(report, seed), allow_computed=True, batch_source=SOURCE, batch_note={"seed": SEED})
        report.mark_published(year - 1, source=SOURCE)  # 2022 was published in the 2022 report
        return report.path
    finally:
        report.close()
