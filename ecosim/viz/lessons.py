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
        then={
            "world": "balanced",
            "policy": "open_mesh",
            "seed": 0,
            "openness": 1.0,
            "diversity_protection": 0.8,
        },
        text={
            "en": LessonText(
                title="The homogenization trap",
                do=(
                    "Everyone is linked to everyone, fully open. Play 40 quarters.",
                    "Watch the diversity-loss curve and the node colours.",
                    "Press 'Then compare': the same network with diversity protection at 0.8 "
                    "(less drift towards partners' sectors, less copying across links, "
                    "distinctive sectors kept funded). Play again, then on to quarter 80.",
                ),
                watch="Unprotected, diversity loss reaches about 0.85 by quarter 40 and 0.95 by "
                "quarter 80, when only 2 of 6 sector specializations are left. Protected, it "
                "is near 0.6 at quarter 40 and 0.7 at quarter 80, and all 6 remain. The "
                "cumulative return ends close to the unprotected run (above it for some seeds, "
                "below for others).",
                why="When every good idea travels everywhere at once, everyone copies the same "
                "best solutions and drifts towards the same sectors. Each territory gains in "
                "the short run, yet the world loses the variety that future discoveries need. "
                "Protection keeps local specificities while the links still carry money and "
                "markets; its price, measured in the model's tests, is slower progress of "
                "startups' solutions in the first years.",
            ),
            "fr": LessonText(
                title="Le piège de l'homogénéisation",
                do=(
                    "Tout le monde est relié à tout le monde, grand ouvert. Jouez 40 trimestres.",
                    "Regardez la courbe de perte de diversité et les couleurs des nœuds.",
                    "Appuyez sur « Puis comparer » : le même réseau avec une protection de la "
                    "diversité à 0,8 (moins de glissement vers les secteurs des partenaires, "
                    "moins de copie entre territoires, secteurs distinctifs toujours financés). "
                    "Rejouez, puis allez jusqu'au trimestre 80.",
                ),
                watch="Sans protection, la perte de diversité atteint environ 0,85 au trimestre 40 "
                "et 0,95 au trimestre 80 : il ne reste que 2 spécialisations sur 6. Avec "
                "protection, elle est vers 0,6 au trimestre 40 et 0,7 au trimestre 80, et les 6 "
                "restent. Le rendement cumulé finit proche de celui sans protection (au-dessus "
                "pour certaines graines, en dessous pour d'autres).",
                why="Quand chaque bonne idée voyage partout à la fois, tout le monde copie les "
                "mêmes meilleures solutions et glisse vers les mêmes secteurs. Chacun y gagne à "
                "court terme, mais le monde perd la variété dont les découvertes futures ont "
                "besoin. La protection garde les spécificités locales pendant que les liens "
                "continuent d'apporter capitaux et marchés ; son prix, mesuré dans les tests du "
                "modèle, est un progrès plus lent des solutions des startups les premières "
                "années.",
            ),
        },
    ),
    Lesson(
        id="long_game",
        start={"world": "two_speed", "policy": "complementarity", "seed": 0, "horizon": 4},
        then={"world": "two_speed", "policy": "complementarity", "seed": 0, "horizon": 0},
        text={
            "en": LessonText(
                title="The long game",
                do=(
                    "Impatient stakeholders: a link that has not paid back within 4 quarters "
                    "is cut (horizon 4). Step through the first 8 quarters (2 years).",
                    "Then Play to quarter 80 (20 years). Note the cumulative net return.",
                    "Press 'Then compare' (horizon 0: links are never judged) and run the same "
                    "80 quarters. Try the horizon knob at 8 or 16, and the 'isolated' policy.",
                ),
                watch="Line widths: impatient, links keep being cut and replaced, so trust "
                "stays low (thin lines); patient, lines thicken. After 2 years the two runs "
                "have about the same cumulative return; after 20 years the patient one's is "
                "nearly twice as high (about 12,000 against 6,300 EUR M over 5 seeds, higher "
                "in each), and the impatient one ends near an isolated world's.",
                why="A link costs money from its first quarter but trust builds slowly, so little "
                "flows across it at first: the J-curve. Stakeholders who judge a link on its "
                "first quarters cut it before it pays, and start again from zero trust with "
                "the next partner.",
            ),
            "fr": LessonText(
                title="Le temps long",
                do=(
                    "Des parties prenantes impatientes : un lien qui n'a pas rapporté en 4 "
                    "trimestres est coupé (horizon 4). Avancez pas à pas sur les 8 premiers "
                    "trimestres (2 ans).",
                    "Puis lancez la lecture jusqu'au trimestre 80 (20 ans). Notez le rendement "
                    "net cumulé.",
                    "Appuyez sur « Puis comparer » (horizon 0 : les liens ne sont jamais jugés) "
                    "et jouez les mêmes 80 trimestres. Essayez l'horizon à 8 ou 16, et la "
                    "politique « isolated ».",
                ),
                watch="L'épaisseur des traits : impatients, les liens sont sans cesse coupés et "
                "remplacés, la confiance reste faible (traits fins) ; patients, les traits "
                "s'épaississent. Après 2 ans, les deux mondes ont à peu près le même rendement "
                "cumulé ; après 20 ans, celui du monde patient est presque le double (environ "
                "12 000 contre 6 300 M EUR sur 5 graines, plus haut pour chacune), et le monde "
                "impatient finit près d'un monde isolé.",
                why="Un lien coûte dès son premier trimestre, mais la confiance se construit "
                "lentement : au début, peu de choses y circulent. C'est la courbe en J. Qui juge "
                "un lien sur ses premiers trimestres le coupe avant qu'il ne rapporte, et "
                "repart de zéro confiance avec le partenaire suivant.",
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
    Lesson(
        id="mobilize_diaspora",
        start={"world": "two_speed", "policy": "complementarity", "seed": 0},
        then={
            "world": "two_speed",
            "policy": "complementarity",
            "seed": 0,
            "diaspora_programmes": 1.0,
            "diaspora_tax_advantage": 1.0,
        },
        text={
            "en": LessonText(
                title="Strategies: mobilize the diaspora",
                do=(
                    "No incentives for expatriates. Play 80 quarters and note the cumulative "
                    "return, attractiveness and the number of links.",
                    "Press 'Then compare': support programmes and tax advantages for "
                    "expatriates at their maximum. Play the same 80 quarters.",
                    "Try each incentive alone, and another seed.",
                ),
                watch="With incentives, expatriates come home with their talent and the "
                "engaged ones broker a few extra links: after 20 years the cumulative return "
                "is about half higher (about 18,000 against 12,000 EUR M over 5 seeds, higher "
                "in each) and attractiveness is higher. Diversity loss is a little higher too.",
                why="Expatriates know both their home and their host territory: engaged, they "
                "introduce investors and partners to home, and returnees bring skills back. "
                "The model does not count what the incentives cost the public purse, so the "
                "gain shown is before that cost.",
            ),
            "fr": LessonText(
                title="Stratégies : mobiliser la diaspora",
                do=(
                    "Aucune incitation pour les expatriés. Jouez 80 trimestres et notez le "
                    "rendement cumulé, l'attractivité et le nombre de liens.",
                    "Appuyez sur « Puis comparer » : programmes de soutien et avantages fiscaux "
                    "pour les expatriés au maximum. Jouez les mêmes 80 trimestres.",
                    "Essayez chaque incitation seule, et une autre graine.",
                ),
                watch="Avec incitations, des expatriés rentrent avec leurs talents et ceux qui "
                "s'engagent font naître quelques liens de plus : après 20 ans, le rendement "
                "cumulé est environ moitié plus élevé (environ 18 000 contre 12 000 M EUR sur "
                "5 graines, plus haut pour chacune) et l'attractivité plus forte. La perte de "
                "diversité est un peu plus élevée aussi.",
                why="Les expatriés connaissent leur territoire d'origine et celui qui les "
                "accueille : engagés, ils présentent investisseurs et partenaires à leur "
                "territoire, et ceux qui rentrent rapportent des compétences. Le modèle ne "
                "compte pas ce que les incitations coûtent aux finances publiques : le gain "
                "affiché est avant ce coût.",
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
