"""Real regions of any country as a world preset (`ecosim regions FILE --out DIR`).

A region table is a CSV, UTF-8 (with or without a byte-order mark), one region a line:

    # region: <where the names come from>
    # population_m: <source of the populations>
    # ...                      one `# column: source` line for every column
    region,population_m,gdp_per_capita_keur,x,y
    Île-de-France,12.317,61.4,0.52,0.70

Required columns: region (the name as the region writes it), population_m (millions of
inhabitants), gdp_per_capita_keur (GDP per inhabitant, thousand EUR) and x, y (map position
in [0, 1]: x west to east, y south to north). Optional: rd_intensity_pct (R&D expenditure,
% of GDP), tertiary_students_k (thousands of tertiary students) and startups (a stock or a
count of creations: only shares between regions are read); an empty cell or 0 is unknown.
Other `#` lines are free comments. A column without its source line is refused: every
input of a world says where it comes from.

The preset carries the measured data, not derived assets: the model maps population, GDP
per inhabitant, students, R&D and startups to size, market, talent, capital, research and
initial startups with the `geography.*` parameters (`ecosim.core.world.measured_assets`,
docs/ODD.md §6.1), so the mapping can be given priors and calibrated; no exponent is
chosen here. Venture-capital figures are never inputs: targets live apart, in
`configs/targets/` (`read_targets`), and no world reads them.

`python -m ecosim.inputs.regions` rewrites the shipped presets (`PRESETS`) from the tables
in `configs/world/data/`; a test checks they equal what the command writes.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ecosim import io
from ecosim.config import (
    SAFE_NAME,
    ConfigError,
    EcosimConfig,
    GeographyConfig,
    TerritorySpec,
    WorldConfig,
    config_dir,
    validate,
)

REQUIRED = ("region", "population_m", "gdp_per_capita_keur", "x", "y")
OPTIONAL = ("rd_intensity_pct", "tertiary_students_k", "startups")
#: column -> (what it holds, for messages)
MEANING = {
    "population_m": "millions of inhabitants, > 0",
    "gdp_per_capita_keur": "thousand EUR per inhabitant, > 0",
    "x": "a map position in [0, 1]",
    "y": "a map position in [0, 1]",
    "rd_intensity_pct": "% of GDP, >= 0 (empty or 0: unknown)",
    "tertiary_students_k": "thousands of students, >= 0 (empty or 0: unknown)",
    "startups": "a count, >= 0 (empty or 0: unknown)",
}
MAX_ROWS = 500  # the schema's limit on world.n_territories

#: shipped preset -> its table in configs/world/data/
PRESETS = {
    "france_regions": "france_regions.csv",
    "uk_regions": "uk_itl1.csv",
    "germany_regions": "germany_laender.csv",
    "italy_regions": "italy_regions.csv",
}


# -- reading a sourced table ------------------------------------------------------------------
@dataclass
class SourcedTable:
    """A CSV whose `#` lines name the source of every column."""

    path: Path
    columns: list[str]
    sources: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, column -> cell)
    comments: list[str] = field(default_factory=list)


def _decoded_lines(path: Path) -> list[str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ConfigError(f"{path} is UTF-16, not UTF-8; save the table as CSV UTF-8")
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path} line {line}: byte 0x{raw[exc.start]:02X} is not UTF-8 (the table is in "
            "another encoding, e.g. Latin-1); save it as CSV UTF-8"
        ) from None


def read_sourced(path: Path, what: str, required: tuple[str, ...], optional: tuple[str, ...]):
    """The table's columns, sources and rows; refuses (one line each) an unreadable file,
    a missing or unknown column, a column without a source line, a ragged or empty row."""
    path = Path(path)
    allowed = f"{', '.join(required)} (optional: {', '.join(optional)})"
    lines = _decoded_lines(path)
    comments, data = [], []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            comments.append((number, line.lstrip()[1:].strip()))
        elif line.strip():
            data.append((number, line))
    if not data:
        raise ConfigError(f"{path} has no header line; expected the columns {allowed}")
    reader = csv.reader([line for _, line in data])
    header = [cell.strip() for cell in next(reader)]
    head_line = data[0][0]
    for col in header:
        if col not in required + optional:
            raise ConfigError(
                f"{path} line {head_line}: unknown column {col!r}; allowed: {allowed}"
            )
    seen = set()
    for col in header:
        if col in seen:
            raise ConfigError(f"{path} line {head_line}: column {col!r} is listed twice")
        seen.add(col)
    for col in required:
        if col not in header:
            raise ConfigError(
                f"{path} line {head_line}: missing column {col!r}; {what} needs {allowed}"
            )
    sources = {}
    for _, text in comments:
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$", text)
        if m and m.group(1) in header and m.group(2).strip():
            sources.setdefault(m.group(1), m.group(2).strip())
    for col in header:
        if col not in sources:
            raise ConfigError(
                f"{path}: column {col!r} has no source line; add '# {col}: <source>' above "
                "the header (every column says where its values come from)"
            )
    rows = []
    for (number, _), cells in zip(data[1:], reader, strict=True):
        while len(cells) > len(header) and not cells[-1].strip():
            cells = cells[:-1]  # empty trailing cells a spreadsheet leaves
        if len(cells) != len(header):
            raise ConfigError(
                f"{path} line {number}: {len(cells)} values for {len(header)} columns "
                f"({', '.join(header)})"
            )
        rows.append((number, dict(zip(header, (c.strip() for c in cells), strict=True))))
    return SourcedTable(path, header, sources, rows, [text for _, text in comments])


def _number(path: Path, line: int, col: str, text: str, *, empty: float | None = None) -> float:
    where = f"{path} line {line}, column {col!r}"
    if not text:
        if empty is not None:
            return empty
        raise ConfigError(f"{where}: empty value; expected {MEANING[col]}")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ConfigError(
            f"{where}: {text!r} is not a number; expected {MEANING[col]} "
            "(a dot as the decimal mark, no thousands separator)"
        )
    return value


# -- region tables -----------------------------------------------------------------------------
@dataclass
class RegionTable:
    path: Path
    specs: list[TerritorySpec]
    sources: dict[str, str]
    unknown: list[str]  # optional columns absent or not given for every region


def read_regions(path: Path) -> RegionTable:
    """Read and check a region table; every problem is one line naming the file, the line
    and the column, and what is allowed."""
    table = read_sourced(path, "a region table", REQUIRED, OPTIONAL)
    path = table.path
    if len(table.rows) < 2:
        raise ConfigError(f"{path} lists {len(table.rows)} region(s); a world needs at least 2")
    if len(table.rows) > MAX_ROWS:
        raise ConfigError(f"{path} lists {len(table.rows)} regions; at most {MAX_ROWS}")
    specs, seen = [], {}
    for line, cell in table.rows:
        name = cell["region"]
        if not name:
            raise ConfigError(f"{path} line {line}, column 'region': empty value; name the region")
        if name.casefold() in seen:
            raise ConfigError(
                f"{path} line {line}, column 'region': {name!r} is already listed on line "
                f"{seen[name.casefold()]}; list each region once"
            )
        seen[name.casefold()] = line
        values = {}
        for col in table.columns:
            if col == "region":
                continue
            value = _number(path, line, col, cell[col], empty=0.0 if col in OPTIONAL else None)
            bad = (
                (col in ("population_m", "gdp_per_capita_keur") and value <= 0)
                or (col in ("x", "y") and not 0 <= value <= 1)
                or (col in OPTIONAL and value < 0)
            )
            if bad:
                raise ConfigError(
                    f"{path} line {line}, column {col!r}: {cell[col]} is not allowed; "
                    f"expected {MEANING[col]}"
                )
            values[col] = value
        specs.append(TerritorySpec(name=name, **values))
    unknown = [c for c in OPTIONAL if not all(getattr(t, c) > 0 for t in specs)]
    return RegionTable(path, specs, table.sources, unknown)


def regions_world(table: RegionTable, name: str) -> WorldConfig:
    """The table as a world the schema accepts (checked here, before anything is written)."""
    if not re.fullmatch(SAFE_NAME, name):
        raise ConfigError(
            f"--name {name!r} is not allowed; expected 1-64 letters, digits, '_' or '-'"
        )
    world = WorldConfig(name=name, n_territories=len(table.specs), territories=table.specs)
    validate(EcosimConfig(world=world))
    return world


_RAW = ("population_m", "gdp_per_capita_keur", *OPTIONAL, "x", "y")


def world_yaml(world: WorldConfig, table: RegionTable) -> str:
    """The preset: measured data per territory and where each column comes from."""
    lines = [
        f"# World written by `ecosim regions {table.path.name}` (ecosim.inputs.regions).",
        "# Measured data per territory; the model maps them to size, market, talent, capital,",
        "# research and initial startups with geography.* (docs/ODD.md section 6.1).",
        "# Sources, per column:",
    ]
    for col, text in table.sources.items():
        lines.append(f"#   {col}: {text}")
    if table.unknown:
        lines.append(f"# Unknown (not given for every region): {', '.join(table.unknown)}.")
    from omegaconf import OmegaConf

    body = {
        "name": world.name,
        "n_territories": world.n_territories,
        "territories": [
            {"name": t.name}
            | {k: getattr(t, k) for k in _RAW if k not in OPTIONAL or getattr(t, k) > 0}
            for t in world.territories
        ],
    }
    return "\n".join(lines) + "\n" + OmegaConf.to_yaml(body)


def summary(world: WorldConfig, table: RegionTable, config_file: Path) -> str:
    """What the command prints: the regions and their assets at the default geography."""
    from ecosim.core.world import measured_assets

    assets = measured_assets(world.territories, GeographyConfig())
    order = sorted(range(world.n_territories), key=lambda i: -world.territories[i].population_m)
    width = max(len(t.name) for t in world.territories)
    lines = [
        f"{world.n_territories} regions from {table.path.name}; columns: "
        + ", ".join(table.sources)
        + (f" (unknown: {', '.join(table.unknown)})" if table.unknown else ""),
        "",
        f"{'region':<{width}}  pop (M)  GDP/inh (kEUR)  size  market  talent  capital",
    ]
    for i in order:
        t = world.territories[i]
        lines.append(
            f"{t.name:<{width}}  {t.population_m:7.2f}  {t.gdp_per_capita_keur:14.1f}  "
            f"{assets['size'][i]:4.2f}  {assets['market'][i]:6.2f}  {assets['talent'][i]:6.2f}"
            f"  {assets['capital'][i]:7.3f}"
        )
    lines += [
        "",
        "Assets at the default geography.* (each proportional to its measure; the keys "
        "change the mapping, docs/ODD.md section 7).",
        f"world preset: {config_file}",
    ]
    return "\n".join(lines)


def write_regions(csv_path: Path, out: Path, name: str) -> tuple[str, Path]:
    """Read a region table and write `out/world/<name>.yaml`; nothing is written when the
    table is refused. Returns (the summary, the preset file)."""
    table = read_regions(Path(csv_path))
    world = regions_world(table, name)
    config_file = Path(out) / "world" / f"{name}.yaml"
    text = world_yaml(world, table)
    io.write_text(config_file, text)
    return summary(world, table, config_file), config_file


def data_file(name: str) -> Path:
    return config_dir() / "world" / "data" / PRESETS[name]


def shipped_world(name: str) -> WorldConfig:
    """A shipped region preset's world, built from its table (what the preset file holds)."""
    return regions_world(read_regions(data_file(name)), name)


