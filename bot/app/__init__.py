"""The composition root (application.py), the settings, and the context every handler gets."""
