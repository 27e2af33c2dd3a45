"""Guided scenarios for a class, in English and French.

Each lesson compares two scenarios (world preset, policy, knobs, seed) in compare mode:
`start` is the left world, `then` the right one, and they must share world and seed
(the right world differs only in what the lesson changes). A lesson names both worlds,
says what to do, what to watch and why it happens, and declares the effect it asks the
class to watch (`effects`: the KPIs whose right - left difference at quarter 40 is
distinguishable from zero over seeds, in the given sign, and shows that sign on the
lesson's seed; tests/test_viz.py checks both). A lesson whose effect is not established
over seeds lists none and says so.

The numbers a text quotes come from the study experiments/lessons (results.csv): over
seeds, the mean right - left with its 95% interval and seed count when distinguishable,
"equivalent within ± the smallest effect" when equivalent, "not established at N seeds"
otherwise (docs/STATISTICS.md); the lesson's own seed is quoted as one draw. Which seed a
lesson opens on is a presentation choice, not a finding: a lesson keeps seed 0 unless
seed 0 shows the opposite of its over-seeds effect, then it opens on the first seed that
shows the rule (Mobilize the diaspora: seed 2), and its text still gives the interval
over seeds and says that other seeds go the other way. The settings use the
app's control names (`ecosim.viz.controls`), so a lesson can point at a new knob as
soon as it exists; the texts stay short enough to read aloud.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class LessonText:
    title: str
    do: tuple[str, ...]
    watch: str
    why: str


#: the quarter by which each lesson's effect must be visible
EFFECT_QUARTER = 40


@dataclass(frozen=True)
class Lesson:
    id: str
    start: dict  # the left world: control name -> value (world, policy, seed, knobs)
    then: dict  # the right world, compared with it
    names: dict[str, tuple[str, str]]  # language -> (left world's name, right world's)
    effects: tuple[tuple[str, int], ...]  # (KPI, sign of right - left at EFFECT_QUARTER)
    text: dict[str, LessonText]  # language -> text


LESSONS = (
    Lesson(
        id="isolated_vs_connected",
        start={"world": "two_speed", "policy": "isolated", "seed": 0},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0},
        names={"en": ("isolated", "connected"), "fr": ("isolé", "connecté")},
        effects=(("cum_net_return", 1), ("diversity_loss", 1)),
        text={
            "en": LessonText(
                title="Isolated vs connected",
                do=(
                    "Left, the isolated world: every territory on its own, no links. Right, "
                    "the connected one: the same territories and startups, linked to partners "
                    "chosen for what they bring.",
                    "Press Step a few times, then ▶ Play to quarter 40 (10 years).",
                    "Read the running difference (connected − isolated) under the charts.",
                ),
                watch="Links appearing and thickening on the right only. By quarter 40 the "
                "connected world's cumulative net return is ahead, over 140 seeds by "
                "+920 EUR M [+700, +1,150] (95% interval; this seed, one draw: about "
                "+1,850 EUR M), and its diversity loss is far higher, over 40 seeds by +0.52 "
                "[+0.51, +0.53] (this seed: 0.79 against 0.21): the node colours converge. "
                "Attractiveness, a quarterly flow, swings from quarter to quarter: at "
                "quarter 40 the difference is not established at 100 seeds: +4.2 [-1.2, "
                "+9.6] startups a quarter.",
                why="A link brings what a territory lacks at home: investors from elsewhere, "
                "a larger market, technical partners and talent. Isolated, each ecosystem "
                "lives on its own capital and ideas. The price comes with it: partners imitate "
                "each other and specializations drift together.",
            ),
            "fr": LessonText(
                title="Isolé ou connecté",
                do=(
                    "À gauche, le monde isolé : chaque territoire seul, sans liens. À droite, "
                    "le monde connecté : les mêmes territoires et startups, reliés à des "
                    "partenaires choisis pour ce qu'ils apportent.",
                    "Appuyez quelques fois sur Avancer, puis sur ▶ Lecture jusqu'au trimestre "
                    "40 (10 ans).",
                    "Lisez l'écart courant (connecté − isolé) sous les graphiques.",
                ),
                watch="Les liens qui apparaissent et s'épaississent, à droite seulement. Au "
                "trimestre 40, le rendement net cumulé du monde connecté est devant, sur "
                "140 graines de +920 M EUR [+700 ; +1 150] (intervalle à 95 % ; avec cette "
                "graine, un seul tirage : environ +1 850 M EUR), et sa perte de diversité bien "
                "plus forte, sur 40 graines de +0,52 [+0,51 ; +0,53] (avec cette graine : "
                "0,79 contre 0,21) : les couleurs des nœuds se rapprochent. L'attractivité, "
                "un flux trimestriel, varie d'un trimestre à l'autre : au trimestre 40 l'écart "
                "n'est pas établi sur 100 graines : +4,2 [-1,2 ; +9,6] startups par "
                "trimestre.",
                why="Un lien apporte ce qui manque sur place : des investisseurs d'ailleurs, "
                "un marché plus grand, des partenaires techniques, des talents. Isolé, chaque "
                "écosystème vit de son capital et de ses idées. Le prix vient avec : les "
                "partenaires s'imitent et les spécialisations se rapprochent.",
            ),
        },
    ),
    Lesson(
        id="homogenization_trap",
        start={
            "world": "balanced",
            "policy": "open_mesh",
            "seed": 0,
            "openness": 1.0,
            "turbulence": 0.1,
        },
        then={
            "world": "balanced",
            "policy": "open_mesh",
            "seed": 0,
            "openness": 1.0,
            "turbulence": 0.1,
            "diversity_protection": 0.8,
        },
        names={"en": ("unprotected", "protected"), "fr": ("sans protection", "protégé")},
        effects=(("diversity_loss", -1),),  # this seed's return goes against the rule
        text={
            "en": LessonText(
                title="The homogenization trap",
                do=(
                    "Both worlds: everyone linked to everyone, fully open, and technologies "
                    "that keep changing (turbulence 0.1: each quarter, each sector's best "
                    "solutions may stop being best). Left, unprotected; right, diversity "
                    "protection at 0.8 (less drift towards partners' sectors, less copying "
                    "across links, distinctive sectors kept funded).",
                    "▶ Play 40 quarters. Watch the diversity-loss curves, the node colours and "
                    "the cumulative return.",
                    "Set the turbulence knob to 0 (a calm world), press Reset and ▶ Play again.",
                ),
                watch=(
                    "Protected, less diversity is lost by quarter 40: the gap in diversity loss "
                    "is -0.29 [-0.30, -0.27] over 20 seeds (95% interval; this seed, one "
                    "draw: 0.52 against 0.83). "
                    "The cumulative return does not follow: the protected world ends behind, "
                    "over 40 seeds by -2,860 EUR M [-3,980, -1,750]; this seed, one draw, "
                    "goes the other way (+1,940 EUR M): chance, not the rule."
                ),
                why=(
                    "When every good idea travels everywhere at once, everyone copies the same "
                    "best solutions and drifts towards the same sectors. When technologies "
                    "change, a world that kept several approaches has more to fall back on - "
                    "but in this model that does not pay back within 10 years: the diversity "
                    "kept is real, its money value is not yet. What turbulence does show, in "
                    "the model's study (docs/VALIDATION.md section 4), is that it erodes most "
                    "of what linking everyone to everyone pays."
                ),
            ),
            "fr": LessonText(
                title="Le piège de l'homogénéisation",
                do=(
                    "Dans les deux mondes, tout le monde est relié à tout le monde, grand "
                    "ouvert, et les technologies changent sans cesse (turbulence 0,1 : chaque "
                    "trimestre, les meilleures solutions d'un secteur peuvent cesser de "
                    "l'être). À gauche, sans protection ; à droite, une protection de la "
                    "diversité à 0,8 (moins de glissement vers les secteurs des partenaires, "
                    "moins de copie entre territoires, secteurs distinctifs toujours financés).",
                    "▶ Lecture jusqu'au trimestre 40. Regardez les courbes de perte de "
                    "diversité, les couleurs des nœuds et le rendement cumulé.",
                    "Mettez la turbulence à 0 (un monde calme), appuyez sur Réinitialiser "
                    "puis sur ▶ Lecture.",
                ),
                watch="Avec protection, moins de diversité est perdue au trimestre 40 : sur 20 "
                "graines, -0,29 [-0,30 ; -0,27] (intervalle à 95 % ; avec cette graine, un "
                "seul tirage : 0,52 contre 0,83). Le rendement cumulé ne suit pas : le monde "
                "protégé finit derrière, sur 40 graines de -2 860 M EUR [-3 980 ; -1 750] ; "
                "cette graine, un seul tirage, va dans l'autre sens (+1 940 M EUR) : le "
                "hasard, pas la règle.",
                why="Quand chaque bonne idée voyage partout à la fois, tout le monde copie les "
                "mêmes meilleures solutions et glisse vers les mêmes secteurs. Quand les "
                "technologies changent, un monde qui a gardé plusieurs approches a plus de "
                "recours - mais dans ce modèle cela ne rapporte pas en 10 ans : la diversité "
                "gardée est réelle, sa valeur en argent pas encore. Ce que la turbulence "
                "montre, dans l'étude du modèle (docs/VALIDATION.md section 4), c'est qu'elle "
                "efface l'essentiel de ce que rapporte le fait de relier tout le monde.",
            ),
        },
    ),
    Lesson(
        id="long_game",
        start={"world": "two_speed", "policy": "complementarity", "seed": 0, "horizon": 4},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0, "horizon": 0},
        names={"en": ("impatient", "patient"), "fr": ("impatient", "patient")},
        effects=(("cum_net_return", 1), ("diversity_loss", 1)),
        text={
            "en": LessonText(
                title="The long game",
                do=(
                    "Left, impatient stakeholders: a link that has not paid back within 4 "
                    "quarters is cut (horizon 4). Right, patient ones: links are never judged "
                    "(horizon 0).",
                    "Press Step through the first 8 quarters (2 years), then ▶ Play to quarter 40.",
                    "Try the horizon knob at 8 or 16 for the left world, and another seed.",
                ),
                watch="Line widths: impatient, links keep being cut and replaced, so trust "
                "stays low (thin lines); patient, lines thicken. After 2 years the two worlds "
                "have about the same cumulative return; by quarter 40 the patient one is "
                "ahead, over 80 seeds by +920 EUR M [+680, +1,150] (95% interval; this "
                "seed, one draw: about +1,320 EUR M), and it has lost more diversity, over 20 "
                "seeds by +0.14 [+0.13, +0.16].",
                why="A link costs money from its first quarter but trust builds slowly, so little "
                "flows across it at first: the J-curve. Stakeholders who judge a link on its "
                "first quarters cut it before it pays, and start again from zero trust with "
                "the next partner. Links that last also carry more imitation.",
            ),
            "fr": LessonText(
                title="Le temps long",
                do=(
                    "À gauche, des parties prenantes impatientes : un lien qui n'a pas rapporté "
                    "en 4 trimestres est coupé (horizon 4). À droite, des patientes : les liens "
                    "ne sont jamais jugés (horizon 0).",
                    "Appuyez sur Avancer pour les 8 premiers trimestres (2 ans), puis sur "
                    "▶ Lecture jusqu'au trimestre 40.",
                    "Essayez l'horizon à 8 ou 16 pour le monde de gauche, et une autre graine.",
                ),
                watch="L'épaisseur des traits : impatients, les liens sont sans cesse coupés et "
                "remplacés, la confiance reste faible (traits fins) ; patients, les traits "
                "s'épaississent. Après 2 ans, les deux mondes ont à peu près le même rendement "
                "cumulé ; au trimestre 40, le monde patient est devant, sur 80 graines de "
                "+920 M EUR [+680 ; +1 150] (intervalle à 95 % ; avec cette graine, un seul "
                "tirage : environ +1 320 M EUR), et il a perdu plus de diversité, sur 20 "
                "graines de +0,14 [+0,13 ; +0,16].",
                why="Un lien coûte dès son premier trimestre, mais la confiance se construit "
                "lentement : au début, peu de choses y circulent. C'est la courbe en J. Qui juge "
                "un lien sur ses premiers trimestres le coupe avant qu'il ne rapporte, et "
                "repart de zéro confiance avec le partenaire suivant. Les liens qui durent "
                "font aussi circuler plus d'imitation.",
            ),
        },
    ),
    Lesson(
        id="small_hub_strategies",
        start={"world": "two_speed", "policy": "preferential", "seed": 0},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0},
        names={
            "en": ("courting the stars", "seeking complements"),
            "fr": ("courtiser les étoiles", "chercher la complémentarité"),
        },
        effects=(),  # none distinguishable over seeds (experiments/lessons)
        text={
            "en": LessonText(
                title="Strategies for small hubs",
                do=(
                    "Left, territories court the biggest, most visible partners (Preferential). "
                    "Right, partners are chosen for what they bring (Complementarity).",
                    "▶ Play 40 quarters. Look at who the small nodes end up linked to, and at "
                    "the running difference.",
                    "Change the seed in the sidebar, press Reset and ▶ Play again; also try "
                    "'Hub and spoke' as the right world's policy.",
                ),
                watch="The small nodes' links and size, the Gini of investment, the return. On "
                "this seed (one draw) courting the stars is ahead in cumulative return at "
                "quarter 40, by about 1,190 EUR M; over 100 seeds which strategy returns more "
                "is not established: -90 EUR M [-360, +180] (95% interval), an interval "
                "that holds gaps larger than the ±290 EUR M that would matter. The Gini of "
                "investment is a little higher courting complements, +0.004 [+0.001, +0.008] "
                "(20 seeds), well inside ±0.02. Ask "
                "the class which strategy they would choose for a small hub, and why.",
                why="A small hub cannot match a metropolis for visibility: when everyone courts "
                "the stars, the stars choose and the small ones get what is left. Looking for "
                "complements turns a local strength into something a partner needs. That is the "
                "argument; in this model, over 10 years, it is not established that it pays "
                "more.",
            ),
            "fr": LessonText(
                title="Stratégies des petits pôles",
                do=(
                    "À gauche, les territoires courtisent les partenaires les plus grands et les "
                    "plus visibles (Préférentielle). À droite, les partenaires sont choisis "
                    "pour ce qu'ils apportent (Complémentarité).",
                    "▶ Lecture jusqu'au trimestre 40. Regardez à qui les petits nœuds "
                    "finissent reliés, et l'écart courant.",
                    "Changez la graine dans la barre latérale, appuyez sur Réinitialiser puis "
                    "sur ▶ Lecture ; essayez aussi « En étoile » comme politique du monde de "
                    "droite.",
                ),
                watch="Les liens et la taille des petits nœuds, le Gini de l'investissement, le "
                "rendement. Avec cette graine (un seul tirage), courtiser les étoiles est "
                "devant en rendement cumulé au trimestre 40, d'environ 1 190 M EUR ; sur 100 "
                "graines, la stratégie qui rapporte le plus n'est pas établie : -90 M EUR "
                "[-360 ; +180] (intervalle à 95 %), un intervalle qui contient des écarts "
                "plus grands que les ±290 M EUR qui compteraient. Le Gini de l'investissement "
                "est un peu plus élevé avec la complémentarité, +0,004 [+0,001 ; +0,008] "
                "(20 graines), bien en deçà de ±0,02. Demandez à "
                "la classe quelle stratégie elle choisirait pour un petit pôle, et pourquoi.",
                why="Un petit pôle ne peut égaler une métropole en visibilité : quand tout le "
                "monde courtise les étoiles, ce sont elles qui choisissent et les petits ont ce "
                "qui reste. Chercher la complémentarité fait d'un atout local quelque chose dont "
                "un partenaire a besoin. C'est l'argument ; dans ce modèle, sur 10 ans, il "
                "n'est pas établi que cela rapporte plus.",
            ),
        },
    ),
    Lesson(
        id="mobilize_diaspora",
        start={"world": "two_speed", "policy": "complementarity", "seed": 2},
        then={
            "world": "two_speed",
            "policy": "complementarity",
            "seed": 2,
            "diaspora_programmes": 1.0,
            "diaspora_tax_advantage": 1.0,
        },
        names={"en": ("no incentives", "incentives"), "fr": ("sans incitations", "incitations")},
        effects=(("cum_net_return", 1), ("gini_investment", -1)),
        text={
            "en": LessonText(
                title="Strategies: mobilize the diaspora",
                do=(
                    "Left, no incentives for expatriates. Right, support programmes and tax "
                    "advantages for expatriates at their maximum.",
                    "▶ Play 40 quarters. Note the cumulative return, the Gini of investment "
                    "and the number of links on each side.",
                    "Change the seed, press Reset and ▶ Play again; try each incentive alone "
                    "(the right world's differences).",
                ),
                watch="With incentives, the engaged expatriates broker a few extra links. By "
                "quarter 40 the incentives world's cumulative return is ahead, over 120 seeds "
                "by +1,030 EUR M [+760, +1,300] (95% interval), and investment is a little less "
                "concentrated, over 20 seeds a Gini lower by -0.010 [-0.016, -0.004]. This "
                "seed, one draw, shows both (+2,980 EUR M; Gini 0.82 against 0.83); on "
                "others, such as seed 0, chance goes the other way - try them.",
                why="Expatriates know both their home and their host territory: engaged, they "
                "introduce investors and partners to home, and returnees bring skills back. "
                "The model does not count what the incentives cost the public purse, so the "
                "gain shown is before that cost.",
            ),
            "fr": LessonText(
                title="Stratégies : mobiliser la diaspora",
                do=(
                    "À gauche, aucune incitation pour les expatriés. À droite, programmes de "
                    "soutien et avantages fiscaux pour les expatriés au maximum.",
                    "▶ Lecture jusqu'au trimestre 40. Notez le rendement cumulé, le Gini de "
                    "l'investissement et le nombre de liens de chaque côté.",
                    "Changez la graine, appuyez sur Réinitialiser puis sur ▶ Lecture ; essayez "
                    "chaque incitation seule (les différences du monde de droite).",
                ),
                watch="Avec incitations, les expatriés engagés font naître quelques liens de "
                "plus. Au trimestre 40, le rendement cumulé du monde avec incitations est "
                "devant, sur 120 graines de +1 030 M EUR [+760 ; +1 300] (intervalle à 95 %), "
                "et l'investissement un peu moins concentré, sur 20 graines un Gini plus bas "
                "de -0,010 [-0,016 ; -0,004]. Cette graine, un seul tirage, montre les deux "
                "(+2 980 M EUR ; Gini 0,82 contre 0,83) ; sur d'autres, comme la graine 0, "
                "le hasard va dans l'autre sens : essayez-les.",
                why="Les expatriés connaissent leur territoire d'origine et celui qui les "
                "accueille : engagés, ils présentent investisseurs et partenaires à leur "
                "territoire, et ceux qui rentrent rapportent des compétences. Le modèle ne "
                "compte pas ce que les incitations coûtent aux finances publiques : le gain "
                "affiché est avant ce coût.",
            ),
        },
    ),
)


#: Words of the page itself (the KPIs' own words are in ecosim.kpis).
UI = {
    "en": {
        "title": "ecosim: interconnected innovation ecosystems",
        "title_compare": "ecosim: {left} (left) vs {right} (right)",
        "lessons": "Lessons",
        "choose": "Choose a lesson",
        "start": "Start this lesson",
        "do": "What to do",
        "watch": "What to watch",
        "why": "Why it happens",
        "language": "Language",
        "compare": "Compare two worlds",
        "compare_on": "Two worlds side by side: same territories, startups and chance",
        "same": "The right world has the same settings as the left one.",
        "differs": "The right world differs in",
        "vary": "Control",
        "value": "Value",
        "set": "Set in the right world",
        "free": "The controls on the left set the left world (and both, apart from the "
        "differences above); press Reset to rebuild.",
        "left": "left",
        "right": "right",
        "twins": ("world A", "world B"),
        "panel": "Worlds and indicators",
        "difference": "Running difference (right − left)",
        "snapshot": "Snapshot (PNG)",
        "quarter": "Quarter",
        "network": "Territories and links",
        "legend": "node = live startups, colour = dominant sector, line = link trust",
        "sector": "sector",
        "key": "Colour = dominant sector:",
        "run": "Run the worlds",
        "settings": "Settings (left world)",
        "reset": "Reset",
        "play": "▶ Play",
        "pause": "❚❚ Pause",
        "step": "Step",
        "help_step": "Step: one quarter (3 months) more, in every world.",
        "help_play": "▶ Play: quarter after quarter until you pause.",
        "help_reset": "Reset: rebuild the worlds from the settings below, at quarter 0.",
        "queued": "{n} more queued",
        "playing": "playing",
        "ended": "end of the run",
        "seed": "seed",
    },
    "fr": {
        "title": "ecosim : écosystèmes d'innovation interconnectés",
        "title_compare": "ecosim : {left} (à gauche) face à {right} (à droite)",
        "lessons": "Leçons",
        "choose": "Choisir une leçon",
        "start": "Lancer cette leçon",
        "do": "À faire",
        "watch": "À observer",
        "why": "Pourquoi",
        "language": "Langue",
        "compare": "Comparer deux mondes",
        "compare_on": "Deux mondes côte à côte : mêmes territoires, startups et hasard",
        "same": "Le monde de droite a les mêmes réglages que celui de gauche.",
        "differs": "Le monde de droite diffère par",
        "vary": "Commande",
        "value": "Valeur",
        "set": "Appliquer au monde de droite",
        "free": "Les commandes à gauche règlent le monde de gauche (et les deux, hors les "
        "différences ci-dessus) ; appuyez sur Réinitialiser pour reconstruire.",
        "left": "gauche",
        "right": "droite",
        "twins": ("monde A", "monde B"),
        "panel": "Mondes et indicateurs",
        "difference": "Écart courant (droite − gauche)",
        "snapshot": "Instantané (PNG)",
        "quarter": "Trimestre",
        "network": "Territoires et liens",
        "legend": "nœud = startups actives, couleur = secteur dominant, trait = confiance du lien",
        "sector": "secteur",
        "key": "Couleur = secteur dominant :",
        "run": "Faire tourner les mondes",
        "settings": "Réglages (monde de gauche)",
        "reset": "Réinitialiser",
        "play": "▶ Lecture",
        "pause": "❚❚ Pause",
        "step": "Avancer",
        "help_step": "Avancer : un trimestre (3 mois) de plus, dans chaque monde.",
        "help_play": "▶ Lecture : trimestre après trimestre jusqu'à la pause.",
        "help_reset": "Réinitialiser : reconstruire les mondes avec les réglages ci-dessous, "
        "au trimestre 0.",
        "queued": "encore {n} en attente",
        "playing": "lecture en cours",
        "ended": "fin de la simulation",
        "seed": "graine",
    },
}


def by_id(lesson_id: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.id == lesson_id:
            return lesson
    raise KeyError(lesson_id)
