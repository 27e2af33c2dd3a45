"""`ecosim map ACTORS.csv`: map a territory's actors into strengths, synergies and points of
differentiation, and into a `world` config the simulation runs (strategy 1 of the seed
text, "Valoriser les forces locales": map actors and expertise, identify synergies and
points of differentiation; docs/ODD.md §6.2, "Actor map").

The CSV has one actor per line: `name, type, territory, sector` and an optional `size`
(any positive weight, compared only within a type: employees for a company, researchers
for a research centre, assets for an investor; 1 when absent). Types: startup, research
centre, large company, investor. Other columns are ignored. Each type is normalized on
its own (its share of the map's total of that type), so sizes in different units never mix.

Tables are read as spreadsheets export them (`Dialect`, shown in the report): separated by
commas, semicolons, tabs or bars (the one giving the header its columns; Excel's `sep=;`
line too), decimal commas (`12,5`, `1 234,5`) where the separator is not a comma, UTF-8
with or without a byte-order mark, UTF-16 with one, Windows-1252/Latin-1 when not UTF-8,
LF, CRLF or CR line endings, blank lines and empty trailing columns. A table still
unreadable is refused with one line naming its line and the problem.

From the map, per territory:
- *strength profile*: actors by type and the sectors where it is most specialized
  (location quotient LQ = its share of actors in the sector / the map's share);
- *synergies*: for each pair, what each side offers the other, where a territory's
  startups need what the other has: expertise (research centres and large companies) in
  the startups' sectors, investors, and market (large companies as customers);
- *points of differentiation*: sectors with LQ >= 1.5, and the (type, sector) assets of
  which it holds at least half of the map.

The world config is `world.territories` (docs/ODD.md §2). Numbers of actors give what
follows headcounts of firms: size (all actors), specialization (startups and large
companies by sector: where new firms come from) and experimentation = 0.2 + 0.8 x the
share of its actors that can host experiments (research centres, large companies).
Sizes give what scales with weight: talent (startups and research centres), capital
(investors), market (half size, half large companies) and research by sector (research
centres). Visibility and connection capacity follow size as in generated worlds;
positions are on a circle around the largest territory (edit the YAML to set real ones).
Territories are listed largest first.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ecosim import io
from ecosim.config import ConfigError, EcosimConfig, TerritorySpec, WorldConfig, validate

TYPES = ("startup", "research centre", "large company", "investor")
PLURALS = ("startups", "research centres", "large companies", "investors")
STARTUP, RESEARCH, LARGE, INVESTOR = range(4)
_TYPE_NAMES = {
    "startup": STARTUP,
    "start-up": STARTUP,
    "research centre": RESEARCH,
    "research center": RESEARCH,
    "large company": LARGE,
    "investor": INVESTOR,
}
REQUIRED = ("name", "type", "territory", "sector")
COLUMNS_HELP = "name, type, territory, sector (size optional)"
MAX_SECTORS = 20  # the schema's limit on world.n_sectors


@dataclass
class ActorMap:
    territories: list[str]
    sectors: list[str]
    counts: np.ndarray  # (type, territory, sector): number of actors
    mass: np.ndarray  # (type, territory, sector): summed sizes
    ignored_columns: list[str]
    dialect: Dialect

    @property
    def share(self) -> np.ndarray:
        """Each type's mass as a share of the map's total of that type (0 where none)."""
        total = self.mass.sum(axis=(1, 2), keepdims=True)
        return np.divide(self.mass, total, out=np.zeros_like(self.mass), where=total > 0)


# -- reading ------------------------------------------------------------------------------
#: An actor map lists organisations, not transactions: beyond this many actors the file is
#: refused at the line where it is passed, so even a huge file is read in bounded memory.
MAX_ACTORS = 200_000


#: separators tried on the header line, in this order when several would do
SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
FALLBACK = "cp1252"  # Windows-1252: Latin-1's letters, as Western spreadsheets export them


@dataclass
class Dialect:
    """How the table was written, as found while reading it (shown in the report)."""

    separator: str = ","
    encoding: str = "UTF-8"
    line_endings: str = "LF"
    decimal: str | None = None  # the sizes' decimal mark, once the table has shown it

    def describe(self) -> str:
        parts = [f"{SEPARATOR_NAMES[self.separator]}-separated", self.encoding]
        parts.append(f"{self.line_endings} line endings")
        if self.decimal == ",":
            parts.append("decimal commas")
        return ", ".join(parts)


def _lines(path: Path, dialect: Dialect):
    """The file's lines, decoded one at a time (never the whole file in memory).

    UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order mark (Excel's
    "Unicode text"); a file that is not UTF-8 is read as Windows-1252 (Latin-1 letters),
    unless lines already read held UTF-8 letters: a file mixing both is refused at the
    first line that breaks. Lines end with LF, CRLF or a lone CR (old Mac exports)."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        if fh.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            import io as text_io

            fh.seek(0)
            dialect.encoding = "UTF-16"
            raws = text_io.TextIOWrapper(fh, encoding="utf-16", newline="")
        else:
            fh.seek(0)
            raws = fh
        encoding, utf8_letters = "utf-8-sig", False
        for number, raw in enumerate(raws, 1):
            if isinstance(raw, bytes):
                try:
                    line = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    line = _fallback(path, number, raw, exc, utf8_letters)
                    encoding, dialect.encoding = FALLBACK, "Windows-1252 (Latin-1)"
                utf8_letters = utf8_letters or (encoding != FALLBACK and not raw.isascii())
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    dialect.encoding = "UTF-8 with byte-order mark"
                encoding = encoding if encoding == FALLBACK else "utf-8"
            else:
                line = raw
            if line.endswith("\r\n"):
                dialect.line_endings = "CRLF"
            if "\r" in line.rstrip("\r\n"):  # lone CRs end lines too
                dialect.line_endings = "CR"
                yield from (part for part in re.split(r"(?<=\r)(?!\n)", line) if part)
            else:
                yield line


