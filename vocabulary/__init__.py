"""What every part of the assistant agrees on: routes, danger, signals and the texts people read.

Standard library only, so the gateway (bot/), the custom actions (actions/) and the Rasa components
(rasa_ext/) can all import it; tests/test_import_contracts.py keeps it that way.
"""
