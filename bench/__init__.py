"""Benchmarks of the bot, run with `python -m bench [NAME ...]`; not tests (see RESULTS.md)."""
