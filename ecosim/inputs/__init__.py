"""Inputs: a territory's own data turned into worlds the model runs.

`actor_map` maps a territory's actor table (CSV) into strengths, synergies, points of
differentiation and a `world` config (`ecosim map`); `regions` turns a region table
(population, GDP per inhabitant, ... with a source per column) into a world preset carrying
the measured data (`ecosim regions`; the shipped tables are in `configs/world/data/`) and
reads the target tables of `configs/targets/` (`read_targets`), which no world reads.
Inputs may import `ecosim.runs`, `ecosim.core` and the shared bottom modules; the analyses
and the command line import them, never the other way round.
"""
