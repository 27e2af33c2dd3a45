"""Running the model: one run and its directory protocol, Hydra glue, sweeps, collect.

`run` simulates one validated config; `run_dir` is the protocol by which a run directory
tells its own state (started, failed, complete) so that sweeps resume and collect from
the files alone, without importing the model. `hydra_app` composes and checks configs
and is Hydra's task; `sweep` plans and launches experiments; `collect` turns a sweep into
one tidy table. Runs may import `ecosim.core` and the shared bottom modules, never the
analyses, reports, app or command line above them.
"""