def _fallback(path: Path, number: int, raw: bytes, exc: UnicodeDecodeError, utf8_letters):
    """A line that is not UTF-8, as Windows-1252; or one line saying why it cannot be."""
    where = f"{path} line {number}: byte 0x{raw[exc.start]:02X} at column {exc.start + 1}"
    if utf8_letters:
        raise ConfigError(
            f"{where} is not UTF-8, but earlier lines are: the file mixes encodings; save "
            "it again as CSV UTF-8"
        )
    try:
        return raw.decode(FALLBACK)
    except UnicodeDecodeError:
        raise ConfigError(
            f"{where} is neither UTF-8 nor Windows-1252 (Latin-1); save the file as CSV UTF-8"
        ) from None


def _separator(first: str) -> str:
    """The separator giving the header every required column (else the most frequent)."""
    for sep in SEPARATORS:
        header = next(csv.reader([first], delimiter=sep), [])
        if set(REQUIRED) <= {cell.strip().lower() for cell in header}:
            return sep
    return max(SEPARATORS, key=first.count)


def _trim(row: list[str], width: int) -> list[str]:
    """A row without the empty cells a spreadsheet leaves after the last column."""
    while len(row) > width and not row[-1].strip():
        row = row[:-1]
    return row


def _rows(path: Path, dialect: Dialect):
    """(line number, header, row) for every non-blank data line."""
    lines = _lines(path, dialect)
    skipped = 0
    for first in lines:
        if first.strip():
            break
        skipped += 1
    else:
        raise ConfigError(f"{path} is empty; expected a header line: {COLUMNS_HELP}")
    excel = re.fullmatch(r"\s*sep=(.)\s*", first)  # Excel's "sep=;" line before the header
    dialect.separator = excel[1] if excel and excel[1] in SEPARATORS else _separator(first)

    def again():
        if not excel:
            yield first
        yield from lines

    reader = csv.reader(again(), delimiter=dialect.separator)
    header = None
    for row in reader:
        line = reader.line_num + skipped + bool(excel)
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in _trim(row, 0)]
            for col in REQUIRED:
                if col not in header:
                    raise ConfigError(
                        f"{path} line {line}: missing column {col!r}; "
                        f"expected columns: {COLUMNS_HELP}"
                    )
            continue
        row = _trim(row, len(header))
        if len(row) != len(header):
            raise ConfigError(
                f"{path} line {line}: {len(row)} values for {len(header)} columns "
                f"({', '.join(header)})"
            )
        yield line, header, row


