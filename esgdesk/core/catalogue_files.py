"""A catalogue written back as a `forms/`-style folder, to reuse for other reports or subsidiaries.

The folder loads with `load_catalogue` (and passes `esgdesk catalogue-check`) into an equal catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from esgdesk.core.catalogue import Catalogue, load_catalogue
from esgdesk.core.errors import Refused
from esgdesk.core.store.files import replacing_folder


def _clean(data: Any) -> Any:
    """TOML has no null: absent means "not set", as in the hand-written files."""
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items() if v is not None}
    if isinstance(data, (list, tuple)):
        return [_clean(v) for v in data]
    return data


def _write(path: Path, data: dict[str, Any], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {header}\n\n" + tomli_w.dumps(_clean(data)), encoding="utf-8")


def export_forms(cat: Catalogue, target: Path | str, *, overwrite: bool = False) -> Path:
    """Write `cat` as a forms folder at `target` (a new or empty folder); checked by loading it back.

    The folder appears whole or not at all (`replacing_folder`): with `overwrite`, a failure leaves the
    folder's earlier contents as they were, and a success leaves no file of the earlier catalogue.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not overwrite)):
        raise Refused("choose a new or empty folder for the catalogue", where=str(target))
    with replacing_folder(target, "the catalogue") as tmp:
        head: dict[str, Any] = {
            "id": cat.id,
            "version": cat.version,
            "title": cat.title.model_dump(),
            "revenue_indicator": cat.revenue_indicator,
            "department": [d.model_dump() for d in cat.departments],
            "area": [
                {"id": a.id, "label": a.label.model_dump(), "sections": [s.id for s in a.sections]} for a in cat.areas
            ],
        }
        if cat.indexes:
            head["indexes"] = list(cat.indexes)
        _write(tmp / "catalogue.toml", head, f"{cat.title.en}, version {cat.version} (written by esgdesk)")
        _write(tmp / "units.toml", {"unit": [u.model_dump() for u in cat.units]}, "Units")
        if cat.factor_sets:
            _write(
                tmp / "emission_factors.toml",
                {"factor_set": [f.model_dump() for f in cat.factor_sets]},
                "Emission factors",
            )
        if cat.gri_index:
            _write(tmp / "gri_index.toml", {"entry": [e.model_dump() for e in cat.gri_index]}, "GRI content index")
        for fw in cat.frameworks:
            _write(tmp / "frameworks" / f"{fw.id}.toml", fw.model_dump(), f"{fw.title.en}: topics and articles")
        for area in cat.areas:
            for section in area.sections:
                _write(
                    tmp / area.id / f"{section.id}.toml",
                    section.model_dump(by_alias=True),
                    f"{area.label.en} > {section.label.en}",
                )
        load_catalogue(tmp)  # never hand out a folder that would not load
    return target
