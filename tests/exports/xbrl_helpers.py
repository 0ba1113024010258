"""The structure of an XBRL export, read from its files the way another processor reads them.

Locators are resolved to concept names, arcs to ordered parent/child lists and fact ids to
(concept, context) pairs, so the structure says what the files mean and not how they happen
to be spelled (element order, generated ids, whitespace).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from esgdesk.exports.xbrl import XbrlExport

XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
TP = "http://xbrl.org/2016/taxonomy-package"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"

PARTS = (
    "concepts",
    "labels",
    "presentation",
    "calculation",
    "references",
    "units",
    "contexts",
    "facts",
    "footnotes",
    "package",
)


def _x(attr: str) -> str:
    return f"{{{XLINK}}}{attr}"


def _short(uri: str | None) -> str:
    return (uri or "").rstrip("/").rsplit("/", 1)[-1]


def _parse(path: Path) -> etree._Element:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def _ids(schema: etree._Element) -> dict[str, str]:
    return {el.get("id", ""): el.get("name", "") for el in schema.iter(f"{{{XS}}}element") if el.get("id")}


def _locators(link: etree._Element, ids: dict[str, str]) -> dict[str, str]:
    """xlink:label of each loc -> the concept's name."""
    return {
        loc.get(_x("label"), ""): ids[loc.get(_x("href"), "").split("#", 1)[1]] for loc in link.iter(f"{{{LINK}}}loc")
    }


def concepts(schema: etree._Element) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for el in schema.iter(f"{{{XS}}}element"):
        if not el.get("substitutionGroup"):
            continue
        entry = {
            "type": el.get("type", ""),
            "periodType": el.get(f"{{{XBRLI}}}periodType", ""),
            "substitutionGroup": el.get("substitutionGroup", ""),
            "nillable": el.get("nillable", "false"),
        }
        for attr, key in ((f"{{{XBRLI}}}balance", "balance"), ("abstract", "abstract")):
            if el.get(attr) is not None:
                entry[key] = el.get(attr, "")
        out[el.get("name", "")] = entry
    return out


def labels(lab: etree._Element, ids: dict[str, str]) -> dict[str, dict[str, dict[str, str]]]:
    """concept -> language -> label role -> text."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for link in lab.iter(f"{{{LINK}}}labelLink"):
        locs = _locators(link, ids)
        resources: dict[str, list[etree._Element]] = {}
        for res in link.iter(f"{{{LINK}}}label"):
            resources.setdefault(res.get(_x("label"), ""), []).append(res)
        for arc in link.iter(f"{{{LINK}}}labelArc"):
            concept = locs[arc.get(_x("from"), "")]
            for res in resources[arc.get(_x("to"), "")]:
                by_lang = out.setdefault(concept, {}).setdefault(res.get(XML_LANG, ""), {})
                by_lang[_short(res.get(_x("role")))] = res.text or ""
    return out


def _tree(
    linkbase: etree._Element, link_tag: str, arc_tag: str, ids: dict[str, str], extra: tuple[str, ...]
) -> dict[str, dict[str, list[list[str]]]]:
    """role -> parent concept -> [child, extra attributes...] in the arcs' order."""
    out: dict[str, dict[str, list[list[str]]]] = {}
    for link in linkbase.iter(f"{{{LINK}}}{link_tag}"):
        locs = _locators(link, ids)
        arcs: dict[str, list[tuple[float, list[str]]]] = {}
        for arc in link.iter(f"{{{LINK}}}{arc_tag}"):
            child = [
                locs[arc.get(_x("to"), "")],
                *(_short(arc.get(a)) if a == "preferredLabel" else arc.get(a, "") for a in extra),
            ]
            arcs.setdefault(locs[arc.get(_x("from"), "")], []).append((float(arc.get("order", "1")), child))
        out[_short(link.get(_x("role")))] = {
            p: [c for _, c in sorted(cs, key=lambda t: t[0])] for p, cs in arcs.items()
        }
    return out


