"""Shared fixtures. Qt must be told to render offscreen before any QApplication exists, and no
test may write into the real user's settings, logs or Arelle configuration."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="esgdesk-tests-"))
for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                 ("XDG_STATE_HOME", "state"), ("ESGDESK_LOG_DIR", "logs")):
    os.environ[var] = str(_SANDBOX / sub)
os.environ["ESGDESK_USER"] = "tester"

from esgdesk.core.catalogue import Catalogue, load_catalogue  # noqa: E402
from esgdesk.core.store import Report  # noqa: E402
from esgdesk.resources import forms_dir  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI_FORMS = DATA / "mini_forms"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The real catalogue in forms/."""
    return load_catalogue(forms_dir())


@pytest.fixture(scope="session")
def mini_catalogue() -> Catalogue:
    return load_catalogue(MINI_FORMS)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo report, written once per session; copy it before changing it (see `demo_path`)."""
    from esgdesk.core.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "luster-2023.esg"
    write_demo(path)
    return path


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo report that a test may change."""
    target = tmp_path / "luster-2023.esg"
    target.write_bytes(demo_master.read_bytes())
    return target


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Report]:
    rep = Report.open(demo_path)
    yield rep
    rep.close()


@pytest.fixture
def mini(tmp_path: Path, mini_catalogue: Catalogue) -> Iterator[Report]:
    rep = Report.create(tmp_path / "mini.esg", mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme",
                        identifier="600000", scheme="http://www.sse.com.cn")
    yield rep
    rep.close()
