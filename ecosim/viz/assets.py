"""Solara's front-end assets, served from this machine so the app works without internet.

Solara's page loads its JavaScript and CSS (the Vuetify app, require.js, fonts, the
grid layout) from a CDN through a proxy in the Solara server: the server answers
`/_solara/cdn/<package>@<version>/<file>` from `SOLARA_ASSETS_PROXY_CACHE_DIR` and
downloads only what is missing. A classroom often has no reliable network, so
`ecosim assets` fills that directory beforehand from the npm registry (the same
packages the CDN serves), and `ecosim viz` points Solara at it, with the CDN set to
an address on this machine so that a missing file fails fast instead of leaving it.

The list of packages is read from the installed Solara itself (its page template and
components name `<cdn>/<package>@<version>/...`), so it follows Solara's upgrades.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ecosim.config import ConfigError

#: Where the assets go unless SOLARA_ASSETS_PROXY_CACHE_DIR says otherwise: inside the
#: environment, next to the Solara version they belong to.
DEFAULT_DIR = Path(sys.prefix) / "share" / "ecosim" / "solara-cdn"
#: A CDN that is this machine: a file missing from the cache is refused at once.
LOCAL_ONLY_CDN = "http://127.0.0.1:9/"
COMPLETE = ".complete"

# `{{cdn}}/@widgetti/solara-vuetify-app@10.1.1/dist/...`, `${this.getCdn()}/requirejs@2.3.6/...`
_CDN_REF = re.compile(
    r"(?:\{\{\s*cdn\s*\}\}|getCdn\(\)\}|\{cdn\})/((?:@[\w.-]+/)?[\w.-]+@[\w.+-]+)/"
)
_SPEC = re.compile(r"/?((?:@[\w.-]+/)?[\w.-]+@[\w.+-]+)/")
# Solara's server and UI code; its bundled documentation website is not part of an app.
_SCANNED = ("server/templates", "server/static", "components", "widgets", "lab")


def assets_dir() -> Path:
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(env) if env else DEFAULT_DIR


def required_packages() -> list[str]:
    """npm specs (`name@version`) that the installed Solara loads from its CDN."""
    import solara
    import solara.server.settings as server_settings

    root = Path(solara.__file__).parent
    specs = set()
    for sub in _SCANNED:
        for path in (root / sub).rglob("*"):
            if path.suffix in (".j2", ".vue", ".py", ".js", ".html") and path.is_file():
                specs.update(_CDN_REF.findall(path.read_text(encoding="utf-8", errors="ignore")))
    fontawesome = _SPEC.match(server_settings.assets.fontawesome_path)
    if fontawesome:
        specs.add(fontawesome.group(1))
    return sorted(specs)


def missing(directory: Path | None = None) -> list[str]:
    directory = directory or assets_dir()
    return [s for s in required_packages() if not (directory / s / COMPLETE).exists()]


def fetch(directory: Path | None = None, specs: list[str] | None = None) -> list[str]:
    """Download the missing packages with npm and unpack each into `<dir>/<spec>/`.

    Each package is unpacked in a temporary folder and renamed into place, then
    marked complete, so an interrupted fetch never leaves a half package that the
    server would serve. Returns the specs fetched.
    """
    directory = directory or assets_dir()
    specs = missing(directory) if specs is None else specs
    if not specs:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise ConfigError(
            "npm not found: it fetches the app's front-end assets once "
            "(install Node.js and npm, e.g. `apt-get install -y npm`)"
        )
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".fetch-") as tmp:
        res = subprocess.run(
            [npm, "pack", "--json", "--pack-destination", tmp, *specs],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if res.returncode != 0:
            last = (res.stderr.strip().splitlines() or ["no message"])[-1]
            raise ConfigError(f"npm pack failed for the app's assets ({last})")
        packed = json.loads(res.stdout)
        for spec, info in zip(specs, packed, strict=True):
            _unpack(Path(tmp) / info["filename"], directory / spec, Path(tmp))
    return specs


def _unpack(tarball: Path, target: Path, tmp: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=tmp, prefix="unpack-"))
    with tarfile.open(tarball) as tar:
        tar.extractall(staging, filter="data")
    # npm tarballs hold one top folder (usually `package/`): its content is the package.
    (top,) = [p for p in staging.iterdir()]
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(top, target)
    (target / COMPLETE).write_text("fetched from the npm registry by `ecosim assets`\n")


def server_env(directory: Path | None = None) -> dict[str, str]:
    """Environment for a Solara server that serves only local assets and calls no one."""
    return {
        "SOLARA_ASSETS_PROXY": "True",
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(directory or assets_dir()),
        "SOLARA_ASSETS_CDN": LOCAL_ONLY_CDN,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    }
