"""How updates arrive and replies leave: Telegram's polling and webhook, the Zalo transport
under PTB, and the retrying rate limiter both share.
"""
