"""Police-complaints triage assistant: gateway, contact log and staff console."""
