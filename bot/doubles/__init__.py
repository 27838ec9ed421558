"""The Telegram Bot API and Zalo Bot Platform doubles on 127.0.0.1, for tests, benchmarks and
the sandbox; they enforce the platforms' rules.
"""
