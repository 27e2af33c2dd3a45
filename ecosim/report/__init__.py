"""The plain-language report of a sweep (English and French).

`text` holds the report's sentences and number formatting, `figures` its charts,
`render` the HTML and markdown pages, `sections` the optional sensitivity and search
sections, `command` the analysis behind them and the report's files (the `ecosim report`
command itself is `ecosim.cli.report`). The report may import `ecosim.analysis`,
`ecosim.runs`, `ecosim.core` and the shared bottom modules; nothing but the command line
imports it.
"""
