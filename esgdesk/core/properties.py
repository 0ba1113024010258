"""Report properties: the reporting company's identity and the XBRL names that belong to it.

They live in the report's meta (company names, year, currency as fields; the rest in `extra`) and
on its reporting entity (identifier and scheme). Every change goes through `set_properties`, which
checks the value and writes it to the audit log.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from esgdesk.core.errors import Refused
from esgdesk.core.identifiers import check_identifier, scheme_uri

if TYPE_CHECKING:
    from esgdesk.core.store import Report, ReportMeta

# Keys of meta.extra
TEMPLATE = "template"
XBRL_PREFIX = "xbrl_prefix"
XBRL_NAMESPACE = "xbrl_namespace"

# The year is not editable: every figure is filed under it (next year is a roll-forward).
EDITABLE = ("company", "company_zh", "currency", "identifier", "scheme", "xbrl_prefix", "xbrl_namespace")
_PREFIX = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def slug(company: str) -> str:
    """A short lower-case XBRL prefix from a company's name: its first word in ASCII letters."""
    ascii_name = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_name.lower()) if w]
    first = next((w for w in words if w[0].isalpha()), "")
    return first[:20] or "esg"


def default_namespace(prefix: str) -> str:
    # The .invalid top-level domain (RFC 2606) can never belong to anybody else: a company replaces
    # it with an address of its own in the report properties.
    return f"http://{prefix}.invalid/xbrl/esg/{{year}}"


@dataclass(frozen=True)
class XbrlNames:
    prefix: str
    namespace: str  # with the year filled in
    stem: str  # file names: <stem>.xsd, <stem>.xbrl ...


def xbrl_names(meta: ReportMeta) -> XbrlNames:
    prefix = meta.extra.get(XBRL_PREFIX) or slug(meta.company)
    namespace = meta.extra.get(XBRL_NAMESPACE) or default_namespace(prefix)
    year = str(meta.year)
    return XbrlNames(prefix, namespace.replace("{year}", year), f"{prefix}-esg-{year}")


def check_property(key: str, value: str) -> str:
    """The value as it will be stored; refuses one that cannot be."""
    v = value.strip()
    if key == "company" and not v:
        raise Refused("the company name cannot be empty")
    if key == "currency":
        v = v.upper()
        if not _CURRENCY.fullmatch(v):
            raise Refused(f"'{value}' is not an ISO 4217 currency code (three letters, e.g. CNY)")
    if key == XBRL_PREFIX and not _PREFIX.fullmatch(v):
        raise Refused(f"'{value}' is not an XBRL prefix: lower-case letters, digits and '-', starting with a letter")
    if key == XBRL_NAMESPACE and not re.fullmatch(r"(https?://|urn:)\S+", v):
        raise Refused(
            f"'{value}' is not a namespace: give an http(s) address, e.g. http://www.example.com/xbrl/esg/{{year}}"
        )
    if key not in EDITABLE:
        raise Refused(f"unknown property '{key}' (properties: {', '.join(EDITABLE)})")
    return v


def properties(report: Report) -> dict[str, str | int]:
    meta = report.meta
    ent = report.entities.get(meta.entity)
    names = xbrl_names(meta)
    return {
        "company": meta.company,
        "company_zh": meta.company_zh,
        "year": meta.year,
        "currency": meta.currency,
        "entity": meta.entity,
        "identifier": ent.identifier if ent else "",
        "scheme": ent.scheme if ent else "",
        "template": meta.extra.get(TEMPLATE, ""),
        "xbrl_prefix": names.prefix,
        "xbrl_namespace": meta.extra.get(XBRL_NAMESPACE) or default_namespace(names.prefix),
        "xbrl_files": names.stem,
    }


def set_properties(report: Report, changes: dict[str, str], *, why: str | None = None) -> list[str]:
    """Apply `changes` (all checked first, so none is applied when one is wrong); each one audited.

    An identifier is checked against its scheme (the new scheme if one is given too).
    Returns the keys that changed.
    """
    checked = {k: check_property(k, v) for k, v in changes.items()}
    props = properties(report)
    if "identifier" in checked or "scheme" in checked:
        ident = checked.get("identifier", str(props["identifier"]))
        scheme = checked.get("scheme", str(props["scheme"])) if "scheme" in checked or ident else ""
        if ident:
            found = check_identifier(ident, scheme or None)
            checked["identifier"], checked["scheme"] = found.value, found.scheme
        elif scheme:
            checked["scheme"] = scheme_uri(scheme)
    changed = [k for k, v in checked.items() if str(props.get(k, "")) != v]
    if not changed:
        return []
    # One transaction, one audit entry per changed property (the identifier and its scheme are one entry).
    with report.batch(why=why) as b:
        for key in changed:
            if key not in ("identifier", "scheme"):
                b.set_meta(key, checked[key])
        if "identifier" in changed or "scheme" in changed:
            b.set_entity_identifier(
                report.meta.entity,
                checked.get("identifier", str(props["identifier"])),
                checked.get("scheme", str(props["scheme"])),
            )
    return changed
