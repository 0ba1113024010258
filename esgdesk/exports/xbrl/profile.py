"""The XBRL export profile (`exporters/xbrl.toml`): names, namespaces and unit mapping as data."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from esgdesk.core.errors import CatalogueError
from esgdesk.exports.profiles import load_profile_file
from esgdesk.resources import exporters_dir

if TYPE_CHECKING:
    from esgdesk.core.catalogue import Catalogue

PROFILE_FILE = "xbrl.toml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GriElement(_Model):
    name: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*$")
    type: str = Field(pattern=r"^[a-z-]+:[A-Za-z]+ItemType$")


class UnitMapping(_Model):
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = Field(default=1.0, gt=0)


class XbrlProfile(_Model):
    # The prefix, namespace and file names come from the report's properties (esgdesk.core.properties);
    # these three are read for older profile files and otherwise unused.
    prefix: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9-]*$")
    namespace: str | None = None
    file_stem: str | None = None
    default_scheme: str
    gri_namespace: str
    gri_publisher: str = "GRI"
    gri_standards_name: str = "GRI Standards"
    gri: dict[str, GriElement] = {}
    balance: dict[str, Literal["credit", "debit"]] = {}
    dimension_types: dict[str, str] = {}
    units: dict[str, UnitMapping] = {}
    measure_units: dict[str, str] = {}


def load_profile(path: Path | None = None) -> XbrlProfile:
    path = path or exporters_dir() / PROFILE_FILE
    return load_profile_file(path, XbrlProfile, "the XBRL export profile")


def problems_against(profile: XbrlProfile, catalogue: Catalogue, also: Collection[str] = ()) -> list[tuple[str, str]]:
    """(key, problem) for every key of the profile that names nothing in the catalogue.

    The exporter looks indicators, units and dimensions up by these keys: a misspelt or retired one
    would otherwise be skipped without a word (a GRI element or a unit mapping silently lost). One
    profile serves the library and every template beside it, so `also` holds the ids of indicators that
    only a template defines (the demo's own rows): naming one of those is not a misspelling.
    """
    dimensions = {u.dimension for u in catalogue.units}
    out: list[tuple[str, str]] = []
    for table, keys in (("gri", profile.gri), ("balance", profile.balance)):
        out.extend(
            (f"[{table}] {k}", "names no indicator of the catalogue or its templates")
            for k in keys
            if k not in catalogue.indicators and k not in also
        )
    out.extend(
        (f"[dimension_types] {k}", "names no dimension of the catalogue's units")
        for k in profile.dimension_types
        if k not in dimensions
    )
    out.extend(
        (f'[units."{k}"]', "names no unit of the catalogue") for k in profile.units if k not in catalogue.unit_table
    )
    out.extend(
        (f'[measure_units] "{m}"', f"maps to '{u}', which is no unit of the catalogue")
        for m, u in profile.measure_units.items()
        if u not in catalogue.unit_table
    )
    return out


def check_against(catalogue: Catalogue, path: Path | None = None, also: Collection[str] = ()) -> XbrlProfile:
    """The profile at `path` (default: the bundled one), refused when a key names nothing in `catalogue`
    (or in `also`, the indicators the templates beside it add)."""
    path = path or exporters_dir() / PROFILE_FILE
    profile = load_profile(path)
    problems = problems_against(profile, catalogue, also)
    if problems:
        key, problem = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CatalogueError(f"{key} {problem}{more}", file=str(path))
    return profile
