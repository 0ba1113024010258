"""Reading XML that came from outside (an XBRL instance, a taxonomy part, a workbook part).

Entities are never expanded, no DTD is loaded and nothing is fetched from the network, so a
"billion laughs" document, an external entity pointing at a local file or a remote DTD is
refused instead of read. Every XML parser in esgdesk is made here (a test checks the code base).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from esgdesk.core.errors import UnusableInput

if TYPE_CHECKING:
    from lxml import etree

MAX_BYTES = 200 * 2**20


def parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
    )


def parse_xml(data: bytes, *, where: str | None = None) -> etree._Element:
    """The root element of `data`, or UnusableInput naming what is wrong with it."""
    from lxml import etree

    if len(data) > MAX_BYTES:
        raise UnusableInput(f"the XML document is too large ({len(data) // 2**20} MB)", where=where)
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        raise UnusableInput(
            "refused: the XML document declares a DOCTYPE or entities, which esgdesk never reads "
            "(an entity-expansion or external-entity attack?)",
            where=where,
        )
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise UnusableInput(f"this is not well-formed XML ({exc})", where=where) from None
    if root is None:
        raise UnusableInput("the XML document is empty", where=where)
    return root
