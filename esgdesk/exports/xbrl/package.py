"""The taxonomy package (XBRL Taxonomy Packages 1.0): the schema and linkbases in a zip with
`META-INF/taxonomyPackage.xml` and `META-INF/catalog.xml`, so that a processor resolves the
schema's published URL to the copy inside the zip, without the network."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from esgdesk.exports.xbrl.model import XbrlModel

TP_NS = "http://xbrl.org/2016/taxonomy-package"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


def _default_ns(uri: str) -> Any:
    # lxml takes None as the key of the default namespace; its stubs only allow strings
    return {None: uri}


def publication_date(model: XbrlModel) -> date:
    """The end of the reported year: a fact of the report, so that exporting the same report
    twice gives the same package (a date of the export would differ on every run)."""
    return date(model.year, 12, 31)


def taxonomy_package_xml(model: XbrlModel, *, published: date | None = None) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{TP_NS}}}taxonomyPackage", nsmap=_default_ns(TP_NS))
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")

    def add(tag: str, text: str) -> None:
        etree.SubElement(root, f"{{{TP_NS}}}{tag}").text = text

    add("identifier", model.schema_url.removesuffix(".xsd") + ".zip")
    add("name", f"{model.company} ESG taxonomy {model.year}")
    add(
        "description",
        f"Concepts of {model.company}'s {model.year} ESG key performance data, with labels in "
        "English and Chinese and references to the GRI Standards.",
    )
    add("version", model.catalogue.version)
    add("publisher", model.company)
    add("publicationDate", (published or publication_date(model)).isoformat())
    eps = etree.SubElement(root, f"{{{TP_NS}}}entryPoints")
    ep = etree.SubElement(eps, f"{{{TP_NS}}}entryPoint")
    etree.SubElement(ep, f"{{{TP_NS}}}name").text = f"{model.company} ESG {model.year}"
    etree.SubElement(ep, f"{{{TP_NS}}}entryPointDocument", href=model.schema_url)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def catalog_xml(model: XbrlModel) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{CATALOG_NS}}}catalog", nsmap=_default_ns(CATALOG_NS))
    etree.SubElement(
        root,
        f"{{{CATALOG_NS}}}rewriteURI",
        uriStartString=model.namespace.rstrip("/") + "/",
        rewritePrefix="../taxonomy/",
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def package_bytes(model: XbrlModel, taxonomy: dict[str, bytes]) -> bytes:
    top = model.stem
    day = publication_date(model)
    stamp = (day.year, day.month, day.day, 0, 0, 0)  # zip entries carry a time; the clock's would differ per run
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)

        put("META-INF/taxonomyPackage.xml", taxonomy_package_xml(model))
        put("META-INF/catalog.xml", catalog_xml(model))
        for name, data in taxonomy.items():
            put(f"taxonomy/{name}", data)
    return buf.getvalue()
