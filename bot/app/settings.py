"""Settings read once from the environment and an optional .env file."""

from __future__ import annotations

import re
import sys
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.i18n import Province
from bot.domain.anomaly import Rules

TELEGRAM_API_URL = "https://api.telegram.org/bot"
ZALO_API_URL = "https://bot-api.zaloplatforms.com"


class Settings(BaseSettings):
    """Everything the bot can be told from outside; see the README's settings table."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API_URL
    bot_username: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    sandbox_port: int = Field(default=8080, ge=1, le=65535)
    database_path: Path = Path("data/cns-bot.sqlite3")
    timezone: str = "Asia/Ho_Chi_Minh"
    admin_telegram_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_language: Literal["vi", "en"] = "vi"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    form_path: Path | None = None
    quiet_hours: str = "21:00-07:00"
    summary_time: str = "17:30"
    backup_dir: Path = Path("data/backups")
    backup_time: str = "02:00"
    backup_keep: int = Field(default=14, ge=1, le=365)
    deadline_alert_hours: Annotated[tuple[int, ...], NoDecode] = (72, 24, 2)
    report_backfill_days: int = Field(default=7, ge=0, le=60)
    report_edit_days: int = Field(default=1, ge=0, le=60)
    dialog_timeout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    note_max_length: int = Field(default=500, ge=10, le=3000)
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    send_per_chat_interval: float = Field(default=1.0, ge=0, le=60)
    send_max_attempts: int = Field(default=5, ge=1, le=20)
    # Outbox sends awaiting Telegram's answer at once. A crash repeats at most this many
    # messages (their fate is unknown); each send waits one round trip, so the pace is at most
    # SEND_IN_FLIGHT / round trip (1 → about 7/s at 150 ms; 4 → 25/s).
    send_in_flight: int = Field(default=1, ge=1, le=50)
    # The Zalo channel (bot/zalo): on when ZALO_BOT_TOKEN is set, beside Telegram or alone.
    zalo_bot_token: SecretStr | None = None
    zalo_api_url: str = ZALO_API_URL
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_send_rate: float = Field(default=10.0, gt=0, le=1000)
    # Where Zalo fetches charts and exports from: this server's public address, served on
    # WEB_LISTEN:WEB_PORT (with the Zalo webhook, if used).
    public_url: str | None = None
    web_listen: str = "127.0.0.1"
    web_port: int = Field(default=8444, ge=1, le=65535)
    file_link_hours: int = Field(default=24, ge=1, le=24 * 7)
    # Who runs this deployment, named in the texts (bot.core.i18n.Province); unset, the texts
    # use their own general wording. The data controller and the contact line are what the
    # consent notice and /privacy name (Personal Data Protection Law 91/2025/QH15).
    bot_name: str | None = Field(default=None, max_length=64)
    data_controller: str | None = Field(default=None, max_length=200)
    data_contact: str | None = Field(default=None, max_length=300)

    # Zalo group chats (beta on Zalo): linked groups get the daily summary and reminder. Off by
    # default; stays off where getMe says the bot can't join groups (handlers.groups).
    groups_enabled: bool = False

    # The link that opens the bot's chat in Zalo (invite cards and `roster list`). Unset, it is
    # made from getMe's account_name as https://zalo.me/<account_name>.
    zalo_bot_link: str | None = None

    # Numbers a department can sign (bot/domain/anomaly.py, bot/domain/review.py). A typed
    # value above its soft maximum, or above ANOMALY_FLOOR and more than ANOMALY_RATIO times
    # the member's usual value of the last ANOMALY_HISTORY_DAYS days (a newcomer: their
    # commune's), is asked once and, if confirmed, held for review.
    anomaly_checks: bool = True
    anomaly_ratio: float = Field(default=5.0, ge=1.5, le=100)
    anomaly_floor: int = Field(default=20, ge=0, le=1_000_000)
    anomaly_history_days: int = Field(default=30, ge=7, le=365)
    # Reviews not done in this many days go, once, to the next coordinator up.
    review_days: int = Field(default=3, ge=1, le=60)
    # Indicators whose every report is reviewed (comma-separated ids); none by default.
    review_indicators: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("review_indicators", mode="before")
    @classmethod
    def _split_indicators(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def anomaly_rules(self) -> Rules:
        """The thresholds of the checks at entry."""
        return Rules(
            ratio=self.anomaly_ratio,
            floor=self.anomaly_floor,
            history_days=self.anomaly_history_days,
        )

    @field_validator(
        "bot_token",
        "webhook_secret",
        "webhook_url",
        "zalo_bot_token",
        "zalo_webhook_url",
        "zalo_webhook_secret",
        "public_url",
        "zalo_bot_link",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_name", "data_controller", "data_contact", mode="before")
    @classmethod
    def _one_line(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            value = " ".join(value.split())
            if info.field_name == "data_controller":  # the texts end its sentence themselves
                value = value.rstrip(" .")
            return value or None
        return value

    @property
    def province(self) -> Province:
        """The province's own names, for the texts."""
        return Province(self.bot_name, self.data_controller, self.data_contact)

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        parts = value.replace(" ", "").split("-")
        if len(parts) != 2:
            raise ValueError("must look like 21:00-07:00")
        for part in parts:
            _clock_time(part)
        return "-".join(parts)

    @field_validator("summary_time", "backup_time")
    @classmethod
    def _check_clock_time(cls, value: str) -> str:
        _clock_time(value.strip())
        return value.strip()

    @field_validator("deadline_alert_hours", mode="before")
    @classmethod
    def _split_hours(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                given = {int(part) for part in value.split(",") if part.strip()}
            except ValueError:
                raise ValueError("must be whole hours separated by commas, e.g. 72,24,2") from None
            if not given or min(given) < 1:
                raise ValueError("must be whole hours of at least 1, e.g. 72,24,2")
            return tuple(sorted(given, reverse=True))
        return value

    @property
    def quiet(self) -> tuple[time, time]:
        """Return the start and end of the quiet hours (no reminders in between)."""
        start, end = self.quiet_hours.split("-")
        return _clock_time(start), _clock_time(end)

    @property
    def summary_at(self) -> time:
        """Return the local time of the daily summary."""
        return _clock_time(self.summary_time)

    @property
    def backup_at(self) -> time:
        """Return the local time of the nightly backup."""
        return _clock_time(self.backup_time)

    @field_validator("form_path", mode="before")
    @classmethod
    def _blank_path_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_username", mode="before")
    @classmethod
    def _strip_at(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lstrip("@") or None
        return value

    @field_validator("webhook_secret", "zalo_webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{8,256}", value.get_secret_value()
        ):
            raise ValueError("must be 8 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("telegram_api_url", "zalo_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(p) for p in parts if p)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("public_url", "zalo_bot_link")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip().rstrip("/")
            if not value.startswith(("http://", "https://")):
                raise ValueError("must start with http:// or https://")
        return value

    @property
    def channels(self) -> tuple[str, ...]:
        """The messengers this deployment serves, from the tokens it was given."""
        found = []
        if self.bot_token is not None:
            found.append("telegram")
        if self.zalo_bot_token is not None:
            found.append("zalo")
        return tuple(found)

    @property
    def telegram_file_url(self) -> str:
        """Return the file-download base URL laid out the way Bot API servers do."""
        base = self.telegram_api_url
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file"

    @property
    def tz(self) -> ZoneInfo:
        """Return the configured time zone."""
        return ZoneInfo(self.timezone)


def _clock_time(text: str) -> time:
    """Parse "HH:MM" (24-hour)."""
    try:
        hours, minutes = (int(p) for p in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"{text!r} is not a time like 07:30") from None


def describe_error(error: ValidationError) -> str:
    """Render the first settings problem as one line naming the environment variable."""
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    message = first["msg"].removeprefix("Value error, ")
    return f"Setting {name} is invalid: {message}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, or stop with one clear line and exit code 2."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        print(describe_error(error), file=sys.stderr)
        raise SystemExit(2) from None
