"""Joining a team: dialog.py (invite code, consent, name, phone, confirmation) and
membership.py (registering, switching teams).
"""
