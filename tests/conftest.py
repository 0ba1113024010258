"""Shared fixtures. Qt must be told to render offscreen before any QApplication exists, and no
test may write into the real user's settings, logs or Arelle configuration."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="esgdesk-tests-"))
for var, sub in (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
    ("ESGDESK_LOG_DIR", "logs"),
):
    os.environ[var] = str(_SANDBOX / sub)
os.environ["ESGDESK_USER"] = "tester"
# libpq reads the user's own settings (PGHOST, PGSSLMODE, ~/.pgpass, ~/.pg_service.conf ...): none may reach
# the tests, whose PostgreSQL servers are their own; tests that need such files make them.
for var in [v for v in os.environ if v.startswith("PG")]:
    del os.environ[var]
os.environ["PGPASSFILE"] = str(_SANDBOX / "pgpass")
os.environ["PGSERVICEFILE"] = str(_SANDBOX / "pg_service.conf")

from esgdesk.core.catalogue import Catalogue, load_catalogue  # noqa: E402
from esgdesk.core.store import Report  # noqa: E402

pytest_plugins = ["tests.pg_private"]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI_FORMS = DATA / "mini_forms"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The demo's catalogue: the LUSTER 2023 template composed from the library in forms/."""
    from esgdesk.core.templates import DEMO_TEMPLATE, load_template

    return load_template(DEMO_TEMPLATE).catalogue


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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_stores` run twice: on a report file, and on the same report on a server."""
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store", ["file", "server"], indirect=True)


@pytest.fixture
def store(request: pytest.FixtureRequest) -> str:
    """Which store the `demo` and `mini` reports live in: "file", or "server" for `both_stores` tests."""
    return str(getattr(request, "param", "file"))


@pytest.fixture(scope="session")
def _server_template(pg_server: Any) -> str:
    import psycopg

    from esgdesk.core.store.server.transfer import add_member, init_server

    dsn = str(pg_server.new_database())
    init_server(dsn)
    with psycopg.connect(dsn, autocommit=True) as pg:  # the tests' user (ESGDESK_USER) works for the ESG office
        pg.execute("CREATE ROLE tester LOGIN")
    add_member(dsn, "tester", None)
    return dsn.split("?")[0].rsplit("/", 1)[1]


@pytest.fixture
def server_db(pg_server: Any, _server_template: str) -> str:
    """The admin DSN of a new database on the private test server, prepared by `esgdesk server init`."""
    return str(pg_server.new_database(template=_server_template))


def in_store(rep: Report, store: str, request: pytest.FixtureRequest) -> Report:
    if store == "file":
        return rep
    from tests.stores import on_server

    return on_server(rep, request.getfixturevalue("server_db"))


@pytest.fixture
def demo(demo_path: Path, store: str, request: pytest.FixtureRequest) -> Iterator[Report]:
    rep = in_store(Report.open(demo_path), store, request)
    yield rep
    rep.close()


@pytest.fixture
def mini(tmp_path: Path, mini_catalogue: Catalogue, store: str, request: pytest.FixtureRequest) -> Iterator[Report]:
    rep = Report.create(
        tmp_path / "mini.esg",
        mini_catalogue,
        company="ACME Ltd",
        year=2023,
        entity_id="acme",
        identifier="600000",
        scheme="http://www.sse.com.cn",
    )
    rep = in_store(rep, store, request)
    yield rep
    rep.close()
