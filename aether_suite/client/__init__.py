"""Talking to the API: the per-scenario ``context.api``, the run it shares, config, personas, redacted records."""
