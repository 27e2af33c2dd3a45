"""The model behind the app: one world, or two worlds stepping in lockstep (compare mode).

Compare mode builds two worlds from the same world preset and seed, so they have the
same territories and startups and draw from the same random streams (common random
numbers, `ecosim.core.random_streams`, as in sweeps); the right world applies on top of
the left one's settings only what differs (`variant`: control name -> value). A class
then sees the effect of that one change, not of another draw of chance, and two worlds
with no difference stay identical quarter after quarter.
"""

from __future__ import annotations

import mesa

from ecosim.config import ConfigError
from ecosim.core.model import EcosystemModel
from ecosim.kpis import CHARTED
from ecosim.viz.charts import WorldHistory
from ecosim.viz.controls import DEFAULT_SCENARIO, VARIABLE, build_config, knob_values
from ecosim.viz.network import NetworkLayout


class ClassroomModel(EcosystemModel):
    """One world built from the app's controls, keeping what the page draws.

    The network layout is computed here, once per world, from the territories' map
    positions; the world KPIs are kept step by step for the charts.
    """

    def __init__(
        self,
        world: str = DEFAULT_SCENARIO["world"],
        policy: str = DEFAULT_SCENARIO["policy"],
        seed: int = DEFAULT_SCENARIO["seed"],
        **knobs,
    ):
        super().__init__(build_config(world, policy, int(seed), **knobs))
        self.layout = NetworkLayout.of(self.territories, self.state.live)
        self.history = WorldHistory(list(CHARTED))

    @property
    def settings(self) -> dict:
        """Every control's value in the config this world was built with."""
        cfg = self.cfg
        return {"world": cfg.world.name, "policy": cfg.policy.name, "seed": cfg.seed,
                **knob_values(cfg)}  # fmt: skip

    def step(self) -> None:
        super().step()
        self.history.append(self.steps, self.world_metrics)
        self.running = self.steps < self.cfg.sim.steps


class Classroom(mesa.Model):
    """What the page steps and rebuilds: the left world and, in compare mode, the right one.

    Step and Play step both worlds together, so their quarter counters never differ.
    The parameters are the left world's controls (`knobs` by name, so a new knob needs
    no change here) and `variant`, the right world's differences from it (None: one
    world only), which may be any control but the shared world and seed.
    """

    def __init__(
        self,
        world: str = DEFAULT_SCENARIO["world"],
        policy: str = DEFAULT_SCENARIO["policy"],
        seed: int = DEFAULT_SCENARIO["seed"],
        variant: dict | None = None,
        **knobs,
    ):
        left = {"world": world, "policy": policy, "seed": int(seed), **knobs}
        shared = set(variant or ()) - set(VARIABLE)
        if shared:
            raise ConfigError(
                f"compared worlds may differ in {', '.join(VARIABLE)}; not in {', '.join(shared)}"
            )
        super().__init__(rng=left["seed"])
        self.worlds = [ClassroomModel(**left)]
        if variant is not None:
            self.worlds.append(ClassroomModel(**{**left, **variant}))

    @property
    def compared(self) -> bool:
        return len(self.worlds) == 2

    def step(self) -> None:
        for model in self.worlds:
            model.step()
        self.running = all(model.running for model in self.worlds)
