"""`ecosim map` on actor tables as spreadsheets export them: each export of one table gives
the same map as the plain UTF-8 CSV (nothing lost, no accent garbled, no size misread);
a table still unreadable is refused with one line naming its line and the problem."""

import numpy as np
import pytest

from ecosim.config import ConfigError
from ecosim.inputs.actor_map import read_actors
from tests.test_sweep_cli import ecosim

#: name, type, territory, sector, size (sizes with decimals and thousands)
ACTORS = [
    ("Café Lab", "startup", "Genève", "ai", 12.5),
    ("Môle", "startup", "Zürich", "ai", 3),
    ("Institut Élan", "research centre", "Genève", "ai", 1234.5),
    ("Fonds Suisse", "investor", "Zürich", "fintech", 250000),
    ("Crédit Étoile", "large company", "Genève", "fintech", 8),
    ("Zébulon", "startup", "Zürich", "fintech", 0.75),
]
COLUMNS = ["name", "type", "territory", "sector", "size"]


def dot(size: float) -> str:
    return f"{size:g}" if size < 1e5 else f"{size:.0f}"


def comma(size: float, thousands: str) -> str:
    """As a French (thousands = narrow no-break space) or German ('.') spreadsheet."""
    whole, _, frac = f"{size:.10g}".partition(".")
    groups = f"{int(whole):,}".replace(",", thousands)
    return groups + ("," + frac if frac else "")


def table(sep, size, newline="\n", trailing="", first="", actors=ACTORS) -> str:
    lines = [first] if first else []
    lines.append(sep.join(COLUMNS) + trailing)
    lines += [sep.join([*a[:4], size(a[4])]) + trailing for a in actors]
    return newline.join(lines) + newline


PLAIN = table(",", dot)
EXPORTS = {
    # Excel, French locale, "CSV (separator: semicolon)": Windows-1252, CRLF, decimal commas,
    # thousands grouped, two empty trailing columns, blank lines at the end
    "excel-fr": (
        table(";", lambda s: comma(s, "\u00a0"), "\r\n", ";;") + ";;;;;;\r\n\r\n",
        "cp1252",
    ),
    "utf8-bom-crlf": ("\ufeff" + table(",", dot, "\r\n"), "utf-8"),
    "german-dots": (table(";", lambda s: comma(s, "."), "\n"), "utf-8"),
    # 250.000 comes first: thousands or decimals is known only at 0,75, two lines later
    "german-dots-ambiguous-first": (
        table(";", lambda s: comma(s, "."), actors=ACTORS[3:] + ACTORS[:3]),
        "utf-8",
    ),
    "excel-sep-line": (table(";", lambda s: comma(s, " "), "\r\n", first="sep=;"), "cp1252"),
    "unicode-text": (table("\t", dot, "\r\n"), "utf-16"),
    "latin1-mac-cr": (table("|", dot, "\r"), "latin-1"),
    "libreoffice-blank-lines": ("\n\n" + table(",", dot, "\n", ",") + "\n\n", "utf-8"),
}


def write(tmp_path, text, encoding, name="actors.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return read_actors(write(tmp_path_factory.mktemp("plain"), PLAIN, "utf-8"))


@pytest.mark.parametrize("export", EXPORTS)
def test_every_export_reads_as_the_plain_table(tmp_path, plain, export):
    text, encoding = EXPORTS[export]
    m = read_actors(write(tmp_path, text, encoding))
    assert m.territories == plain.territories == ["Genève", "Zürich"]
    assert m.sectors == plain.sectors
    np.testing.assert_array_equal(m.counts, plain.counts)
    np.testing.assert_allclose(m.mass, plain.mass, rtol=1e-12)
    assert m.mass.sum() == pytest.approx(sum(a[4] for a in ACTORS))
    assert m.ignored_columns == plain.ignored_columns == []


def test_the_report_says_how_the_table_was_read(tmp_path, ecosim_cmd, clean_env):
    text, encoding = EXPORTS["excel-fr"]
    path = write(tmp_path, text, encoding)
    res = ecosim(ecosim_cmd, tmp_path, clean_env, "map", str(path), "--out", "out")
    assert res.returncode == 0, res.stderr
    assert (
        "Read as: semicolon-separated, Windows-1252 (Latin-1), CRLF line endings, "
        "decimal commas." in res.stdout
    )
    assert "| Genève |" in res.stdout


BROKEN = [
    (  # an export appended to by another tool: UTF-8 first, Windows-1252 after
        PLAIN.encode() + "Ölwerk,startup,Genève,ai,1\n".encode("cp1252"),
        "line 8: byte 0xD6 at column 1 is not UTF-8, but earlier lines are",
    ),
    (
        PLAIN.replace("Môle", "M\x81le").encode("latin-1"),
        "line 3: byte 0x81 at column 2 is neither UTF-8 nor Windows-1252",
    ),
    (PLAIN.replace(",ai,3", ",ai,3,extra").encode(), "line 3: 6 values for 5 columns"),
    (
        PLAIN.replace(",ai,3", ',ai,"3,5"').encode(),  # comma-separated: 3,5 is ambiguous
        "line 3, column 'size': '3,5' is not allowed",
    ),
    (
        table(";", dot).replace(";ai;3", ";ai;trois").encode(),
        "line 3, column 'size': 'trois' is not allowed",
    ),
    (b"name;type;place;sector\n", "line 1: missing column 'territory'"),
    (
        table(";", lambda s: comma(s, "."), actors=[(*a[:4], 250000) for a in ACTORS]).encode(),
        "line 2, column 'size': '250.000' reads as 250000 or as 250.000",
    ),
    (
        table(";", lambda s: comma(s, " ")).replace(";0,75", ";0.75").encode(),
        "line 7, column 'size': '0.75' is not allowed; earlier sizes use ','",
    ),
]


@pytest.mark.parametrize(("data", "expected"), BROKEN)
def test_an_unreadable_table_is_one_line_naming_the_line(tmp_path, data, expected):
    path = tmp_path / "actors.csv"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as err:
        read_actors(path)
    message = str(err.value)
    assert expected in message and "\n" not in message
