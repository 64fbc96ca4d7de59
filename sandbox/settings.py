"""Every sandbox setting in one place: defaults, environment variables, validation."""
from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import faults as fault_catalogue


class SettingsError(ValueError):
    """A bad setting; its message is one line that says what to do."""


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port, chosen at start
    data_dir: Path | None = None  # None: a fresh temporary directory per start
    lockout_seconds: float = 900.0  # read per request, so a running sandbox can be retuned
    max_upload_bytes: int = 10_485_760
    max_token_seconds: int = 86_400
    faults: frozenset[str] = frozenset()
    jwt_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    # The sandbox's clock is the system's this far ahead; read per request. It only moves forward
    # (EmbeddedSandbox.let_time_pass), so what the sandbox stamped never lies in its future.
    clock_ahead_seconds: float = 0.0

    def __post_init__(self) -> None:
        bad = fault_catalogue.unknown(self.faults)
        if bad:
            raise SettingsError(
                f"unknown sandbox fault(s) {', '.join(bad)}: see `python -m sandbox --list-faults`"
            )
        for name in ("lockout_seconds", "max_upload_bytes", "max_token_seconds"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be greater than 0")
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port must be between 0 and 65535, not {self.port}")

    def fault(self, name: str) -> bool:
        """True when the named fault is switched on (the name must be in the catalogue)."""
        assert name in fault_catalogue.CATALOGUE, name
        return name in self.faults

    def now(self) -> float:
        """The sandbox's time, in seconds since the epoch: every token, lock and timestamp is read from it."""
        return time.time() + self.clock_ahead_seconds

    @classmethod
    def from_env(cls, env=os.environ, extra_faults=(), **overrides) -> "Settings":
        """Settings from AETHER_SANDBOX_* variables; keyword overrides (CLI flags) win, faults add up."""
        values = {}
        for key, var, kind in _ENV_VARS:
            raw = env.get(var, "").strip()
            if raw:
                try:
                    values[key] = kind(raw)
                except ValueError:
                    raise SettingsError(f"{var}={raw!r} is not a valid {kind.__name__}") from None
        raw_faults = env.get("AETHER_SANDBOX_FAULTS", "")
        values["faults"] = frozenset(f.strip() for f in raw_faults.split(",") if f.strip()) | set(extra_faults)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


_ENV_VARS = (
    ("port", "AETHER_SANDBOX_PORT", int),
    ("data_dir", "AETHER_SANDBOX_DATA_DIR", Path),
    ("lockout_seconds", "AETHER_SANDBOX_LOCKOUT_SECONDS", float),
    ("max_upload_bytes", "AETHER_SANDBOX_MAX_UPLOAD_BYTES", int),
    ("max_token_seconds", "AETHER_SANDBOX_MAX_TOKEN_SECONDS", int),
)
