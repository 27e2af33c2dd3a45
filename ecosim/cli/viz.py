"""`ecosim viz`: open the educator app in a browser, served from this machine
(`ecosim.viz.serve`); the app's imports are checked first (one line naming what to
install) and the front-end assets are fetched once if missing."""

from __future__ import annotations

import os
import sys

from ecosim.args import ArgumentParser
from ecosim.config import ConfigError


def _parser() -> ArgumentParser:
    p = ArgumentParser(prog="ecosim viz", description="Open the educator app in a browser.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free port)")
    return p


def cmd_viz(args: list[str]) -> None:
    opts = _parser().parse_args(args)
    if not 0 <= opts.port <= 65535:
        raise ConfigError(f"viz: --port={opts.port} is out of range; allowed: [0, 65535]")
    from ecosim.viz.serve import (
        INSTALL,
        check_port,
        free_port,
        missing_module,
        server_command,
    )

    broken = missing_module()
    if broken is not None:
        module, detail = broken
        if module:
            print(f"ecosim viz: missing {module}; install the app with: {INSTALL}", file=sys.stderr)
        else:
            print(f"ecosim viz: the app does not import ({detail}); {INSTALL}", file=sys.stderr)
        raise SystemExit(2)
    if opts.port:
        check_port(opts.host, opts.port)
    from ecosim.viz import assets

    if assets.missing():
        print("ecosim viz: fetching the app's front-end assets once (npm registry)...", flush=True)
        assets.fetch()
    port = opts.port or free_port(opts.host)
    command, env = server_command(opts.host, port)
    print(f"ecosim viz: open http://{opts.host}:{port} (Ctrl-C to stop)", flush=True)
    os.execve(sys.executable, command, env)