def references(ref: etree._Element, ids: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for link in ref.iter(f"{{{LINK}}}referenceLink"):
        locs = _locators(link, ids)
        resources: dict[str, list[etree._Element]] = {}
        for res in link.iter(f"{{{LINK}}}reference"):
            resources.setdefault(res.get(_x("label"), ""), []).append(res)
        for arc in link.iter(f"{{{LINK}}}referenceArc"):
            concept = locs[arc.get(_x("from"), "")]
            for res in resources[arc.get(_x("to"), "")]:
                out.setdefault(concept, []).append({etree.QName(p).localname: p.text or "" for p in res})
    return out


def instance_parts(instance: etree._Element) -> dict[str, Any]:
    units: dict[str, dict[str, list[str]]] = {}
    contexts: dict[str, dict[str, str]] = {}
    facts: list[list[Any]] = []
    by_id: dict[str, str] = {}
    for el in instance:
        q = etree.QName(el)
        if q.namespace == XBRLI and q.localname == "context":
            ident = el.find(f"{{{XBRLI}}}entity/{{{XBRLI}}}identifier")
            assert ident is not None
            contexts[el.get("id", "")] = {
                "scheme": ident.get("scheme", ""),
                "identifier": ident.text or "",
                "start": el.findtext(f"{{{XBRLI}}}period/{{{XBRLI}}}startDate") or "",
                "end": el.findtext(f"{{{XBRLI}}}period/{{{XBRLI}}}endDate") or "",
            }
        elif q.namespace == XBRLI and q.localname == "unit":
            num = el.find(f"{{{XBRLI}}}divide/{{{XBRLI}}}unitNumerator")
            den = el.find(f"{{{XBRLI}}}divide/{{{XBRLI}}}unitDenominator")
            if num is not None and den is not None:
                units[el.get("id", "")] = {
                    "numerator": [m.text or "" for m in num],
                    "denominator": [m.text or "" for m in den],
                }
            else:
                units[el.get("id", "")] = {"measures": [m.text or "" for m in el]}
        elif el.get("contextRef"):
            nil = el.get(XSI_NIL) == "true"
            key = f"{q.localname}@{el.get('contextRef')}"
            by_id[el.get("id", "")] = key
            facts.append(
                [q.localname, el.get("contextRef"), el.get("unitRef"), el.get("decimals"), None if nil else el.text]
            )
    footnotes: dict[str, list[str]] = {}
    for link in instance.iter(f"{{{LINK}}}footnoteLink"):
        facts_at = {
            loc.get(_x("label"), ""): by_id[loc.get(_x("href"), "").lstrip("#")] for loc in link.iter(f"{{{LINK}}}loc")
        }
        notes = {fn.get(_x("label"), ""): f"[{fn.get(XML_LANG)}] {fn.text}" for fn in link.iter(f"{{{LINK}}}footnote")}
        for arc in link.iter(f"{{{LINK}}}footnoteArc"):
            footnotes.setdefault(facts_at[arc.get(_x("from"), "")], []).append(notes[arc.get(_x("to"), "")])
    facts.sort(key=lambda f: (f[0], f[1]))
    return {
        "units": units,
        "contexts": contexts,
        "facts": facts,
        "footnotes": {k: sorted(v) for k, v in footnotes.items()},
    }


def package(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        names = sorted(zf.namelist())
        meta = next(n for n in names if n.endswith("META-INF/taxonomyPackage.xml"))
        tp = etree.fromstring(zf.read(meta))
        cat = etree.fromstring(zf.read(meta.replace("taxonomyPackage.xml", "catalog.xml")))
    fields = {etree.QName(el).localname: (el.text or "").strip() for el in tp if len(el) == 0}
    entry_points = [
        {etree.QName(c).localname: (c.text or c.get("href") or "") for c in ep} for ep in tp.iter(f"{{{TP}}}entryPoint")
    ]
    rewrites = [[r.get("uriStartString"), r.get("rewritePrefix")] for r in cat.iter(f"{{{CATALOG}}}rewriteURI")]
    return {"files": names, "taxonomyPackage": fields, "entryPoints": entry_points, "rewriteURI": rewrites}


def structure(x: XbrlExport) -> dict[str, Any]:
    """Every part of the export's structure, by part name (see PARTS)."""
    schema = _parse(x.schema)
    ids = _ids(schema)
    lb = {p.stem.rsplit("-", 1)[1]: _parse(p) for p in x.linkbases}
    out: dict[str, Any] = {
        "concepts": concepts(schema),
        "labels": labels(lb["lab"], ids),
        "presentation": _tree(lb["pre"], "presentationLink", "presentationArc", ids, ("preferredLabel",)),
        "calculation": _tree(lb["cal"], "calculationLink", "calculationArc", ids, ("weight",)),
        "references": references(lb["ref"], ids),
        **instance_parts(_parse(x.instance)),
        "package": package(x.package),
    }
    assert set(out) == set(PARTS)
    return out
