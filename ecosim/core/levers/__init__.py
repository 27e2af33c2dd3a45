"""The seed text's challenges and strategies, one module each.

Challenges: best practices spread (`practices`), alignment of interests (`alignment`),
unequal capacity to connect (`capacity`), short-term results vs long-term vision
(`horizon`), homogenization and its protection (`protection`). Strategies: territorial
narratives (`narratives`), expatriate talent (`diaspora`); the actor map of strategy 1
is an input tool (`ecosim.analysis.actor_map`). Each lever is neutral at its default
and acts on the core only through the model's `Signals` and its own hooks; levers
import the rest of `ecosim.core` and the shared bottom modules, nothing above.
"""