class Sizes:
    """The size column, summed per (type, territory, sector), read in the table's decimal mark.

    With a comma separator the mark is '.' (a comma in a size is refused: `3,5` could be
    two cells). Otherwise the values tell it: `12,5` or `1 234,5` say ',' (then dots group
    thousands: `1.234,5`), `12.5` or `0.75` say '.'. A value readable both ways (`250.000`)
    waits until the mark is known; a table where it stays ambiguous is refused at the first
    such value, and one using both marks at the first value contradicting the others."""

    #: 250.000 or 1.234.567: thousands with a ',' mark, decimals with a '.' mark
    AMBIGUOUS = re.compile(r"\d{1,3}(\.\d{3})+")
    #: a number in the ',' mark: digits, optionally grouped by dots, optional decimals
    COMMA = re.compile(r"\d{1,3}(\.\d{3})*(,\d*)?|\d+(,\d*)?|,\d+")

    def __init__(self, path: Path, dialect: Dialect):
        self.path, self.dialect = path, dialect
        self.mass: dict[tuple, float] = {}
        self.pending: list[tuple[tuple, int, str]] = []
        if dialect.separator == ",":
            dialect.decimal = "."

    def add(self, key: tuple, line: int, value: str) -> None:
        text = re.sub(r"[\s\u00a0\u202f]", "", value)
        if self.dialect.decimal is None:
            if "," in text:
                self._found(",")
            elif "." in text and not self.AMBIGUOUS.fullmatch(text):
                self._found(".")
            elif "." in text:
                self.pending.append((key, line, value))
                return
        self.mass[key] = self.mass.get(key, 0.0) + self._parse(line, value, text)

    def _found(self, mark: str) -> None:
        self.dialect.decimal = mark
        pending, self.pending = self.pending, []
        for key, line, value in pending:
            self.add(key, line, value)

    def _parse(self, line: int, value: str, text: str) -> float:
        where = f"{self.path} line {line}, column 'size': {value!r} is not allowed"
        if not text:
            return 1.0
        if self.dialect.decimal == ",":
            if not self.COMMA.fullmatch(text):
                raise ConfigError(
                    f"{where}; earlier sizes use ',' as the decimal mark (12,5): use one mark"
                )
            text = text.replace(".", "").replace(",", ".")
        try:
            size = float(text)
        except ValueError:
            size = float("nan")
        if not (0 < size < float("inf")):
            raise ConfigError(
                f"{where}; expected a positive number (e.g. employees, 12.5 or 12,5) or nothing"
            )
        return size

    def totals(self) -> dict[tuple, float]:
        if self.pending:
            _, line, value = self.pending[0]
            whole = value.replace(".", "")
            raise ConfigError(
                f"{self.path} line {line}, column 'size': {value!r} reads as {whole} or as "
                f"{value} (thousands or decimals?); write it without grouping dots"
            )
        return self.mass


