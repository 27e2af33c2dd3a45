"""Serving the educator app on this machine, with no internet needed.

Solara reads its settings from the environment when it is imported, so the app runs
in a fresh `python -m solara run` process (`ecosim viz` is replaced by it: Ctrl-C stops
the server) with the environment of `ecosim.viz.assets.server_env`. Before that,
`missing_module` imports the app in a child process with the same environment, so that
an environment without the app's extra says what to install in one line instead of a
server that starts and then shows a traceback in the browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from ecosim.viz import assets

#: What a teacher runs when a module is missing (README, Educator app).
INSTALL = "pip install -e '.[viz]'"

# Imports the app as the server will and prints the missing module's name, if any.
_PROBE = """
import sys
try:
    import ecosim.viz.app
except ModuleNotFoundError as exc:
    print(exc.name or str(exc))
    sys.exit(3)
"""


def check_port(host: str, port: int) -> None:
    """ConfigError, one line, when `port` cannot be listened on: said before the URL is
    printed, rather than the server's Errno after it."""
    from ecosim.config import ConfigError

    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"viz: cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "with --port N, or --port 0 for any free port"
            ) from None


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    """The server's environment: local assets only, no telemetry, no Solara banner."""
    return {
        **os.environ,
        **assets.server_env(),
        "SOLARA_CHECK_HOOKS": "off",
        # "This website runs on Solara" sits over the page's bottom-right corner.
        "SOLARA_THEME_SHOW_BANNER": "False",
        "SOLARA_THEME_TITLE": "ecosim",
    }


def server_command(host: str, port: int) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a Solara server of the app on host:port that
    serves only local assets."""
    command = [
        sys.executable, "-m", "solara", "run", "ecosim.viz.app",
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version", "--log-level", "warning",
    ]  # fmt: skip
    return command, server_env()


def missing_module() -> tuple[str, str] | None:
    """None when the app imports; else (module, detail) of what stops it: the first
    module missing, or the last line of another import error."""
    res = subprocess.run(
        [sys.executable, "-c", _PROBE], env=server_env(), capture_output=True, text=True
    )
    if res.returncode == 0:
        return None
    if res.returncode == 3:
        name = res.stdout.strip().splitlines()[-1]
        return name.split(".")[0], "missing"
    last = (res.stderr.strip().splitlines() or ["no message"])[-1]
    return "", last
