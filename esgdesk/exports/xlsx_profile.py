"""The workbook export profile (`exporters/workbook.toml`): sheets, columns, titles, formats.

The layout is data an ESG office may edit, so it is checked on load and a broken profile is
reported with the file and the field, like a broken catalogue.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from esgdesk.core.catalogue import Text
from esgdesk.core.errors import UnusableInput
from esgdesk.exports.profiles import load_profile_file
from esgdesk.resources import exporters_dir

PROFILE_FILE = "workbook.toml"
AREA_KEYS = ("entity", "sub_item", "indicator", "unit", "current", "prior", "change", "gri")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Model):
    key: str
    title: Text
    width: float = 14


class Sheets(_Model):
    gri: Text
    findings: Text
    audit: Text
    metadata: Text


class AreaLayout(_Model):
    title: Text
    subtitle: Text
    group: Text
    group_with_entity: Text
    column: tuple[Column, ...]


class Texts(_Model):
    not_applicable: Text
    not_reported: Text
    yes: Text
    no: Text
    computed: Text


class Qualifiers(_Model):
    more_than: str
    at_least: str
    less_than: str
    at_most: str
    approximately: str


class Formats(_Model):
    integer: str
    decimal: str
    monetary: str
    percent: str
    change: str
    change_points: str
    date: str
    qualifier: Qualifiers


class GriLayout(_Model):
    title: Text
    columns: tuple[Column, ...]
    not_indexed: Text


class FindingsLayout(_Model):
    title: Text
    columns: tuple[Column, ...]
    severity: dict[str, Text]


class AuditLayout(_Model):
    title: Text
    columns: tuple[Column, ...]


class MetadataLayout(_Model):
    title: Text
    labels: dict[str, Text]


class Style(_Model):
    font: str = "Arial"
    font_zh: str = "Microsoft YaHei"
    title_size: float = 14
    header_fill: str = "1F4E79"
    header_color: str = "FFFFFF"
    group_fill: str = "DDEBF7"
    group_color: str = "1F4E79"
    border_color: str = "BFBFBF"
    muted_color: str = "7F7F7F"


class PrintSetup(_Model):
    landscape: bool = True
    fit_to_width: bool = True
    paper: int = 9
    footer_left: Text
    footer_center: Text
    footer_right: Text


class Profile(_Model):
    version: int
    sheets: Sheets
    area: AreaLayout
    text: Texts
    formats: Formats
    gri: GriLayout
    findings: FindingsLayout
    audit: AuditLayout
    metadata: MetadataLayout
    style: Style
    print: PrintSetup

    def area_columns(self, *, with_entity: bool) -> list[Column]:
        return [c for c in self.area.column if with_entity or c.key != "entity"]


def load_profile(path: Path | None = None) -> Profile:
    """The profile at `path`, or the one shipped in `exporters/`."""
    return _load(str(path or exporters_dir() / PROFILE_FILE))


@lru_cache(maxsize=4)
def _load(path_s: str) -> Profile:
    path = Path(path_s)
    profile = load_profile_file(path, Profile, "the workbook export profile")
    keys = [c.key for c in profile.area.column]
    unknown = [k for k in keys if k not in AREA_KEYS]
    if unknown or "indicator" not in keys or len(set(keys)) != len(keys):
        raise UnusableInput(
            f"area columns must be distinct keys among {', '.join(AREA_KEYS)} and include 'indicator'"
            + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
            where=str(path),
        )
    return profile
