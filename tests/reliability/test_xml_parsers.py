"""Every XML parser in esgdesk is made with entity resolution and network access off."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.reliability.support import ROOT, record

PARSING = {"fromstring", "XML", "parse", "iterparse", "XMLParser", "HTMLParser", "XMLPullParser", "XMLID"}
XML_MODULES = {"etree", "ET", "ElementTree", "cElementTree", "minidom", "pulldom", "sax", "expatbuilder", "objectify"}


def _unsafe_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if name not in XML_MODULES or node.func.attr not in PARSING:
            continue
        kw = {k.arg: k.value for k in node.keywords}
        if node.func.attr == "XMLParser":
            safe = all(
                isinstance(c := kw.get(k), ast.Constant) and c.value is v
                for k, v in (("resolve_entities", False), ("no_network", True))
            )
        else:
            # A parse call is safe when it is handed a parser (ours: esgdesk.core.safexml.parser()).
            safe = "parser" in kw or len(node.args) >= 2
        if not safe:
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            found.append(f"{where}:{node.lineno}: {name}.{node.func.attr}(...)")
    return found


def test_every_xml_parser_has_entities_and_network_off() -> None:
    files = sorted((ROOT / "esgdesk").rglob("*.py"))
    unsafe = [hit for f in files for hit in _unsafe_calls(f)]
    assert unsafe == [], "XML parsed without esgdesk.core.safexml.parser():\n" + "\n".join(unsafe)
    record("xml_parsers", files_scanned=len(files), unsafe=len(unsafe))


def test_the_scan_recognises_an_unsafe_parser(tmp_path: Path) -> None:
    sample = ROOT / "esgdesk" / "core" / "safexml.py"
    assert _unsafe_calls(sample) == []
    bad = tmp_path / "unsafe_sample.py"
    bad.write_text("from lxml import etree\netree.fromstring(b'<a/>')\netree.XMLParser(resolve_entities=True)\n")
    assert len(_unsafe_calls(bad)) == 2