def read_actors(path: Path) -> ActorMap:
    """Read and check the actor table; every problem names its line and column.

    Actors are aggregated as they are read ((type, territory, sector) -> count, size), so
    memory grows with the number of distinct actors' names only, capped by MAX_ACTORS."""
    path = Path(path)
    counts: dict[tuple[int, str, str], float] = {}
    sizes = None
    seen: dict[tuple[str, str], int] = {}
    header: list[str] = []
    dialect = Dialect()
    for line, header, row in _rows(path, dialect):
        sizes = sizes or Sizes(path, dialect)  # once the separator is known
        cell = dict(zip(header, (c.strip() for c in row), strict=True))
        for col in REQUIRED:
            if not cell[col]:
                raise ConfigError(f"{path} line {line}, column {col!r}: empty value")
        kind = _TYPE_NAMES.get(re.sub(r"[\s_]+", " ", cell["type"].lower()))
        if kind is None:
            raise ConfigError(
                f"{path} line {line}, column 'type': unknown type {cell['type']!r}; "
                f"allowed: {', '.join(TYPES)}"
            )
        name = (cell["name"].casefold(), cell["territory"])
        if name in seen:
            raise ConfigError(
                f"{path} line {line}, column 'name': {cell['name']!r} in "
                f"{cell['territory']!r} is already listed on line {seen[name]}; "
                "list each actor once (sum their sizes)"
            )
        if len(seen) >= MAX_ACTORS:
            raise ConfigError(
                f"{path} line {line}: more than {MAX_ACTORS:,} actors; an actor map lists "
                "organisations (group small ones, or map one region at a time)"
            )
        seen[name] = line
        key = (kind, cell["territory"], cell["sector"].lower())
        counts[key] = counts.get(key, 0) + 1
        sizes.add(key, line, cell.get("size", ""))
    if not counts:
        raise ConfigError(f"{path} has a header but no actors; add one actor per line")
    mass = sizes.totals()
    per_territory: dict[str, float] = {}
    for (_, terr, _), n in counts.items():
        per_territory[terr] = per_territory.get(terr, 0) + n
    territories = sorted(per_territory, key=lambda t: (-per_territory[t], t))
    sectors = sorted({sector for _, _, sector in counts})
    if len(territories) < 2:
        raise ConfigError(
            f"{path}: all actors are in {territories[0]!r}; a world needs at least 2 territories"
        )
    if len(sectors) > MAX_SECTORS:
        raise ConfigError(
            f"{path}: {len(sectors)} distinct sectors; allowed: at most {MAX_SECTORS} "
            "(group related sectors)"
        )
    shape = (len(TYPES), len(territories), len(sectors))
    count_arr, mass_arr = np.zeros(shape), np.zeros(shape)
    t_index = {t: i for i, t in enumerate(territories)}
    s_index = {s: i for i, s in enumerate(sectors)}
    for (kind, terr, sector), n in counts.items():
        count_arr[kind, t_index[terr], s_index[sector]] = n
        mass_arr[kind, t_index[terr], s_index[sector]] = mass[kind, terr, sector]
    ignored = [c for c in header if c not in (*REQUIRED, "size")]
    return ActorMap(territories, sectors, count_arr, mass_arr, ignored, dialect)


# -- analysis -----------------------------------------------------------------------------
def location_quotients(m: ActorMap) -> np.ndarray:
    """(territory, sector): the territory's share of its actors in the sector / the map's."""
    actors = m.counts.sum(axis=0)
    own = actors / actors.sum(axis=1, keepdims=True)
    world = actors.sum(axis=0) / actors.sum()
    return own / np.where(world > 0, world, 1.0)


def _relative(x: np.ndarray) -> np.ndarray:
    return x / x.max() if x.max() > 0 else np.zeros_like(x)


def offers(m: ActorMap) -> dict[str, np.ndarray]:
    """[a, b]: what territory a offers territory b, by kind, in [0, 1]."""
    share = m.share
    startups = share[STARTUP]
    demand = startups / np.maximum(startups.sum(axis=1, keepdims=True), 1e-12)  # b's sectors
    expertise = _relative(share[RESEARCH] + share[LARGE])  # (territory, sector)
    gap = np.clip(expertise[:, None, :] - expertise[None, :, :], 0, None)  # [a, b, s]
    capital = _relative(share[INVESTOR].sum(axis=1))
    market = _relative(share[LARGE].sum(axis=1))
    has_startups = startups.sum(axis=1) > 0
    return {
        "expertise": np.einsum("abs,bs->ab", gap, demand),
        "investors": np.clip(capital[:, None] - capital[None, :], 0, None) * has_startups,
        "market": np.clip(market[:, None] - market[None, :], 0, None) * has_startups,
    }


