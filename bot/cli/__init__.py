"""`python -m bot ...`: one module per command group; main.py parses and dispatches."""
