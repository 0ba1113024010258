"""XBRL: generating the instance of a group report against bare lxml writing the very same facts,
and, for scale, how long Arelle takes to validate that instance.

The baseline is what any exporter must do at least: lxml elements for the contexts, units and
facts (values, decimals, nil) taken from the instance esgdesk wrote (parsed outside the timing),
serialised to a file. esgdesk's side also reads the report, converts units, derives decimals,
evaluates formulas for computed figures and writes the footnotes.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Row, main_size, paired, shared_group_report, wanted

ROWS = ("export_xbrl", "arelle_validate")

XBRLI = "http://www.xbrl.org/2003/instance"


def _extract(path: Path) -> dict[str, Any]:
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    contexts, units, facts = [], [], []
    for el in root:
        tag = etree.QName(el)
        if tag.namespace == XBRLI and tag.localname == "context":
            ident = el.find(f"{{{XBRLI}}}entity/{{{XBRLI}}}identifier")
            assert ident is not None
            contexts.append(
                (
                    el.get("id"),
                    ident.get("scheme"),
                    ident.text,
                    el.findtext(f"{{{XBRLI}}}period/{{{XBRLI}}}startDate"),
                    el.findtext(f"{{{XBRLI}}}period/{{{XBRLI}}}endDate"),
                )
            )
        elif tag.namespace == XBRLI and tag.localname == "unit":
            units.append((el.get("id"), [m.text for m in el.iter(f"{{{XBRLI}}}measure")]))
        elif el.get("contextRef"):
            facts.append((el.tag, el.get("id"), el.get("contextRef"), el.get("unitRef"), el.get("decimals"), el.text))
    return {
        "nsmap": dict(root.nsmap),
        "schema": root[0].get("{http://www.w3.org/1999/xlink}href"),
        "contexts": contexts,
        "units": units,
        "facts": facts,
    }


def _bare(data: dict[str, Any], target: Path) -> None:
    from lxml import etree

    x = f"{{{XBRLI}}}"
    root = etree.Element(f"{x}xbrl", nsmap=data["nsmap"])
    etree.SubElement(
        root,
        "{http://www.xbrl.org/2003/linkbase}schemaRef",
        attrib={"{http://www.w3.org/1999/xlink}type": "simple", "{http://www.w3.org/1999/xlink}href": data["schema"]},
    )
    sub = etree.SubElement
    for cid, scheme, ident, start, end in data["contexts"]:
        c = sub(root, f"{x}context", id=cid)
        sub(sub(c, f"{x}entity"), f"{x}identifier", scheme=scheme).text = ident
        p = sub(c, f"{x}period")
        sub(p, f"{x}startDate").text = start
        sub(p, f"{x}endDate").text = end
    for uid, measures in data["units"]:
        u = sub(root, f"{x}unit", id=uid)
        for m in measures:
            sub(u, f"{x}measure").text = m
    for tag, fid, ctx, unit, dec, text in data["facts"]:
        el = sub(root, tag, id=fid, contextRef=ctx)
        if unit:
            el.set("unitRef", unit)
        if text is None:
            el.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "true")
            continue
        if dec is not None:
            el.set("decimals", dec)
        el.text = text
    target.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def run(quick: bool) -> list[Row]:
    if not (wanted("export_xbrl") or wanted("arelle_validate")):
        return []
    from esgdesk.core.store import Report
    from esgdesk.exports.xbrl import export_xbrl, validate_with_arelle
    from esgdesk.exports.xbrl.instance import instance_bytes
    from esgdesk.exports.xbrl.model import build_model
    from esgdesk.exports.xbrl.profile import load_profile

    entities = main_size(quick)
    source = shared_group_report(entities)
    rows: list[Row] = []
    profile = load_profile()
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-xbrl-") as tmp:
        ours_path = Path(tmp) / "ours.xbrl"
        base_path = Path(tmp) / "bare.xbrl"
        with Report.open(source, readonly=True) as rep:

            def ours() -> None:
                ours_path.write_bytes(instance_bytes(build_model(rep, profile)))

            ours()  # warm-up, and the facts for the baseline
            data = _extract(ours_path)
            # a fifth of a second each: more rounds than the slower cases, or machine noise decides the ratio
            row = paired("export_xbrl", ours, lambda: _bare(data, base_path), repeat=3 if quick else 15)
            t0 = time.perf_counter()
            full = export_xbrl(rep, Path(tmp) / "full")
            full_s = time.perf_counter() - t0
        row.note = (
            f"{entities} entities, {len(data['facts']):,} facts on {len(data['contexts'])} contexts; "
            f"whole export (taxonomy, instance, Inline XBRL, JSON, package) {full_s:.2f} s"
        )
        if wanted("export_xbrl"):
            rows.append(row)
        if wanted("arelle_validate"):
            result = validate_with_arelle(full.instance)
            rows.append(
                Row(
                    "arelle_validate",
                    result.seconds,
                    row.esgdesk,
                    note=f"Arelle offline, UTR and Calculations 1.1, in its own process, against the "
                    f"instance generation time; {result.summary()}",
                )
            )
    return rows
