"""Contract timestamps: ISO 8601, UTC, whole seconds, 'Z' suffix."""
from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso_z(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_with_offset(text: str) -> datetime:
    """Parse ISO 8601 that carries an offset; raise ValueError when it has none or is not ISO 8601."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-03-10T09:30:00Z")
    return moment.astimezone(timezone.utc).replace(microsecond=0)
