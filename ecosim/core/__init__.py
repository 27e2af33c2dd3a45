"""The model: territories, startups, investors and hubs, one step per quarter.

`model.py` sequences the quarter; each mechanism it calls lives in a module named after
it (births, knowledge, market, funding, outcomes, links, policies, territory dynamics),
the seed text's challenges and strategies in `levers/`. The core may import only the
shared bottom modules (`ecosim.config`, `ecosim.io`, `ecosim.kpis`, `ecosim.args`): it
knows nothing of run directories, Hydra, statistics, reports or the app.
"""
