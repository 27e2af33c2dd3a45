"""Numbers as a class reads them, in English or French: "4,406" and "0.80" in English,
"4 406" and "0,80" in French (a narrow no-break space groups thousands, a comma marks
decimals, as French typography and CLDR's fr locale write them)."""

from __future__ import annotations

#: French thousands separator: NARROW NO-BREAK SPACE (never breaks a number over two lines)
FR_GROUP = "\u202f"


def number(value: float, lang: str = "en", decimals: int = 0) -> str:
    """`value` with `decimals` decimals, thousands grouped, in the page's language."""
    text = f"{float(value):,.{decimals}f}"
    if text in ("-0", "-0." + "0" * decimals):
        text = text[1:]
    if lang == "fr":
        return text.replace(",", FR_GROUP).replace(".", ",")
    return text


def colon(label: str, lang: str) -> str:
    """ "Label:" in English, "Label :" in French (a no-break space before the colon)."""
    return f"{label}\u00a0:" if lang == "fr" else f"{label}:"
