"""The local sandbox: the real bot against the Bot API double, with a web chat page.

`python -m bot sandbox` (or `make run` without a BOT_TOKEN) starts it on 127.0.0.1; a visitor
can then be a member, a team leader, a coordinator, an admin, a newcomer or a Zalo user (who
types numbers where Telegram users tap), and move the bot's clock to see reminders, deadline
alerts and the daily summary arrive.
"""

from bot.sandbox.runner import Sandbox, run_sandbox

__all__ = ["Sandbox", "run_sandbox"]
