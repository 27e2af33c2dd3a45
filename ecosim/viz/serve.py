"""`ecosim viz`: serve the educator app on this machine, with no internet needed.

Solara reads its settings from the environment when it is imported, so the app runs
in a fresh `python -m solara run` process (this one is replaced by it: Ctrl-C stops
the server) with the environment of `ecosim.viz.assets.server_env`.
"""

from __future__ import annotations

import os
import socket
import sys

from ecosim.args import ArgumentParser, require
from ecosim.config import ConfigError
from ecosim.viz import assets


def _parser() -> ArgumentParser:
    p = ArgumentParser(prog="ecosim viz", description="Open the educator app in a browser.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free port)")
    return p


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def cmd_viz(args: list[str]) -> None:
    opts = _parser().parse_args(args)
    require("solara", "viz", "ecosim viz")
    if not 0 <= opts.port <= 65535:
        raise ConfigError(f"viz: --port={opts.port} is out of range; allowed: [0, 65535]")
    if assets.missing():
        print("ecosim viz: fetching the app's front-end assets once (npm registry)...", flush=True)
        assets.fetch()
    port = opts.port or free_port(opts.host)
    env = {**os.environ, **assets.server_env(), "SOLARA_CHECK_HOOKS": "off"}
    command = [
        sys.executable, "-m", "solara", "run", "ecosim.viz.app",
        "--host", opts.host, "--port", str(port),
        "--production", "--no-open", "--no-check-version", "--log-level", "warning",
    ]  # fmt: skip
    print(f"ecosim viz: open http://{opts.host}:{port} (Ctrl-C to stop)", flush=True)
    os.execve(sys.executable, command, env)
