"""ecosim\x27s Hydra plugin: the plan sweeper (see plan_sweeper.py)."""
