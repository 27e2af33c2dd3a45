"""The presets' names in prose, in English and French: what the educator app shows on
its controls and what a French report writes (`ecosim.report`), kept in one place."""

from __future__ import annotations

NAMES = {
    "world": {
        "archipelago": {"en": "Archipelago", "fr": "Archipel"},
        "balanced": {"en": "Balanced peers", "fr": "Pairs équilibrés"},
        "france_regions": {"en": "French regions", "fr": "Régions françaises"},
        "uk_regions": {"en": "UK regions", "fr": "Régions du Royaume-Uni"},
        "germany_regions": {"en": "German Länder", "fr": "Länder allemands"},
        "italy_regions": {"en": "Italian regions", "fr": "Régions italiennes"},
        "generated": {"en": "Generated world", "fr": "Monde généré"},
        "two_speed": {"en": "Two-speed world", "fr": "Monde à deux vitesses"},
    },
    "policy": {
        "complementarity": {"en": "Complementarity", "fr": "Complémentarité"},
        "diversity_aware": {"en": "Diversity-aware", "fr": "Attentive à la diversité"},
        "hub_and_spoke": {"en": "Hub and spoke", "fr": "En étoile"},
        "isolated": {"en": "Isolated", "fr": "Isolement"},
        "open_mesh": {"en": "Open mesh", "fr": "Maillage ouvert"},
        "preferential": {
            "en": "Preferential (court the biggest)",
            "fr": "Préférentielle (les plus grands)",
        },
        "random": {"en": "Random partners", "fr": "Partenaires au hasard"},
    },
}


def preset_name(group: str, value, lang: str) -> str:
    """A policy or world preset as the app names it in prose (`Complémentarité` in a
    French report); English keeps the preset's id, which readers type into commands."""
    if lang == "en":
        return str(value)
    return NAMES.get(group, {}).get(str(value), {}).get(lang, str(value))
