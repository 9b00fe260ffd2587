"""Data access for the contact log. Every function takes a Session and never commits."""
