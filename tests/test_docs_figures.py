"""Figures in docs come from a command that regenerates them (issue 23): every file under
docs/figures/ is covered by a row of docs/figures/README.md naming its command, every
script a row names exists, and every figure the docs show exists."""

import re

from tests.conftest import ROOT

FIGURES = ROOT / "docs/figures"


def rows() -> list[tuple[list[str], str]]:
    """(paths, command) of each row of the registry's table."""
    out = []
    for line in (FIGURES / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            out.append((re.findall(r"`([^`]+)`", cells[0]), cells[1]))
    return out


def test_every_file_under_docs_figures_has_a_generating_command():
    covered = [path for paths, _ in rows() for path in paths]
    assert covered
    files = [p.relative_to(FIGURES).as_posix() for p in FIGURES.rglob("*") if p.is_file()]

    def is_covered(f: str) -> bool:
        return any(f == c or f.startswith(c.rstrip("/") + "/") for c in covered)

    orphans = [f for f in files if f != "README.md" and not is_covered(f)]
    assert orphans == [], f"add these to docs/figures/README.md with their command: {orphans}"


def test_every_script_a_row_names_exists():
    for _, command in rows():
        for script in re.findall(r"experiments/[\w/]+\.(?:sh|py)", command):
            assert (ROOT / script).is_file(), script
        assert re.search(r"ecosim \w+|experiments/", command), command


def test_every_figure_the_docs_show_exists():
    for doc in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", doc.read_text("utf-8")):
            assert (ROOT / "docs" / target).is_file(), (doc.name, target)
