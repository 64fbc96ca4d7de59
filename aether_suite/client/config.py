"""What the suite runs against, read from behave userdata (-D name=value) and the environment.

Userdata wins over the environment. Every setting has one name: ``-D timeout=5`` or
``AETHER_TIMEOUT=5``; ``-D api_key_onesky=...`` or ``AETHER_API_KEY_ONESKY=...``.

- No base URL: the suite starts the embedded sandbox and uses its public secrets (contract §4).
- A base URL: every secret must be given, except with ``sandbox_secrets`` on
  (AETHER_SANDBOX_SECRETS=1), for a sandbox started separately with ``python -m sandbox``;
  then the secrets not given are the sandbox's. A base URL holding a user name or password is
  refused: the suite sends only the contract's credentials, and a password in the URL would show
  wherever the URL does.
- ``refused_passcodes``: the file where the start-up checks remember, as salted fingerprints, the
  passcodes a server refused (run/preflight.py), so that a wrong one is never sent twice.
- ``AETHER_ENV=staging``: environments/staging.toml gives what is not secret (base_url, timeout,
  sandbox_secrets, and where that deployment's demo dataset differs from contract §4, see
  client/personas.py); its secrets come from the environment or environments/staging.secrets.toml
  (git-ignored). Userdata and the environment still win over both files. ``AETHER_ENV_DIR`` names
  another folder of such files (kept, say, with the deployments) in place of environments/.
"""
from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from aether_suite.client.transport import CONNECT_TIMEOUT_SECONDS, display_url
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
# Git-ignored (.gitignore): which passcodes each server refused, as salted fingerprints, never the passcodes.
DEFAULT_REFUSED_PASSCODES = Path(__file__).resolve().parents[2] / ".aether" / "refused-passcodes.json"
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
    timeout: float = DEFAULT_TIMEOUT_SECONDS  # seconds for the whole answer to one request, body included
    refused_passcodes: Path = DEFAULT_REFUSED_PASSCODES
    own_sandbox: bool = False  # the server is the sandbox this run started (nobody else signs in on it)
    arrange_workers: int = EMBEDDED_ARRANGE_WORKERS  # requests in flight when arranging at volume

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @property
    def connect_timeout(self) -> float:
        return min(CONNECT_TIMEOUT_SECONDS, self.timeout)

    def secret(self, name: str) -> str:
        return self.secrets[name]

    def targeting(self, base_url: str) -> "SuiteConfig":
        """The same settings aimed at a server that has just been started (the embedded sandbox)."""
        return dataclasses.replace(self, base_url=base_url, own_sandbox=True)

    @classmethod
    def load(cls, environ: Mapping[str, str], userdata: Mapping[str, str] | None = None) -> "SuiteConfig":
        settings = _Settings(environ, userdata or {}, *environment_files(environ))
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
        refused = settings.get("refused_passcodes")
        return cls(base_url=base_url, secrets=secrets, timeout=timeout, arrange_workers=arrange_workers,
                   refused_passcodes=Path(refused) if refused else DEFAULT_REFUSED_PASSCODES)


class _Settings:
    """Looks a setting up in userdata first, then in the environment, then in the named environment's
    files (``files``, from environment_files); blank counts as not set."""

    def __init__(self, environ: Mapping[str, str], userdata: Mapping[str, str],
                 files: Mapping[str, str] | None = None, file_source: str = ""):
        self._environ, self._userdata = environ, userdata
        self._files, self._file_source = files or {}, file_source

    def get(self, name: str) -> str | None:
        value = self._userdata.get(name)
        if value is None:
            value = self._environ.get(variable(name))
        if value is None or not str(value).strip():
            value = self._files.get(name)
        value = None if value is None else str(value).strip()
        return value or None

    def source(self, name: str) -> str:
        """How the user spelled the setting, for error messages."""
        if name in self._userdata:
            return f"-D {name}"
        if not (self._environ.get(variable(name)) or "").strip() and name in self._files:
            return f"{name} in {self._file_source}"
        return variable(name)

    def flag(self, name: str) -> bool:
        value = (self.get(name) or "").lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ConfigError(f"{self.source(name)}={value!r} is not a yes/no value: use 1 or 0")


def _server_root(url: str, source: str) -> str:
    shown = display_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        raise ConfigError(f"{source}={shown!r} is not a server URL: use e.g. http://localhost:8000") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{source}={shown!r} is not a server URL: use e.g. http://localhost:8000")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"{source} holds a user name or password: give the URL without them ({shown}); "
                          f"the suite sends only the contract's credentials (README: a gateway's own sign-in)")
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


