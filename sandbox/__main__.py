"""``python -m sandbox --port 8000``: serve the Aether V3 sandbox until Ctrl-C."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .faults import CATALOGUE
from .server import bind, make_server
from .settings import Settings, SettingsError

DEFAULT_PORT = 8000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Serve the Aether V3 sandbox.")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--data-dir", type=Path, help="keep the database and blobs here (default: a fresh temp dir)")
    parser.add_argument("--lockout-seconds", type=float, help="sign-in lockout window (default 900)")
    parser.add_argument("--max-upload-bytes", type=int, help="largest accepted upload (default 10485760)")
    parser.add_argument("--max-token-seconds", type=int, help="longest token lifetime (default 86400)")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="switch a catalogued fault on (repeatable); see --list-faults")
    parser.add_argument("--list-faults", action="store_true", help="print the fault catalogue and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list_faults:
        for name, (area, description) in CATALOGUE.items():
            print(f"{name:36} {area:8} {description}")
        return 0
    port = args.port
    if port is None and not os.environ.get("AETHER_SANDBOX_PORT", "").strip():
        port = DEFAULT_PORT
    try:
        settings = Settings.from_env(
            extra_faults=args.fault, host=args.host, port=port, data_dir=args.data_dir,
            lockout_seconds=args.lockout_seconds, max_upload_bytes=args.max_upload_bytes,
            max_token_seconds=args.max_token_seconds)
        sock = bind(settings)
    except (SettingsError, OSError) as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        return 2
    server = make_server(settings)
    host, bound_port = sock.getsockname()[:2]
    print(f"Aether sandbox serving at http://{host}:{bound_port}"
          f" (data: {server.config.app.state.storage.root}; faults: {', '.join(sorted(settings.faults)) or 'none'})."
          " Ctrl-C stops it.", flush=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down gracefully, then re-raises the Ctrl-C it caught
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
