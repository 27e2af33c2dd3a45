"""Figures without a display: matplotlib on its Agg backend, figures kept as PNG bytes.

Reports embed the bytes, analyses and validation checks write them to files; nothing
opens a window or reaches the network. matplotlib is imported only when a figure is
drawn, so commands that draw nothing do not pay for it.
"""

from __future__ import annotations

import io


def pyplot():
    """matplotlib.pyplot on the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def png(fig, dpi: int = 100) -> bytes:
    """The figure as PNG bytes; the figure is closed (a long sweep of figures stays small)."""
    plt = pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
