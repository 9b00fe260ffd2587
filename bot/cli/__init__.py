"""`python -m bot`: the command line, one module per command group (`main` builds the parser).

Imports go one way: `main` imports the command modules, and they import only `errors` from here,
so nothing else in `bot/` imports the command line.
"""
