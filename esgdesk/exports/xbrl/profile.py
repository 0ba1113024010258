"""The XBRL export profile (`exporters/xbrl.toml`): names, namespaces and unit mapping as data."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from esgdesk.exports.profiles import load_profile_file
from esgdesk.resources import exporters_dir

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
    prefix: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    namespace: str
    file_stem: str
    default_scheme: str
    gri_namespace: str
    gri_publisher: str = "GRI"
    gri_standards_name: str = "GRI Standards"
    gri: dict[str, GriElement] = {}
    balance: dict[str, Literal["credit", "debit"]] = {}
    dimension_types: dict[str, str] = {}
    units: dict[str, UnitMapping] = {}
    measure_units: dict[str, str] = {}

    def namespace_for(self, year: int) -> str:
        return self.namespace.replace("{year}", str(year))

    def stem_for(self, year: int) -> str:
        return self.file_stem.replace("{year}", str(year))


def load_profile(path: Path | None = None) -> XbrlProfile:
    path = path or exporters_dir() / PROFILE_FILE
    return load_profile_file(path, XbrlProfile, "the XBRL export profile")
