"""The XBRL export profile is held to the catalogue as strictly as forms/: a key naming nothing is an error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.errors import CatalogueError
from esgdesk.core.templates import template_indicators
from esgdesk.exports.xbrl.profile import check_against, load_profile, problems_against
from esgdesk.resources import exporters_dir, forms_dir, templates_dir
from tests.reliability.support import ESGDESK, child_env


def test_the_shipped_profile_names_only_what_the_shipped_catalogue_and_templates_hold() -> None:
    library = load_catalogue(forms_dir())
    assert problems_against(load_profile(), library, template_indicators()) == []
    # a row only the demo's template defines is named by the profile; without the templates it is unknown
    assert [k for k, _ in problems_against(load_profile(), library)] == ["[balance] donation_nursing_home"]


def _data_folder(tmp_path: Path, extra: str) -> Path:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(templates_dir(), tmp_path / "templates")  # as the data folders ship, side by side
    (tmp_path / "exporters").mkdir()
    text = (exporters_dir() / "xbrl.toml").read_text(encoding="utf-8")
    (tmp_path / "exporters" / "xbrl.toml").write_text(text + extra, encoding="utf-8")
    return tmp_path


def test_a_misspelt_indicator_or_unit_is_refused_naming_file_key_and_problem(tmp_path: Path) -> None:
    folder = _data_folder(tmp_path, '\n[units."kWh/RMB milion"]\nmeasure = "utr:kWh"\n')
    profile = folder / "exporters" / "xbrl.toml"
    with pytest.raises(CatalogueError) as err:
        check_against(
            load_catalogue(folder / "forms"),
            profile,
            template_indicators(folder / "templates", library=folder / "forms"),
        )
    assert err.value.where == str(profile)
    assert '[units."kWh/RMB milion"] names no unit of the catalogue' in err.value.message

    text = profile.read_text(encoding="utf-8").replace('[units."kWh/RMB milion"]\nmeasure = "utr:kWh"\n', "")
    profile.write_text(text.replace("employees_total = {", "employes_total = {"), encoding="utf-8")
    out = subprocess.run(
        [ESGDESK, "catalogue-check", str(folder / "forms")], capture_output=True, text=True, env=child_env()
    )
    assert out.returncode == 2
    assert str(profile) in out.stderr and "[gri] employes_total names no indicator of the catalogue" in out.stderr
