"""cns-bot: the chat assistant of Vietnam's community digital technology teams.

Each folder is one kind of code; a layer imports only from the layers below it (pyproject.toml,
[tool.importlinter]): cli, sandbox > app.application > transports, doubles > handlers,
schedules > app.context, app.settings > ui > domain > storage, core (and storage/ imports
nothing from bot/).
"""
