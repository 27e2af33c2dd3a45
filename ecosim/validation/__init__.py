"""Validation: reproduce published results with ecosim's own mechanisms (docs/VALIDATION.md).

One module per check - `lazer_friedman`, `stylized_facts`, `homogenization` - each
with `add_arguments(parser)` and `main(ns, out, progress)` (`progress(what)` gives a
progress printer per phase); `ecosim validate <check>` (`ecosim.cli.validate`) runs
them. The checks only configure the world, the network and what is recorded: nothing in
the model is special-cased for validation. Validation may import `ecosim.analysis`,
`ecosim.runs`, `ecosim.core` and the shared bottom modules, never the command line,
which loads the checks.
"""
