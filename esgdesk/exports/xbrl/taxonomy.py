"""The company taxonomy: a schema with one concept per indicator and its five linkbases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esgdesk.exports.xbrl.model import DTR_TYPES_URL, INSTANCE_XSD, NAMESPACES, XbrlModel, camel

if TYPE_CHECKING:
    from lxml import etree

    from esgdesk.core.catalogue import FrameworkRef

XS = NAMESPACES["xs"]
LINK = NAMESPACES["link"]
XLINK = NAMESPACES["xlink"]
XBRLI = NAMESPACES["xbrli"]
REF = NAMESPACES["ref"]
ROLE_LABEL = "http://www.xbrl.org/2003/role/label"
ROLE_DOC = "http://www.xbrl.org/2003/role/documentation"
ROLE_LINK = "http://www.xbrl.org/2003/role/link"
ROLE_DISCLOSURE_REF = "http://www.xbrl.org/2003/role/disclosureRef"
ARC_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"
ARC_REF = "http://www.xbrl.org/2003/arcrole/concept-reference"
ARC_PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
ARC_SUMMATION = "http://www.xbrl.org/2003/arcrole/summation-item"
LINKBASE_XSD = "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"
REF_XSD = "http://www.xbrl.org/2006/ref-2006-02-27.xsd"

LINKBASES = ("lab", "pre", "ref", "cal")
_LINKBASE_ROLE = {
    "lab": "http://www.xbrl.org/2003/role/labelLinkbaseRef",
    "pre": "http://www.xbrl.org/2003/role/presentationLinkbaseRef",
    "ref": "http://www.xbrl.org/2003/role/referenceLinkbaseRef",
    "cal": "http://www.xbrl.org/2003/role/calculationLinkbaseRef",
}


def concept_id(model: XbrlModel, name: str) -> str:
    return f"{model.prefix}_{name}"


def role_uri(model: XbrlModel, role: str) -> str:
    return f"{model.namespace.rstrip('/')}/role/{role}"


def linkbase_file(model: XbrlModel, kind: str) -> str:
    return f"{model.stem}-{kind}.xml"


def _abstracts(model: XbrlModel) -> list[tuple[str, str, str, str]]:
    """(name, id in catalogue, label en, label zh) of the heading concepts for areas and sections."""
    out: list[tuple[str, str, str, str]] = [
        ("KeyPerformanceDataAbstract", "kpd", "Key performance data", "关键绩效数据")
    ]
    for area in model.catalogue.areas:
        out.append((f"{camel(area.id)}AreaAbstract", area.id, area.label.en, area.label.zh))
        for s in area.sections:
            out.append((f"{camel(s.id)}SectionAbstract", s.id, s.label.en, s.label.zh))
    return out


def _q(prefix: str, local: str) -> str:
    return f"{{{NAMESPACES[prefix]}}}{local}"


def build_schema(model: XbrlModel) -> etree._Element:
    from lxml import etree

    nsmap: dict[str, str] = {
        "xs": XS,
        "xbrli": XBRLI,
        "link": LINK,
        "xlink": XLINK,
        "dtr-types": NAMESPACES["dtr-types"],
        model.prefix: model.namespace,
    }
    root = etree.Element(
        _q("xs", "schema"),
        nsmap=nsmap,
        attrib={
            "targetNamespace": model.namespace,
            "elementFormDefault": "qualified",
            "attributeFormDefault": "unqualified",
        },
    )
    ann = etree.SubElement(root, _q("xs", "annotation"))
    appinfo = etree.SubElement(ann, _q("xs", "appinfo"))
    for kind in LINKBASES:
        etree.SubElement(
            appinfo,
            _q("link", "linkbaseRef"),
            attrib={
                _q("xlink", "type"): "simple",
                _q("xlink", "href"): linkbase_file(model, kind),
                _q("xlink", "role"): _LINKBASE_ROLE[kind],
                _q("xlink", "arcrole"): "http://www.w3.org/1999/xlink/properties/linkbase",
            },
        )
    for role, title, used_on in _roles(model):
        rt = etree.SubElement(appinfo, _q("link", "roleType"), roleURI=role_uri(model, role), id=role)
        etree.SubElement(rt, _q("link", "definition")).text = title
        etree.SubElement(rt, _q("link", "usedOn")).text = used_on
    etree.SubElement(root, _q("xs", "import"), namespace=XBRLI, schemaLocation=INSTANCE_XSD)
    etree.SubElement(root, _q("xs", "import"), namespace=NAMESPACES["dtr-types"], schemaLocation=DTR_TYPES_URL)
    for name, _id, _en, _zh in _abstracts(model):
        etree.SubElement(
            root,
            _q("xs", "element"),
            attrib={
                "name": name,
                "id": concept_id(model, name),
                "type": "xbrli:stringItemType",
                "substitutionGroup": "xbrli:item",
                "abstract": "true",
                "nillable": "true",
                _q("xbrli", "periodType"): "duration",
            },
        )
    for c in model.all_concepts():
        attrib = {
            "name": c.name,
            "id": concept_id(model, c.name),
            "type": c.type,
            "substitutionGroup": "xbrli:item",
            "nillable": "true",
            _q("xbrli", "periodType"): "duration",
        }
        if c.balance:
            attrib[_q("xbrli", "balance")] = c.balance
        etree.SubElement(root, _q("xs", "element"), attrib=attrib)
    return root


def _roles(model: XbrlModel) -> list[tuple[str, str, str]]:
    out = [
        (f"kpd_{a.id}", f"Key performance data: {a.label.en}", "link:presentationLink") for a in model.catalogue.areas
    ]
    out += [(f.role, f"Calculation: {f.title}", "link:calculationLink") for f in model.calc_families]
    return out


def _linkbase() -> etree._Element:
    from lxml import etree

    return etree.Element(
        _q("link", "linkbase"),
        nsmap={"link": LINK, "xlink": XLINK, "xsi": NAMESPACES["xsi"], "ref": REF},
        attrib={_q("xsi", "schemaLocation"): f"{LINK} {LINKBASE_XSD} {REF} {REF_XSD}"},
    )


def _role_refs(root: etree._Element, model: XbrlModel, roles: list[str]) -> None:
    from lxml import etree

    for role in roles:
        etree.SubElement(
            root,
            _q("link", "roleRef"),
            attrib={
                "roleURI": role_uri(model, role),
                _q("xlink", "type"): "simple",
                _q("xlink", "href"): f"{model.schema_file}#{role}",
            },
        )


class _Locs:
    """One loc per concept per extended link; labels are NCNames derived from the concept."""

    def __init__(self, model: XbrlModel, link: etree._Element) -> None:
        self.model = model
        self.link = link
        self.done: set[str] = set()

    def __call__(self, name: str) -> str:
        from lxml import etree

        label = f"loc_{name}"
        if label not in self.done:
            self.done.add(label)
            etree.SubElement(
                self.link,
                _q("link", "loc"),
                attrib={
                    _q("xlink", "type"): "locator",
                    _q("xlink", "href"): f"{self.model.schema_file}#{concept_id(self.model, name)}",
                    _q("xlink", "label"): label,
                },
            )
        return label


def _arc(link: etree._Element, tag: str, arcrole: str, frm: str, to: str, **extra: str) -> None:
    from lxml import etree

    attrib = {
        _q("xlink", "type"): "arc",
        _q("xlink", "arcrole"): arcrole,
        _q("xlink", "from"): frm,
        _q("xlink", "to"): to,
    }
    attrib.update(extra)
    etree.SubElement(link, _q("link", tag), attrib=attrib)


def build_labels(model: XbrlModel) -> etree._Element:
    from lxml import etree

    root = _linkbase()
    link = etree.SubElement(
        root, _q("link", "labelLink"), attrib={_q("xlink", "type"): "extended", _q("xlink", "role"): ROLE_LINK}
    )
    loc = _Locs(model, link)
    entries: list[tuple[str, list[tuple[str, str, str]]]] = []
    for name, _id, en, zh in _abstracts(model):
        entries.append((name, [(ROLE_LABEL, "en", en), (ROLE_LABEL, "zh", zh or en)]))
    for c in model.all_concepts():
        ind = model.catalogue.indicators[c.indicator]
        suffix_en = {"min": " (minimum)", "max": " (maximum)"}.get(c.part, "")
        suffix_zh = {"min": "（下限）", "max": "（上限）"}.get(c.part, "")
        if ind.retired:  # its figures are still published, marked as no longer collected
            suffix_en, suffix_zh = f"{suffix_en} (retired)", f"{suffix_zh}（已停用）"
        entries.append(
            (
                c.name,
                [
                    (ROLE_LABEL, "en", ind.label.en + suffix_en),
                    (ROLE_LABEL, "zh", (ind.label.zh or ind.label.en) + suffix_zh),
                    (ROLE_DOC, "en", ind.definition.en),
                    (ROLE_DOC, "zh", ind.definition.zh or ind.definition.en),
                ],
            )
        )
    for name, labels in entries:
        frm = loc(name)
        res = f"lab_{name}"
        for role, lang, text in labels:
            el = etree.SubElement(
                link,
                _q("link", "label"),
                attrib={
                    _q("xlink", "type"): "resource",
                    _q("xlink", "label"): res,
                    _q("xlink", "role"): role,
                    "{http://www.w3.org/XML/1998/namespace}lang": lang,
                },
            )
            el.text = text
        _arc(link, "labelArc", ARC_LABEL, frm, res)
    return root


def build_presentation(model: XbrlModel) -> etree._Element:
    from lxml import etree

    root = _linkbase()
    _role_refs(root, model, [f"kpd_{a.id}" for a in model.catalogue.areas])
    for area in model.catalogue.areas:
        link = etree.SubElement(
            root,
            _q("link", "presentationLink"),
            attrib={_q("xlink", "type"): "extended", _q("xlink", "role"): role_uri(model, f"kpd_{area.id}")},
        )
        loc = _Locs(model, link)
        area_loc = loc(f"{camel(area.id)}AreaAbstract")
        for n, s in enumerate(area.sections, start=1):
            sec_loc = loc(f"{camel(s.id)}SectionAbstract")
            _arc(link, "presentationArc", ARC_PARENT_CHILD, area_loc, sec_loc, order=str(n))
            k = 0
            for ind in s.indicators:
                for c in model.concepts[ind.id]:
                    k += 1
                    _arc(
                        link,
                        "presentationArc",
                        ARC_PARENT_CHILD,
                        sec_loc,
                        loc(c.name),
                        order=str(k),
                        preferredLabel=ROLE_LABEL,
                    )
    return root


def build_references(model: XbrlModel) -> etree._Element:
    from lxml import etree

    root = _linkbase()
    link = etree.SubElement(
        root, _q("link", "referenceLink"), attrib={_q("xlink", "type"): "extended", _q("xlink", "role"): ROLE_LINK}
    )
    loc = _Locs(model, link)
    p = model.profile
    for c in model.all_concepts():
        ind = model.catalogue.indicators[c.indicator]
        if not ind.gri and not ind.refs:
            continue
        frm = loc(c.name)
        res = f"ref_{c.name}"
        for g in ind.gri:
            parts: list[tuple[str, str]] = [
                ("Publisher", p.gri_publisher),
                ("Name", f"GRI {g.standard_number}"),
                ("Number", g.code),
            ]
            if g.paragraph:
                parts.append(("Paragraph", g.paragraph))
            if c.gri_element:
                parts.append(("URI", f"{p.gri_namespace}#gri_{c.name}"))
            _reference(link, res, parts)
        for r in ind.refs:
            _reference(link, res, framework_ref_parts(model, r))
        _arc(link, "referenceArc", ARC_REF, frm, res)
    return root


def _reference(link: etree._Element, label: str, parts: list[tuple[str, str]]) -> None:
    from lxml import etree

    ref = etree.SubElement(
        link,
        _q("link", "reference"),
        attrib={_q("xlink", "type"): "resource", _q("xlink", "label"): label, _q("xlink", "role"): ROLE_DISCLOSURE_REF},
    )
    for tag, text in parts:
        etree.SubElement(ref, _q("ref", tag)).text = text


def framework_ref_parts(model: XbrlModel, r: FrameworkRef) -> list[tuple[str, str]]:
    """A reference to another framework's article, in the parts of the 2006 reference schema."""
    fw = model.catalogue.framework_table.get(r.framework)
    parts: list[tuple[str, str]] = []
    if fw is not None and fw.publisher:
        parts.append(("Publisher", fw.publisher))
    parts.append(("Name", fw.title.en if fw is not None else r.framework))
    if fw is not None and r.topic in fw.topic_table:
        parts.append(("Article", r.code))
    else:
        parts.append(("Number", r.code))
    if r.paragraph:
        parts.append(("Paragraph", r.paragraph))
    notes: list[str] = []
    if fw is not None and r.topic in fw.topic_table:
        notes.append(f"Topic: {fw.topic_table[r.topic].label.en}")
    if r.level is not None:
        notes.append(f"Disclosure: {r.level.value}")
    if not r.confirmed:
        notes.append("article number not confirmed against the official text")
    if notes:
        parts.append(("Note", "; ".join(notes)))
    return parts


