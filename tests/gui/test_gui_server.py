"""A report on a PostgreSQL server in the app: File → Open Server Report (the URL remembered without its
password), other people's edits appearing in the open form, and a conflict the user settles."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt

from esgdesk.core.store import open_report
from esgdesk.core.store.server.transfer import publish
from esgdesk.gui.form_model import Col
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.settings import AppSettings

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


@pytest.fixture
def url(demo_path: Path, server_db: str) -> str:
    return publish(demo_path, server_db).replace("user=postgres", "user=tester")


@pytest.fixture
def window(qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, url: str) -> Iterator[MainWindow]:
    w = MainWindow(settings, dialogs)
    qtbot.addWidget(w)
    dialogs.answer("ask_text", url + "&password=secret")
    w.act_open_server.trigger()
    assert w.session is not None, dialogs.asked
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_report()


def _shown(window: MainWindow, indicator: str) -> str:
    assert window.select_cell(indicator)
    row = window.form_model.row_of(indicator)
    assert row is not None
    return str(window.form_model.index(row, Col.CURRENT).data())


def test_open_server_report_remembers_the_url_without_its_password(
    window: MainWindow, settings: AppSettings, url: str
) -> None:
    assert window.session is not None and window.session.report.meta.company.startswith("LUSTER")
    assert settings.server_url == url and "secret" not in settings.server_url
    assert settings.recent_files == []  # a URL is not a file


def test_other_peoples_edits_appear_in_the_open_form(qtbot: Any, window: MainWindow, url: str) -> None:
    assert _shown(window, "employees_total") == "1,981"
    with open_report(url) as other:
        other.set_text("employees_total", "2,345")
    qtbot.waitUntil(lambda: _shown(window, "employees_total") == "2,345", timeout=5000)
    assert window.session is not None and window.session.engine.findings_for("employees_total", 2023, "luster")


@pytest.mark.parametrize("keep_mine", [True, False])
def test_a_conflict_shows_both_figures_and_keeps_the_one_chosen(
    qtbot: Any, window: MainWindow, url: str, dialogs: FakeDialogs, keep_mine: bool
) -> None:
    session = window.session
    assert session is not None
    session._poll_timer.stop()  # the timer would take their edit in first: the conflict is the point here
    with open_report(url) as other:
        other.set_text("employees_total", "2,100")
    dialogs.answer("confirm", keep_mine)
    assert window.select_cell("employees_total")
    row = window.form_model.row_of("employees_total")
    assert row is not None
    window.form_model.setData(window.form_model.index(row, Col.CURRENT), "2,200")
    (question,) = dialogs.texts("confirm")
    assert "2,100" in question and "2,200" in question
    expected = "2,200" if keep_mine else "2,100"
    assert _shown(window, "employees_total") == expected
    with open_report(url, readonly=True) as again:
        assert again.get("employees_total").entered == expected
        assert again.integrity_problems == []


def test_after_a_server_restart_the_app_reconnects_and_says_so(
    qtbot: Any, window: MainWindow, url: str, pg_server: Any
) -> None:
    pg_server.restart()
    qtbot.waitUntil(lambda: "made again" in window.statusBar().currentMessage(), timeout=10000)
    with open_report(url) as other:
        other.set_text("employees_total", "2,345")
    qtbot.waitUntil(lambda: _shown(window, "employees_total") == "2,345", timeout=5000)


def test_the_app_starts_on_a_server_reports_url(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, url: str
) -> None:
    from esgdesk.cli.main import app_arguments
    from esgdesk.gui.app import build_window

    assert app_arguments([url]) == (url, False) and app_arguments(["open", "--read-only", url]) == (url, True)
    w = build_window(url, read_only=True, settings=settings, dialogs=dialogs)
    qtbot.addWidget(w)
    assert w.session is not None and w.session.readonly and dialogs.asked == []
    w.close_report()


def test_while_the_server_is_away_the_app_says_so_and_waits_for_it_off_the_gui_thread(
    qtbot: Any, window: MainWindow, url: str, pg_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esgdesk.core.store.server import connect, report

    tried: list[threading.Thread] = []

    def connect_spy(target: Any) -> Any:
        tried.append(threading.current_thread())
        return real(target)

    real = connect.connect
    monkeypatch.setattr(connect, "connect", connect_spy)  # the app's wait for the server
    monkeypatch.setattr(report, "connect", connect_spy)  # the report's own reconnection
    pg_server.stop()
    try:
        qtbot.waitUntil(lambda: "cannot reach the server" in window.form_message.text(), timeout=10000)
        assert "esgdesk reconnects" in window.form_message.text()
        qtbot.waitUntil(lambda: len(tried) >= 3, timeout=15000)  # a few tries while it is away...
        from_gui = [t for t in tried if t is threading.main_thread()]
        assert len(from_gui) <= 2, "the GUI thread kept trying a server that is away"  # ...not each second there
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: "made again" in window.statusBar().currentMessage(), timeout=20000)
    assert window.form_message.text() == ""
    with open_report(url) as other:
        other.set_text("employees_total", "2,345")
    qtbot.waitUntil(lambda: _shown(window, "employees_total") == "2,345", timeout=5000)


def test_a_wrong_password_is_one_message_without_the_password(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, url: str, pg_server: Any
) -> None:
    pg_server.password_role("desk_user", "right")
    w = MainWindow(settings, dialogs)
    qtbot.addWidget(w)
    dialogs.answer("ask_text", url.replace("user=tester", "user=desk_user&password=wrong"))
    w.act_open_server.trigger()
    assert w.session is None
    (shown,) = dialogs.texts("error")
    assert "wrong user name or password" in shown and "wrong&" not in shown and "password=" not in shown
    assert "Traceback" not in shown
    assert "desk_user" not in settings.server_url  # nothing remembered from a failed open


def test_the_app_takes_the_password_from_pgpass_and_the_server_from_a_service_file(
    qtbot: Any,
    settings: AppSettings,
    dialogs: FakeDialogs,
    url: str,
    server_db: str,
    pg_server: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from esgdesk.core.store.server.transfer import add_member

    pg_server.password_role("desk_user", "right")
    add_member(server_db, "desk_user", None)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("*:*:*:desk_user:right\n")
    pgpass.chmod(0o600)
    services = tmp_path / "services.conf"
    database = server_db.split("?")[0].rsplit("/", 1)[1]
    services.write_text(f"[esg]\nhost={pg_server.folder}\nport={pg_server.port}\nuser=desk_user\ndbname={database}\n")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    service_url = "postgresql://?service=esg&report=" + url.rsplit("report=", 1)[1]
    w = MainWindow(settings, dialogs)
    qtbot.addWidget(w)
    dialogs.answer("ask_text", service_url)
    w.act_open_server.trigger()
    assert w.session is not None, dialogs.texts("error")
    assert w.session.report.meta.company.startswith("LUSTER")
    assert settings.server_url == service_url  # what is remembered holds no password
    w.close_report()


def test_a_department_role_can_type_only_its_own_figures_and_has_no_office_actions(
    qtbot: Any, settings: AppSettings, dialogs: FakeDialogs, url: str, server_db: str
) -> None:
    import psycopg

    from esgdesk.core.store.server.transfer import add_member
    from esgdesk.gui import office

    with psycopg.connect(server_db, autocommit=True) as pg:
        pg.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ehs_desk') THEN "
            "CREATE ROLE ehs_desk LOGIN; END IF; END $$"
        )
    add_member(server_db, "ehs_desk", "ehs")
    w = MainWindow(settings, dialogs)
    qtbot.addWidget(w)
    office.install(w)
    dialogs.answer("ask_text", url.replace("user=tester", "user=ehs_desk"))
    w.act_open_server.trigger()
    assert w.session is not None, dialogs.texts("error")

    def editable(indicator: str) -> bool:
        assert w.select_cell(indicator)
        row = w.form_model.row_of(indicator)
        assert row is not None
        return bool(w.form_model.flags(w.form_model.index(row, Col.CURRENT)) & Qt.ItemFlag.ItemIsEditable)

    assert editable("water_total")  # ehs's own
    assert not editable("employees_total")  # hr's: shown, not offered
    assert w.department == "ehs" and w.act_submit.isEnabled()
    assert not any(a.isEnabled() for a in w.office.actions)  # type: ignore[attr-defined]  # issue, merge, ...
    w.close_report()
