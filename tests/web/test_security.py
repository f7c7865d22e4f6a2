"""Headers, the token and the bind rule (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from codecanary.cli import main
from codecanary.errors import ConfigError
from codecanary.store import Store
from codecanary.web import create_app
from codecanary.web.security import check_bind, is_loopback, token_matches

TOKEN = "s3cret-token-for-tests"


@pytest.fixture()
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def test_csp_and_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/audits", "/compare", "/api/subjects", "/subjects/none", "/nope",
                 "/static/charts.js"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "'unsafe-eval'" not in csp, path
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_empty_store_shows_empty_states(client: TestClient) -> None:
    assert "No subjects stored yet" in client.get("/").text
    assert "No tokenizer or dataset audit" in client.get("/audits").text
    missing = client.get("/subjects/ghost")
    assert missing.status_code == 404 and "ghost" in missing.text


def test_read_only(client: TestClient) -> None:
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/api/subjects").status_code == 405


def test_token_required_when_set(store: Store) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    assert client.get("/").status_code == 401
    assert client.get("/api/subjects", headers={"Authorization": "Bearer wrong"}
                      ).status_code == 401
    assert client.get("/api/subjects", headers={"Authorization": f"Bearer {TOKEN}"}
                      ).status_code == 200
    first = client.get(f"/?token={TOKEN}")
    assert first.status_code == 200 and "httponly" in first.headers["set-cookie"].lower()
    assert client.get("/audits").status_code == 200  # the cookie now carries it
    assert "content-security-policy" in TestClient(create_app(store, token=TOKEN)).get(
        "/").headers


def test_bind_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(ConfigError, match="token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(ConfigError, match="16 characters"):
        check_bind("0.0.0.0", "short")
    assert token_matches(TOKEN, TOKEN) and not token_matches(TOKEN[:-1], TOKEN)
    assert not token_matches(None, TOKEN)


def test_serve_refuses_a_public_bind_without_token(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODECANARY_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "serve", "--host",
                                       "0.0.0.0"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "token" in result.stderr
