"""In-process sandbox for its own tests: FastAPI's TestClient, a fresh data directory per test."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sandbox.app import create_app
from sandbox.settings import Settings

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
KEYS = {ONESKY: "sbx-onesky-4f1c9a", NORTHWIND: "sbx-northwind-b3e8d2"}
REVOKED_KEY = "sbx-onesky-revoked-77d0"
SITES = {ONESKY: "92vkYC4fVEl", NORTHWIND: "Rv3kTq8LmZa"}
EVENTS = {ONESKY: "pjrcghqwert", NORTHWIND: "Nw0EvtExpo1"}
PEOPLE = {  # name: (account, email, passcode, person_id)
    "osiris": (ONESKY, "osiris@demo.example", "424242", "QWODAPCNLQU"),
    "cleo": (ONESKY, "cleo@demo.example", "515151", "HMQRNPIXQMK"),
    "scott": (ONESKY, "scott@demo.example", "636363", "ffkKxiHpOEC"),
    "nadia": (NORTHWIND, "nadia@northwind.example", "737373", "Nw5NadiaWr3"),
}


class Api:
    """A TestClient that knows the demo personas: ``api.get("osiris", "/v3/auth/me")``."""

    def __init__(self, client: TestClient):
        self.client = client
        self.app = client.app
        self._tokens: dict[str, str] = {}

    def token(self, name: str) -> str:
        if name not in self._tokens:
            account, email, passcode, _ = PEOPLE[name]
            r = self.client.post("/v3/auth/passcode", headers={"x-aether-api-key": KEYS[account]},
                                 json={"site_id": SITES[account], "email": email, "passcode": passcode})
            assert r.status_code == 200, r.text
            self._tokens[name] = r.json()["access_token"]
        return self._tokens[name]

    def headers(self, name: str) -> dict:
        account = PEOPLE[name][0]
        return {"x-aether-api-key": KEYS[account], "x-aether-account-id": account,
                "authorization": f"Bearer {self.token(name)}"}

    def request(self, method: str, name: str, path: str, **kwargs):
        headers = {**self.headers(name), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def get(self, name, path, **kw):
        return self.request("GET", name, path, **kw)

    def post(self, name, path, **kw):
        return self.request("POST", name, path, **kw)

    def patch(self, name, path, **kw):
        return self.request("PATCH", name, path, **kw)

    def delete(self, name, path, **kw):
        return self.request("DELETE", name, path, **kw)


@pytest.fixture
def make_api(tmp_path):
    """``make_api(faults={"x"}, lockout_seconds=1)``: an Api over a fresh sandbox with those settings."""
    clients = []

    def make(**settings) -> Api:
        settings.setdefault("data_dir", tmp_path / f"data{len(clients)}")
        client = TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return Api(client)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def api(make_api) -> Api:
    return make_api()
