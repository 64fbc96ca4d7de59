"""What the suite runs against, read from behave userdata (-D name=value) and the environment.

Userdata wins over the environment. Every setting has one name: ``-D timeout=5`` or
``AETHER_TIMEOUT=5``; ``-D api_key_onesky=...`` or ``AETHER_API_KEY_ONESKY=...``.

- No base URL: the suite starts the embedded sandbox and uses its public secrets (contract §4).
- A base URL: every secret must be given, except with ``sandbox_secrets`` on
  (AETHER_SANDBOX_SECRETS=1), for a sandbox started separately with ``python -m sandbox``;
  then the secrets not given are the sandbox's.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from aether_suite.errors import SuiteError

# The sandbox's secrets are public and fixed (contract §4); no other environment's live here.
SANDBOX_SECRETS: Mapping[str, str] = {
    "api_key_onesky": "sbx-onesky-4f1c9a",
    "api_key_onesky_revoked": "sbx-onesky-revoked-77d0",
    "api_key_northwind": "sbx-northwind-b3e8d2",
    "passcode_osiris": "424242",
    "passcode_cleo": "515151",
    "passcode_scott": "636363",
    "passcode_nadia": "737373",
}

DEFAULT_TIMEOUT_SECONDS = 10.0
# Connecting is quick or never: a short connect timeout keeps an unreachable server fast to report.
CONNECT_TIMEOUT_SECONDS = 2.0
# Arrangement at volume (AetherApi.arrange_many_leads): requests in flight at once. Against a distant
# server each request mostly waits for the round trip, so many are in flight; the embedded sandbox
# shares the suite's process and its GIL, where more threads only contend. AETHER_ARRANGE_WORKERS
# sets it, up to MAX_ARRANGE_WORKERS.
EMBEDDED_ARRANGE_WORKERS = 4
REMOTE_ARRANGE_WORKERS = 16
MAX_ARRANGE_WORKERS = 64

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class ConfigError(SuiteError):
    """A setting is missing or wrong; the message is one line naming it and saying what to do."""


def variable(name: str) -> str:
    """The environment variable of a setting: ``api_key_onesky`` -> ``AETHER_API_KEY_ONESKY``."""
    return f"AETHER_{name.upper()}"


@dataclass(frozen=True)
class SuiteConfig:
    base_url: str | None  # None: start the embedded sandbox
    secrets: Mapping[str, str] = dataclasses.field(repr=False)
    timeout: float = DEFAULT_TIMEOUT_SECONDS  # seconds to wait for an answer to one request
    arrange_workers: int = EMBEDDED_ARRANGE_WORKERS  # requests in flight when arranging at volume

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @property
    def timeouts(self) -> tuple[float, float]:
        """(connect, read) timeouts for requests."""
        return min(CONNECT_TIMEOUT_SECONDS, self.timeout), self.timeout

    def secret(self, name: str) -> str:
        return self.secrets[name]

    def targeting(self, base_url: str) -> "SuiteConfig":
        """The same settings aimed at a server that has just been started (the embedded sandbox)."""
        return dataclasses.replace(self, base_url=base_url)

    @classmethod
    def load(cls, environ: Mapping[str, str], userdata: Mapping[str, str] | None = None) -> "SuiteConfig":
        settings = _Settings(environ, userdata or {})
        base_url = settings.get("base_url")
        if base_url is not None:
            base_url = _server_root(base_url, settings.source("base_url"))
        timeout = _seconds(settings.get("timeout"), settings.source("timeout"))
        arrange_workers = _arrange_workers(settings.get("arrange_workers"), settings.source("arrange_workers"),
                                           EMBEDDED_ARRANGE_WORKERS if base_url is None else REMOTE_ARRANGE_WORKERS)
        use_sandbox_secrets = base_url is None or settings.flag("sandbox_secrets")
        secrets = {}
        for name, sandbox_value in SANDBOX_SECRETS.items():
            value = settings.get(name)
            if value is None and not use_sandbox_secrets:
                raise ConfigError(
                    f"{variable(name)} is not set: against AETHER_BASE_URL every secret is needed "
                    f"(or set AETHER_SANDBOX_SECRETS=1 when that server is the sandbox)")
            secrets[name] = sandbox_value if value is None else value
        return cls(base_url=base_url, secrets=secrets, timeout=timeout, arrange_workers=arrange_workers)


class _Settings:
    """Looks a setting up in userdata first, then in the environment; blank counts as not set."""

    def __init__(self, environ: Mapping[str, str], userdata: Mapping[str, str]):
        self._environ, self._userdata = environ, userdata

    def get(self, name: str) -> str | None:
        value = self._userdata.get(name)
        if value is None:
            value = self._environ.get(variable(name))
        value = None if value is None else str(value).strip()
        return value or None

    def source(self, name: str) -> str:
        """How the user spelled the setting, for error messages."""
        return f"-D {name}" if name in self._userdata else variable(name)

    def flag(self, name: str) -> bool:
        value = (self.get(name) or "").lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ConfigError(f"{self.source(name)}={value!r} is not a yes/no value: use 1 or 0")


def _server_root(url: str, source: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{source}={url!r} is not a server URL: use e.g. http://localhost:8000")
    root = url.rstrip("/")
    if root.endswith("/v3"):
        raise ConfigError(f"{source}={url!r} ends in /v3: give the server root, e.g. {root[:-3]}")
    return root


def _seconds(value: str | None, source: str) -> float:
    if value is None:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise ConfigError(f"{source}={value!r} is not a number of seconds between 0 and 600: use e.g. 10")
    return seconds


def _arrange_workers(value: str | None, source: str, default: int) -> int:
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ARRANGE_WORKERS):
        raise ConfigError(f"{source}={value!r} is not a number of requests in flight from 1 to "
                          f"{MAX_ARRANGE_WORKERS}: use e.g. {REMOTE_ARRANGE_WORKERS}")
    return int(value)
