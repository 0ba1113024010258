"""xBRL-JSON (the Open Information Model's JSON form) of the same facts as the instance."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from esgdesk.exports.xbrl.model import NAMESPACES, XbrlModel, XContext

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
ARC_FACT_FOOTNOTE = "http://www.xbrl.org/2003/arcrole/fact-footnote"
ROLE_LINK = "http://www.xbrl.org/2003/role/link"


def _period(c: XContext) -> str:
    # OIM periods are instants: a year runs from 1 January 00:00 to the next 1 January 00:00
    return f"{date(c.year, 1, 1).isoformat()}T00:00:00/{date(c.year + 1, 1, 1).isoformat()}T00:00:00"


def oim_document(model: XbrlModel) -> dict[str, Any]:
    namespaces: dict[str, str] = {
        "xbrl": "https://xbrl.org/2021",
        "xbrli": NAMESPACES["xbrli"],
        model.prefix: model.namespace,
    }
    scheme_prefix: dict[str, str] = {}
    for ctx in model.contexts:
        if ctx.scheme not in scheme_prefix:
            p = "scheme" if not scheme_prefix else f"scheme{len(scheme_prefix) + 1}"
            scheme_prefix[ctx.scheme] = p
            namespaces[p] = ctx.scheme
    for u in model.units.values():
        for m in (*u.numerator, *u.denominator):
            p = m.split(":")[0]
            namespaces.setdefault(p, NAMESPACES[p])
    facts: dict[str, Any] = {}
    for f in model.facts:
        c = f.concept
        dims: dict[str, str] = {
            "concept": f"{model.prefix}:{c.name}",
            "entity": f"{scheme_prefix[f.context.scheme]}:{f.context.identifier}",
            "period": _period(f.context),
        }
        if c.unit is not None and c.unit.oim != "xbrli:pure":  # pure is the default unit, never written
            dims["unit"] = c.unit.oim
        entry: dict[str, Any] = {"value": f.value}
        if f.value is not None and f.decimals is not None:
            entry["decimals"] = f.decimals
        entry["dimensions"] = dims
        if f.footnotes:
            entry["links"] = {"footnote": {"_": list(f.footnotes)}}
        facts[f.id] = entry
    for fn in model.footnotes.values():
        facts[fn.id] = {"value": fn.text, "dimensions": {"concept": "xbrl:note", "noteId": fn.id, "language": fn.lang}}
    return {
        "documentInfo": {
            "documentType": DOCUMENT_TYPE,
            "namespaces": dict(sorted(namespaces.items())),
            "linkTypes": {"footnote": ARC_FACT_FOOTNOTE},
            "linkGroups": {"_": ROLE_LINK},
            "taxonomy": [model.schema_file],
        },
        "facts": facts,
    }


def oim_bytes(model: XbrlModel) -> bytes:
    return json.dumps(oim_document(model), ensure_ascii=False, indent=1).encode("utf-8")
