"""Guided scenarios for a class, in English and French.

Each lesson loads a scenario (world preset, policy, knobs, seed) and then a second
one to compare it with, and says what to do, what to watch and why it happens. The
settings use the app's control names (`ecosim.viz.controls`), so a lesson can point
at a new knob as soon as it exists; the texts stay short enough to read aloud.
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


@dataclass(frozen=True)
class Lesson:
    id: str
    start: dict  # control name -> value (world, policy, seed, knobs)
    then: dict  # the scenario to compare with
    text: dict[str, LessonText]  # language -> text


LESSONS = (
    Lesson(
        id="isolated_vs_connected",
        start={"world": "two_speed", "policy": "isolated", "seed": 0},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0},
        text={
            "en": LessonText(
                title="Isolated vs connected",
                do=(
                    "Press Play and let about 40 quarters (10 years) run with no links.",
                    "Note attractiveness and the cumulative return.",
                    "Press 'Then compare', Play again and watch the same 40 quarters.",
                ),
                watch="Links appearing and thickening, attractiveness jumping, and the "
                "node colours: do territories keep their own specialization?",
                why="A link brings what a territory lacks at home: investors from elsewhere, "
                "a larger market, technical partners and talent. Isolated, each ecosystem "
                "lives on its own capital and ideas. The price comes later: partners imitate "
                "each other and specializations drift together.",
            ),
            "fr": LessonText(
                title="Isolé ou connecté",
                do=(
                    "Appuyez sur Lecture et laissez tourner environ 40 trimestres (10 ans) "
                    "sans liens.",
                    "Notez l'attractivité et le rendement cumulé.",
                    "Appuyez sur « Puis comparer », relancez et regardez les mêmes 40 trimestres.",
                ),
                watch="Les liens qui apparaissent et s'épaississent, l'attractivité qui bondit, "
                "et les couleurs des nœuds : chaque territoire garde-t-il sa spécialisation ?",
                why="Un lien apporte ce qui manque sur place : des investisseurs d'ailleurs, "
                "un marché plus grand, des partenaires techniques, des talents. Isolé, chaque "
                "écosystème vit de son capital et de ses idées. Le prix vient plus tard : les "
                "partenaires s'imitent et les spécialisations se rapprochent.",
            ),
        },
    ),
    Lesson(
        id="homogenization_trap",
        start={"world": "balanced", "policy": "open_mesh", "seed": 0, "openness": 1.0},
        then={"world": "balanced", "policy": "diversity_aware", "seed": 0},
        text={
            "en": LessonText(
                title="The homogenization trap",
                do=(
                    "Everyone is linked to everyone, fully open. Play 40 quarters.",
                    "Watch the diversity-loss curve and the node colours.",
                    "Press 'Then compare' (partners chosen for complementarity, imitation "
                    "across links damped, specializations protected) and play again.",
                ),
                watch="Diversity loss climbing towards 1 and colours converging; with "
                "protection it rises more slowly and ends lower.",
                why="When every good idea travels everywhere at once, everyone copies the same "
                "best solutions and drifts towards the same sectors. Each territory gains in "
                "the short run, yet the world loses the variety that future discoveries need.",
            ),
            "fr": LessonText(
                title="Le piège de l'homogénéisation",
                do=(
                    "Tout le monde est relié à tout le monde, grand ouvert. Jouez 40 trimestres.",
                    "Regardez la courbe de perte de diversité et les couleurs des nœuds.",
                    "Appuyez sur « Puis comparer » (partenaires choisis pour leur complémentarité, "
                    "imitation entre territoires freinée, spécialisations protégées) et rejouez.",
                ),
                watch="La perte de diversité qui monte vers 1 et les couleurs qui se rejoignent ; "
                "avec protection, elle monte moins vite et finit plus bas.",
                why="Quand chaque bonne idée voyage partout à la fois, tout le monde copie les "
                "mêmes meilleures solutions et glisse vers les mêmes secteurs. Chacun y gagne à "
                "court terme, mais le monde perd la variété dont les découvertes futures ont "
                "besoin.",
            ),
        },
    ),
    Lesson(
        id="long_game",
        start={"world": "two_speed", "policy": "complementarity", "seed": 0},
        then={"world": "two_speed", "policy": "isolated", "seed": 0},
        text={
            "en": LessonText(
                title="The long game",
                do=(
                    "Step through the first 8 quarters (2 years) one by one.",
                    "Then Play to quarter 80 (20 years).",
                    "Press 'Then compare' (no links) and run the same 80 quarters.",
                ),
                watch="The cumulative net return: after 2 years the connected world is no "
                "better off than the isolated one; after 20 years it is far ahead.",
                why="A link costs money from its first quarter but trust builds slowly, so little "
                "flows across it at first: the J-curve. Stakeholders who judge a network on its "
                "first two years stop it before it pays.",
            ),
            "fr": LessonText(
                title="Le temps long",
                do=(
                    "Avancez pas à pas sur les 8 premiers trimestres (2 ans).",
                    "Puis lancez la lecture jusqu'au trimestre 80 (20 ans).",
                    "Appuyez sur « Puis comparer » (sans liens) et jouez les mêmes 80 trimestres.",
                ),
                watch="Le rendement net cumulé : après 2 ans, le monde connecté ne fait pas mieux "
                "que le monde isolé ; après 20 ans, il est loin devant.",
                why="Un lien coûte dès son premier trimestre, mais la confiance se construit "
                "lentement : au début, peu de choses y circulent. C'est la courbe en J. Qui juge "
                "un réseau sur ses deux premières années l'arrête avant qu'il ne rapporte.",
            ),
        },
    ),
    Lesson(
        id="small_hub_strategies",
        start={"world": "two_speed", "policy": "preferential", "seed": 0},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0},
        text={
            "en": LessonText(
                title="Strategies for small hubs",
                do=(
                    "Small territories court the biggest, most visible partners. Play 40 quarters.",
                    "Look at who the small nodes end up linked to, and at the Gini.",
                    "Press 'Then compare': partners chosen for what they bring. Also try "
                    "'hub_and_spoke' and another seed.",
                ),
                watch="The small nodes' links and size, the Gini of investment, the return. "
                "The winner can change with the seed: ask the class which strategy they "
                "would choose for a small hub, and why.",
                why="A small hub cannot match a metropolis for visibility: when everyone courts "
                "the stars, the stars choose and the small ones get what is left. Looking for "
                "complements turns a local strength into something a partner needs.",
            ),
            "fr": LessonText(
                title="Stratégies des petits pôles",
                do=(
                    "Les petits territoires courtisent les partenaires les plus grands et les "
                    "plus visibles. Jouez 40 trimestres.",
                    "Regardez à qui les petits nœuds finissent reliés, et le Gini.",
                    "Appuyez sur « Puis comparer » : des partenaires choisis pour ce qu'ils "
                    "apportent. Essayez aussi « hub_and_spoke » et une autre graine.",
                ),
                watch="Les liens et la taille des petits nœuds, le Gini de l'investissement, le "
                "rendement. Le gagnant peut changer avec la graine : demandez à la classe quelle "
                "stratégie elle choisirait pour un petit pôle, et pourquoi.",
                why="Un petit pôle ne peut égaler une métropole en visibilité : quand tout le "
                "monde courtise les étoiles, ce sont elles qui choisissent et les petits ont ce "
                "qui reste. Chercher la complémentarité fait d'un atout local quelque chose dont "
                "un partenaire a besoin.",
            ),
        },
    ),
)

#: Words of the lesson panel itself.
UI = {
    "en": {
        "lessons": "Lessons",
        "choose": "Choose a lesson",
        "start": "Start this lesson",
        "then": "Then compare",
        "do": "What to do",
        "watch": "What to watch",
        "why": "Why it happens",
        "language": "Language",
        "free": "Free play: set the controls on the left, then Reset.",
        "quarter": "Quarter",
        "network": "Territories and links",
        "legend": "node = live startups, colour = dominant sector, line = link trust",
        "sector": "sector",
    },
    "fr": {
        "lessons": "Leçons",
        "choose": "Choisir une leçon",
        "start": "Lancer cette leçon",
        "then": "Puis comparer",
        "do": "À faire",
        "watch": "À observer",
        "why": "Pourquoi",
        "language": "Langue",
        "free": "Jeu libre : réglez les commandes à gauche, puis Reset.",
        "quarter": "Trimestre",
        "network": "Territoires et liens",
        "legend": "nœud = startups actives, couleur = secteur dominant, trait = confiance du lien",
        "sector": "secteur",
    },
}


def by_id(lesson_id: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.id == lesson_id:
            return lesson
    raise KeyError(lesson_id)
