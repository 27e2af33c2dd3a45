"""Options shared by the commands that run sweeps (`sweep`, `sensitivity`, `search`,
`discover`)."""

from __future__ import annotations

from ecosim.runs.sweep import LAUNCHERS


def add_launch_options(parser) -> None:
    """`--jobs` and `--launcher`, shared by the commands that run sweeps."""
    parser.add_argument("--jobs", type=int, metavar="N", help="parallel runs (default: all cores)")
    parser.add_argument(
        "--launcher",
        metavar="NAME",
        help=f"Hydra launcher: {', '.join(LAUNCHERS)} (default: joblib, all cores)",
    )
