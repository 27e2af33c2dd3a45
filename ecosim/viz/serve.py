"""Serving the educator app on this machine, with no internet needed.

Solara reads its settings from the environment when it is imported, so the app runs
in a fresh `python -m solara run` process (`ecosim viz` is replaced by it: Ctrl-C stops
the server) with the environment of `ecosim.viz.assets.server_env`.
"""

from __future__ import annotations

import os
import socket
import sys

from ecosim.viz import assets


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_command(host: str, port: int) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a Solara server of the app on host:port that
    serves only local assets."""
    env = {**os.environ, **assets.server_env(), "SOLARA_CHECK_HOOKS": "off"}
    command = [
        sys.executable, "-m", "solara", "run", "ecosim.viz.app",
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version", "--log-level", "warning",
    ]  # fmt: skip
    return command, env
