"""ecosim: an agent-based simulation of how innovation ecosystems gain and lose by being
interconnected.

The Python API is three names, imported on first use so that `import ecosim` stays light
(`ecosim.runs.api`): `configure(*overrides)` composes a checked configuration as
`ecosim run` does, `run(*overrides)` or `run(config=...)` returns a `Result` (summary and
tidy time series), and `ConfigError` is what bad input raises. This package's modules
import their own layers (tests/test_layers.py); this file is the façade above them all.
"""

from __future__ import annotations

__all__ = ["ConfigError", "Result", "configure", "run"]


def __getattr__(name: str):
    if name in ("Result", "configure", "run"):
        from ecosim.runs import api

        return getattr(api, name)
    if name == "ConfigError":
        from ecosim.config import ConfigError

        return ConfigError
    raise AttributeError(f"module 'ecosim' has no attribute {name!r}")
