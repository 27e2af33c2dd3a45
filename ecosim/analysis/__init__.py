"""Analyses over many runs: statistics, experimental designs, sensitivity, policy search.

`stats` holds the paired and grouped statistics every report and test uses; `designs`
the parameter spaces and SALib designs; `sensitivity` (SALib) and `policy_search`
(Optuna) run designs through `ecosim.runs` and write their results and figures. Analyses
may import `ecosim.inputs`, `ecosim.runs`, `ecosim.core` and the shared bottom modules,
never the report, app or command line.
"""
