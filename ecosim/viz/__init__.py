"""The educator app and its pieces: offline front-end assets, the controls, the worlds
(one, or two in lockstep for compare mode), the lessons and the effects they show, the
network drawing, the KPI charts and the PNG snapshot. `app.py` assembles them into
a Solara page and `animate.py` reuses the drawings for the GIF export. The app
may import `ecosim.analysis`, `ecosim.runs`, `ecosim.core` and the shared bottom
modules, never the report, the validation checks or the command line."""
