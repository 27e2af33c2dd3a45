"""The educator app and its pieces: offline front-end assets, the controls, the lessons,
the network drawing and the KPI charts. `app.py` assembles them into Mesa's SolaraViz
page and `animate.py` reuses the drawings for the slide export. The app may import
`ecosim.analysis`, `ecosim.runs`, `ecosim.core` and the shared bottom modules, never the
report, the validation checks or the command line."""
