"""Connections to the server: a network that drops away silently cannot hold an edit for long."""

from __future__ import annotations

from pathlib import Path

from esgdesk.core.server_url import ReportURL
from esgdesk.core.store.server.connect import connect
from esgdesk.core.store.server.transfer import publish


def _settings(url: str) -> dict[str, str]:
    with connect(ReportURL.parse(url)) as pg:
        return dict(part.split("=", 1) for part in pg.info.dsn.split())


def test_connections_give_up_on_a_silent_network_within_a_minute(server_db: str, demo_path: Path) -> None:
    got = _settings(publish(demo_path, server_db))
    # unacknowledged data abandoned after 30 s; an idle connection probed after 30 s, dead after 3 x 10 s more
    assert got["tcp_user_timeout"] == "30000" and got["keepalives"] == "1"
    assert int(got["keepalives_idle"]) + int(got["keepalives_interval"]) * int(got["keepalives_count"]) <= 60
    assert got["connect_timeout"] == "10"


def test_the_urls_own_network_settings_win(server_db: str, demo_path: Path) -> None:
    url = publish(demo_path, server_db)
    got = _settings(url.replace("?", "?keepalives_idle=5&tcp_user_timeout=1000&", 1))
    assert got["keepalives_idle"] == "5" and got["tcp_user_timeout"] == "1000"
