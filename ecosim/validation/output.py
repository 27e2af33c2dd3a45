"""Writing a validation check's figure and tables atomically (see ecosim.io)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display needed, none opened

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from ecosim import io  # noqa: E402


def save_figure(fig, path: Path) -> Path:
    io.atomic_write(path, lambda p: fig.savefig(p, format="png", dpi=120, bbox_inches="tight"))
    plt.close(fig)
    return path


def save_text(path: Path, text: str) -> Path:
    io.write_text(path, text)
    return path


def save_csv(df: pd.DataFrame, path: Path) -> Path:
    io.write_text(path, df.to_csv(index=False, float_format="%.6g"))
    return path


def markdown_table(df: pd.DataFrame, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table (pandas' to_markdown needs `tabulate`)."""

    def cell(v) -> str:
        if isinstance(v, float):
            return "n/a" if v != v else f"{v:.{digits}f}"
        return str(v)

    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])
