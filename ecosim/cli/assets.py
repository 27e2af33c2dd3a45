"""`ecosim assets [--check]`: fetch the educator app's front-end assets once from the npm
registry (`ecosim.viz.assets`), or only check that they are complete."""

from __future__ import annotations

from ecosim.args import require
from ecosim.config import ConfigError
from ecosim.viz.assets import assets_dir, fetch, missing


def cmd_assets(args: list[str]) -> None:
    """`ecosim assets [--check]`: fetch the app's front-end assets (or only check them)."""
    unknown = [a for a in args if a != "--check"]
    if unknown:
        raise ConfigError(f"unknown option {unknown[0]!r}; allowed: --check")
    require("solara", "viz", "ecosim assets")
    directory = assets_dir()
    if "--check" in args:
        gone = missing(directory)
        if gone:
            raise ConfigError(f"missing front-end assets in {directory}: {', '.join(gone)}")
        print(f"front-end assets complete in {directory}")
        return
    fetched = fetch(directory)
    what = f"fetched {', '.join(fetched)}" if fetched else "already complete"
    print(f"front-end assets in {directory}: {what}")
