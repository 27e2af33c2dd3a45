"""The educator app's pieces: offline front-end assets, the controls, the network drawing
and the KPI charts. `ecosim/app.py` assembles them into Mesa's SolaraViz page and
`ecosim/animate.py` reuses the drawings for the slide export."""