# -- targets (never read by a world) ------------------------------------------------------------
TARGET_COLUMNS = ("year", "region", "amount_share", "deal_share", "basis", "status", "source")
STATUSES = ("confirmed", "press summary only", "could not confirm")


def targets_dir() -> Path:
    return config_dir() / "targets"


def read_targets(path: Path):
    """A target table (e.g. `configs/targets/france_vc.csv`): per year and region, the share
    of venture-capital amounts and of deals (empty when not published), how the figure was
    obtained, whether it was confirmed, and its source. Checked like a region table: one
    line naming the file, line and column. Returns a pandas DataFrame."""
    import pandas as pd

    table = read_sourced(path, "a target table", TARGET_COLUMNS, ())
    path, rows, seen = table.path, [], {}
    totals: dict[int, float] = {}
    for line, cell in table.rows:
        where = f"{path} line {line}"
        if not re.fullmatch(r"(19|20)\d\d", cell["year"]):
            raise ConfigError(f"{where}, column 'year': {cell['year']!r} is not a year (2021)")
        year = int(cell["year"])
        if not cell["region"]:
            raise ConfigError(f"{where}, column 'region': empty value; name the region")
        key = (year, cell["region"].casefold())
        if key in seen:
            raise ConfigError(
                f"{where}, column 'region': {cell['region']!r} in {year} is already listed on "
                f"line {seen[key]}; one line per region and year"
            )
        seen[key] = line
        shares = {}
        for col in ("amount_share", "deal_share"):
            text = cell[col]
            if not text:
                shares[col] = math.nan
                continue
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not 0 <= value <= 1:
                raise ConfigError(
                    f"{where}, column {col!r}: {text!r} is not allowed; expected a share in "
                    "[0, 1] (0.62, not 62%) or nothing when not published"
                )
            shares[col] = value
        if all(math.isnan(v) for v in shares.values()):
            raise ConfigError(
                f"{where}: neither amount_share nor deal_share is given; a target gives one"
            )
        if cell["status"] not in STATUSES:
            raise ConfigError(
                f"{where}, column 'status': {cell['status']!r} is not allowed; choose one of: "
                + ", ".join(STATUSES)
            )
        if not cell["source"]:
            raise ConfigError(f"{where}, column 'source': empty value; say where it was read")
        if not math.isnan(shares["amount_share"]):
            totals[year] = totals.get(year, 0.0) + shares["amount_share"]
            if totals[year] > 1.0 + 1e-9:
                raise ConfigError(
                    f"{where}, column 'amount_share': the shares of {year} add up to "
                    f"{totals[year]:.3f}; allowed: at most 1"
                )
        rows.append(
            {"year": year, "region": cell["region"], **shares}
            | {k: cell[k] for k in ("basis", "status", "source")}
        )
    if not rows:
        raise ConfigError(f"{path} has a header but no targets")
    return pd.DataFrame(rows)


def main() -> None:
    """Rewrite every shipped region preset from its table."""
    for name in PRESETS:
        _, config_file = write_regions(data_file(name), config_dir(), name)
        print(config_file)


if __name__ == "__main__":
    main()
