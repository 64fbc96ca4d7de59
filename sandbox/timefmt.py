"""Contract timestamps: ISO 8601, UTC, whole seconds, 'Z' suffix."""
from datetime import datetime, timezone


def utc_second(epoch: float) -> datetime:
    """The UTC moment ``epoch`` seconds after 1970, to the whole second (the sandbox's now: Settings.now())."""
    return datetime.fromtimestamp(epoch, timezone.utc).replace(microsecond=0)


def iso_z(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"  # year 0005, not 5


def parse_with_offset(text: str) -> datetime:
    """Parse ISO 8601 that carries an offset; raise ValueError when it has none or is not ISO 8601."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-03-10T09:30:00Z")
    try:
        return moment.astimezone(timezone.utc).replace(microsecond=0)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError("is out of range once converted to UTC") from None
