"""What people see and press: typed callback data, menus, cards, charts, Telegram's HTML."""