def synergies(m: ActorMap, top: int = 10) -> list[tuple[int, int, float, str]]:
    """The most complementary pairs: (a, b, score, what each offers the other)."""
    parts = offers(m)
    total = sum(parts.values())
    n = len(m.territories)
    pairs = [(a, b, total[a, b] + total[b, a]) for a in range(n) for b in range(a + 1, n)]
    pairs.sort(key=lambda p: -p[2])
    out = []
    for a, b, score in pairs[:top]:
        if score <= 0:
            break
        out.append((a, b, float(score), f"{_offer(m, parts, a, b)}; {_offer(m, parts, b, a)}"))
    return out


def _offer(m: ActorMap, parts: dict[str, np.ndarray], a: int, b: int) -> str:
    kind = max(parts, key=lambda k: parts[k][a, b])
    if parts[kind][a, b] <= 0:
        return f"{m.territories[a]} offers {m.territories[b]} little it lacks"
    if kind == "expertise":
        share = m.share
        expertise = share[RESEARCH, a] + share[LARGE, a] - share[RESEARCH, b] - share[LARGE, b]
        sector = m.sectors[int(np.argmax(expertise * share[STARTUP, b]))]
        return f"{m.territories[a]}'s expertise in {sector} for {m.territories[b]}'s startups"
    noun = "investors" if kind == "investors" else "large companies as customers"
    return f"{m.territories[a]}'s {noun} for {m.territories[b]}'s startups"


def differentiation(m: ActorMap) -> list[list[str]]:
    """Per territory: sectors with LQ >= 1.5 and the assets it holds most of."""
    lq = location_quotients(m)
    # Each territory's share of the map's actors of a type in a sector (by size), where the
    # map has at least two of them.
    total = m.mass.sum(axis=1, keepdims=True)
    held = np.divide(m.mass, total, out=np.zeros_like(m.mass), where=total > 0)
    several = m.counts.sum(axis=1) >= 2  # (type, sector)
    out = []
    for t in range(len(m.territories)):
        points = [
            f"specialized in {m.sectors[s]} (LQ {lq[t, s]:.1f})"
            for s in np.argsort(-lq[t])
            if lq[t, s] >= 1.5
        ]
        for k in range(len(TYPES)):
            for s in np.flatnonzero((held[k, t] >= 0.5) & several[k]):
                # counts first: "75%" alone reads as many actors when it may be 1 of 2
                mine, of = int(m.counts[k, t, s]), int(m.counts[k, :, s].sum())
                points.append(
                    f"holds {mine} of the map's {of} {PLURALS[k]} in {m.sectors[s]} "
                    f"({held[k, t, s]:.0%} of their size)"
                )
        out.append(points or ["no distinctive sector or asset in this map"])
    return out


# -- the world config -----------------------------------------------------------------------
def territory_specs(m: ActorMap) -> list[TerritorySpec]:
    share, counts = m.share, m.counts
    n = len(m.territories)
    actors = counts.sum(axis=(0, 2))
    size = np.maximum(actors / actors.max(), 0.01)
    talent = np.maximum(_relative(share[STARTUP].sum(1) + share[RESEARCH].sum(1)), 0.01)
    capital = _relative(share[INVESTOR].sum(axis=1))
    market = 0.5 * size + 0.5 * _relative(share[LARGE].sum(axis=1))
    industry = counts[STARTUP] + counts[LARGE]
    industry = np.where(industry.sum(1, keepdims=True) > 0, industry, counts.sum(axis=0))
    spec = industry / industry.sum(axis=1, keepdims=True)
    research = _relative(share[RESEARCH])
    hosts = counts[RESEARCH].sum(axis=1) + counts[LARGE].sum(axis=1)
    experimentation = 0.2 + 0.8 * hosts / actors
    # The largest territory at the centre, the others on a circle, by decreasing size.
    order = np.argsort(-actors, kind="stable")
    angle = 2 * np.pi * np.arange(n - 1) / max(n - 1, 1)
    x, y = np.full(n, 0.5), np.full(n, 0.5)
    x[order[1:]] = 0.5 + 0.35 * np.cos(angle)
    y[order[1:]] = 0.5 + 0.35 * np.sin(angle)

    def r(v):
        return round(float(v), 4)

    return [
        TerritorySpec(
            name=m.territories[t],
            size=r(size[t]),
            market=r(market[t]),
            talent=r(talent[t]),
            capital=r(capital[t]),
            experimentation=r(experimentation[t]),
            visibility=r(size[t] ** 0.5),
            connection_capacity=r(max(0.5, 2.0 * size[t] ** 0.5)),
            specialization=[r(v) for v in spec[t]],
            research=[r(v) for v in research[t]],
            x=r(x[t]),
            y=r(y[t]),
        )
        for t in range(n)
    ]