def build_calculation(model: XbrlModel) -> etree._Element:
    from lxml import etree

    root = _linkbase()
    _role_refs(root, model, [f.role for f in model.calc_families])
    for fam in model.calc_families:
        link = etree.SubElement(
            root,
            _q("link", "calculationLink"),
            attrib={_q("xlink", "type"): "extended", _q("xlink", "role"): role_uri(model, fam.role)},
        )
        loc = _Locs(model, link)
        total = loc(fam.total.name)
        for n, part in enumerate(fam.parts, start=1):
            _arc(link, "calculationArc", ARC_SUMMATION, total, loc(part.name), order=str(n), weight="1")
    return root


def taxonomy_files(model: XbrlModel) -> dict[str, bytes]:
    """File name -> content of the schema and its linkbases."""
    from lxml import etree

    def ser(el: Any) -> bytes:
        return bytes(etree.tostring(el, xml_declaration=True, encoding="UTF-8", pretty_print=True))

    return {
        model.schema_file: ser(build_schema(model)),
        linkbase_file(model, "lab"): ser(build_labels(model)),
        linkbase_file(model, "pre"): ser(build_presentation(model)),
        linkbase_file(model, "ref"): ser(build_references(model)),
        linkbase_file(model, "cal"): ser(build_calculation(model)),
    }
