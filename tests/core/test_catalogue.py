"""The catalogue loads, and each way of breaking it gives an error naming the file, the indicator and the problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from esgdesk.core.catalogue import BreakdownKind, Catalogue, DataType, load_catalogue
from esgdesk.core.errors import CatalogueError
from tests.conftest import MINI_FORMS


def test_real_catalogue_holds_every_seed_indicator_in_its_section(catalogue: Catalogue) -> None:
    import json

    from esgdesk.resources import templates_dir

    seed = json.loads((templates_dir() / "luster-2023" / "luster-2023-kpis.json").read_text(encoding="utf-8"))
    expected = {
        ind["id"]: sub["id"] for area in seed["sections"] for sub in area["subsections"] for ind in sub["indicators"]
    }
    assert len(expected) == 189
    got = {ind_id: sec.id for ind_id, sec in catalogue.section_of.items()}
    assert got == expected
    assert [a.id for a in catalogue.areas] == [a["id"] for a in seed["sections"]]


def test_every_indicator_has_both_languages_and_an_owner(catalogue: Catalogue) -> None:
    for ind in catalogue.indicators.values():
        assert ind.label.en and ind.label.zh, ind.id
        assert ind.definition.en and ind.definition.zh, ind.id
        assert catalogue.owner_of(ind.id) in catalogue.department_table


def test_breakdown_families_share_one_total(catalogue: Catalogue) -> None:
    families = {c.breakdown.family for c in catalogue.children["employees_total"] if c.breakdown}
    assert {"gender", "age"} <= families
    assert all(c.breakdown and c.breakdown.kind == BreakdownKind.SUM for c in catalogue.children["waste_total"])


def test_mini_catalogue_loads(mini_catalogue: Catalogue) -> None:
    assert mini_catalogue.indicators["electricity_intensity"].formula_inputs == {"electricity", "revenue"}
    assert mini_catalogue.indicators["ph"].type == DataType.RANGE
    assert mini_catalogue.owner_of("revenue") == "finance"


def _broken(tmp_path: Path, edit: Callable[[Path], object]) -> CatalogueError:
    root = tmp_path / "forms"
    shutil.copytree(MINI_FORMS, root)
    edit(root)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    return info.value


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_unit_names_file_and_indicator(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/money.toml", 'unit = "RMB million"', 'unit = "RMB zillion"'))
    assert "money.toml" in str(err) and "revenue" in str(err) and "unknown unit 'RMB zillion'" in str(err)
    assert err.exit_code == 2


def test_breakdown_parent_that_does_not_exist(tmp_path: Path) -> None:
    err = _broken(
        tmp_path,
        lambda r: _replace(r / "env/energy.toml", 'of = "staff", family = "gender"', 'of = "staf", family = "gender"'),
    )
    assert "staff_male" in str(err) and "breakdown parent 'staf' does not exist" in str(err)


def test_cycle_in_formulas(tmp_path: Path) -> None:
    def edit(r: Path) -> None:
        _replace(r / "env/money.toml", "required = true", 'required = true\nformula = "electricity_intensity * 2"')

    err = _broken(tmp_path, edit)
    assert "cycle in formulas" in str(err)
    assert "electricity_intensity" in str(err) and "revenue" in str(err)


def test_duplicate_id(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/money.toml", 'id = "revenue"', 'id = "electricity"'))
    assert "duplicate id" in str(err) and "electricity" in str(err) and "energy.toml" in str(err)


def test_formula_cannot_run_code(tmp_path: Path) -> None:
    err = _broken(
        tmp_path,
        lambda r: _replace(
            r / "env/energy.toml", 'formula = "electricity / revenue"', "formula = \"__import__('os').system('true')\""
        ),
    )
    assert "electricity_intensity" in str(err) and "formula" in str(err)


def test_formula_naming_unknown_indicator(tmp_path: Path) -> None:
    err = _broken(
        tmp_path,
        lambda r: _replace(
            r / "env/energy.toml", 'formula = "electricity / revenue"', 'formula = "electricity / turnover"'
        ),
    )
    assert "unknown indicator 'turnover'" in str(err) and "electricity_intensity" in str(err)


def test_unknown_data_type(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/money.toml", 'type = "monetary"', 'type = "money"'))
    assert "revenue" in str(err) and "type" in str(err)


def test_min_above_max(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/energy.toml", "min = 0\nmax = 14", "min = 14\nmax = 0"))
    assert "ph" in str(err) and "min 14.0 is greater than max 0.0" in str(err)


def test_unknown_owner_department(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/money.toml", 'owner = "finance"', 'owner = "treasury"'))
    assert "money.toml" in str(err) and "unknown owner department 'treasury'" in str(err)


def test_not_toml(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: (r / "env/money.toml").write_text("id = [unclosed", encoding="utf-8"))
    assert "money.toml" in str(err) and "not valid TOML" in str(err)


def test_missing_section_file(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: (r / "env/money.toml").unlink())
    assert "money.toml" in str(err) and "missing" in str(err)


def test_unknown_field_is_refused_not_ignored(tmp_path: Path) -> None:
    err = _broken(tmp_path, lambda r: _replace(r / "env/money.toml", "required = true", "requird = true"))
    assert "revenue" in str(err) and "requird" in str(err)


def test_check_naming_unknown_indicator(tmp_path: Path) -> None:
    def edit(r: Path) -> None:
        with (r / "env/energy.toml").open("a", encoding="utf-8") as fh:
            fh.write('\n[[check]]\nid = "bad"\nexpr = "electricity <= watts"\nmessage = { en = "x" }\n')

    err = _broken(tmp_path, edit)
    assert "check 'bad'" in str(err) and "watts" in str(err)
