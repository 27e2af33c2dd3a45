"""`ecosim report <sweep_dir>`: a self-contained HTML report and a markdown summary of a
sweep (`ecosim.report`), with the sections of `--add` directories."""

from __future__ import annotations

import sys
from pathlib import Path

from ecosim.args import ArgumentParser, not_available
from ecosim.report.command import analyse, write_report
from ecosim.report.text import LANGS
from ecosim.runs import collect as collect_mod
from ecosim.runs.sweep_paths import PLAN


def latest_sweep(directory: Path) -> Path:
    """`results/sweeps/demo` names the experiment's sweeps: the latest stamp (stamps sort
    by time) is the one meant, said on stderr; a sweep directory is itself."""
    if (directory / PLAN).is_file() or not directory.is_dir():
        return directory
    stamps = sorted(d for d in directory.iterdir() if (d / PLAN).is_file())
    if not stamps:
        return directory  # collect says what it is not
    print(
        f"report: the latest of {len(stamps)} sweeps in {directory}: {stamps[-1]}", file=sys.stderr
    )
    return stamps[-1]


def cmd_report(args: list[str]) -> None:
    parser = ArgumentParser(
        prog="ecosim report",
        description="Write report.html (self-contained) and report.md for a sweep.",
        epilog="Example: ecosim report results/sweeps/demo/<stamp> --baseline policy=isolated "
        "lang=fr",
    )
    parser.add_argument("sweep_dir", help="results/sweeps/<name>/<stamp>")
    parser.add_argument("--out", help="output directory (default: <sweep_dir>/report)")
    parser.add_argument("--baseline", help="key=value of a swept key (default: policy=isolated)")
    parser.add_argument("--lang", default="en", help=f"language: {', '.join(LANGS)}")
    parser.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="DIR",
        help="add the section of an `ecosim sensitivity` or `ecosim search` directory",
    )
    # `lang=fr` as well as `--lang fr`, like the key=value overrides of the other commands
    args = [x for a in args for x in (["--lang", a[5:]] if a.startswith("lang=") else [a])]
    ns = parser.parse_args(args)
    if ns.lang not in LANGS:
        raise not_available(f"lang={ns.lang}", ns.lang, LANGS)
    from ecosim.report.sections import load_section

    collected = collect_mod.collect(latest_sweep(Path(ns.sweep_dir)))
    analysis = analyse(collected, ns.baseline, ns.lang)
    sections = [load_section(Path(d)) for d in ns.add]
    collect_mod.write(collected)
    out = Path(ns.out) if ns.out else collected.sweep_dir / "report"
    html_path = write_report(analysis, out, sections)
    print(collect_mod.describe(collected), file=sys.stderr)
    print(f"report: {html_path} (and report.md)", file=sys.stderr)
    print(html_path)
