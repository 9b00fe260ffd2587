"""Custom actions, grouped by capability; the action server is started by `python -m actions`."""