# ----------------------------------------------------------------------------- named environments (AETHER_ENV)

ENVIRONMENTS = Path(__file__).resolve().parents[2] / "environments"
# What an environment's committed file may set.
FILE_SETTINGS = ("base_url", "timeout", "arrange_workers", "sandbox_secrets")
# Where its demo dataset differs from contract §4: [accounts."One Sky"], [personas.Scott] (client/personas.py).
# Names are not among them: features call the accounts and personas by the contract's names.
DATASET_FIELDS = {"accounts": ("account_id", "site_id", "domain", "event_id"),
                  "personas": ("person_id", "email")}
DATASET_TABLES = tuple(DATASET_FIELDS)


def environments_folder(environ: Mapping[str, str]) -> Path:
    """Where the environment files are: AETHER_ENV_DIR (a folder kept elsewhere, such as a deployment
    repository's) or the project's environments/."""
    given = (environ.get("AETHER_ENV_DIR") or "").strip()
    if not given:
        return ENVIRONMENTS
    folder = Path(given).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"AETHER_ENV_DIR={given!r} is not a folder: name the folder that holds the "
                          f"environment files, or unset it to use environments/")
    return folder


def _shown(path: Path) -> str:
    """An environment file as messages name it: environments/<file> for the project's own."""
    return f"environments/{path.name}" if path.parent == ENVIRONMENTS else str(path)


def named_environment(environ: Mapping[str, str]) -> dict:
    """<environments folder>/<AETHER_ENV>.toml as read; {} when AETHER_ENV is not set. ConfigError in one
    line if it is unknown, unreadable or holds a secret."""
    name = (environ.get("AETHER_ENV") or "").strip()
    if not name:
        return {}
    folder = environments_folder(environ)
    path = folder / f"{name}.toml"
    known = sorted(p.stem for p in folder.glob("*.toml") if not p.stem.endswith(".secrets"))
    if not name.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        raise ConfigError(f"AETHER_ENV={name!r} names no environment: use one of {', '.join(known)} "
                          f"(files in {'environments/' if folder == ENVIRONMENTS else folder})")
    shown, secrets_shown = _shown(path), _shown(folder / f"{name}.secrets.toml")
    committed, ignored = (" is committed, so it", " (git-ignored)") if folder == ENVIRONMENTS else ("", "")
    values = _read_toml(path)
    unknown = sorted(set(values) - set(FILE_SETTINGS) - set(DATASET_TABLES))
    if unknown:
        secret = [key for key in unknown if key in SANDBOX_SECRETS]
        raise ConfigError(
            f"{shown}{committed} must hold no secret: put {secret[0]} in "
            f"{secrets_shown}{ignored} or {variable(secret[0])}" if secret else
            f"{shown} sets {', '.join(unknown)}, which it may not: it sets only "
            f"{', '.join(FILE_SETTINGS)} and the tables {', '.join(DATASET_TABLES)}")
    for table, fields in DATASET_FIELDS.items():
        for key, given in values.get(table, {}).items():
            wrong = sorted(set(given) - set(fields)) if isinstance(given, dict) else [str(given)]
            if wrong:
                raise ConfigError(f"{shown}: [{table}.{key}] sets {', '.join(wrong)}; "
                                  f"it may set {', '.join(fields)}")
    return values


def environment_files(environ: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The named environment's settings and secrets (environments/<name>.secrets.toml, git-ignored, when
    there is one), as setting name -> value, and how to name their source in a message."""
    environment = named_environment(environ)
    if not environment:
        return {}, ""
    name = environ["AETHER_ENV"].strip()
    folder = environments_folder(environ)
    secrets_path = folder / f"{name}.secrets.toml"
    secrets = _read_toml(secrets_path) if secrets_path.is_file() else {}
    not_secret = sorted(set(secrets) - set(SANDBOX_SECRETS))
    if not_secret:
        raise ConfigError(f"{_shown(secrets_path)} sets {', '.join(not_secret)}: it holds only "
                          f"the secrets ({', '.join(SANDBOX_SECRETS)})")
    values = {key: str(value).lower() if isinstance(value, bool) else str(value)
              for key, value in {**environment, **secrets}.items() if key in FILE_SETTINGS or key in SANDBOX_SECRETS}
    return values, _shown(folder / f"{name}.toml")


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{_shown(path)} cannot be read: "
                          f"{' '.join(str(error).split())}; fix the file") from None