def world_config(m: ActorMap, name: str) -> WorldConfig:
    """The map as a world the schema accepts (checked here, before anything is written)."""
    specs = territory_specs(m)
    world = WorldConfig(
        name=name, n_territories=len(specs), n_sectors=len(m.sectors), territories=specs
    )
    validate(EcosimConfig(world=world))
    return world


def world_yaml(world: WorldConfig, m: ActorMap, source: Path, out: Path) -> str:
    from omegaconf import OmegaConf

    body = OmegaConf.to_yaml(OmegaConf.structured(world))
    sectors = ", ".join(f"{i}: {s}" for i, s in enumerate(m.sectors))
    return (
        f"# World built by `ecosim map {source.name}`; sectors: {sectors}.\n"
        f"# Run it with: ecosim run --config-dir {out} world={world.name}\n{body}"
    )


# -- the report -----------------------------------------------------------------------------
def report(m: ActorMap, world: WorldConfig, source: Path) -> str:
    lq = location_quotients(m)
    lines = [
        f"# Actor map: {source.name}",
        "",
        f"{int(m.counts.sum())} actors in {len(m.territories)} territories and "
        f"{len(m.sectors)} sectors.",
        "",
        "## Strength profiles",
        "",
        "| territory | " + " | ".join(PLURALS) + " | strongest sectors (LQ) |",
        "|---|" + "---|" * (len(TYPES) + 1),
    ]
    for t, name in enumerate(m.territories):
        by_type = " | ".join(str(int(m.counts[k, t].sum())) for k in range(len(TYPES)))
        best = ", ".join(f"{m.sectors[s]} ({lq[t, s]:.1f})" for s in np.argsort(-lq[t])[:3])
        lines.append(f"| {name} | {by_type} | {best} |")
    lines += ["", "## Synergies (complementary pairs)", ""]
    pairs = synergies(m)
    lines += [
        f"- **{m.territories[a]} - {m.territories[b]}** ({score:.2f}): {why}"
        for a, b, score, why in pairs
    ] or ["- none: the territories offer each other little they lack"]
    lines += ["", "## Points of differentiation", ""]
    for name, points in zip(m.territories, differentiation(m), strict=True):
        lines.append(f"- **{name}**: " + "; ".join(points))
    lines += [
        "",
        "## World parameters (world config)",
        "",
        "| territory | size | market | talent | capital | experimentation | visibility |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in world.territories:
        lines.append(
            f"| {t.name} | {t.size:.2f} | {t.market:.2f} | {t.talent:.2f} | {t.capital:.2f} "
            f"| {t.experimentation:.2f} | {t.visibility:.2f} |"
        )
    lines += ["", f"Read as: {m.dialect.describe()}."]
    if m.ignored_columns:
        lines += [f"Ignored columns: {', '.join(m.ignored_columns)}."]
    return "\n".join(lines) + "\n"


# -- the files ------------------------------------------------------------------------------
def write_map(csv_path: Path, out: Path, name: str) -> tuple[str, Path, Path]:
    """Map an actor table into `out`: `world/<name>.yaml` (the world config) and
    `<name>-map.md` (the report); returns (the report's text, its world config file, its
    report file)."""
    m = read_actors(csv_path)
    world = world_config(m, name)
    text = report(m, world, csv_path)
    config_file = out / "world" / f"{name}.yaml"
    report_file = out / f"{name}-map.md"
    io.write_text(config_file, world_yaml(world, m, csv_path, out))
    io.write_text(report_file, text)
    return text, config_file, report_file
