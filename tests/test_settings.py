"""Settings: defaults, parsing, and one clear line for a bad value."""

import subprocess
import sys

import pytest

from bot.app.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in (
        "BOT_TOKEN",
        "TELEGRAM_API_URL",
        "DATABASE_PATH",
        "TIMEZONE",
        "ADMIN_TELEGRAM_IDS",
        "DEFAULT_LANGUAGE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults():
    settings = Settings()
    assert settings.bot_token is None
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.telegram_file_url == "https://api.telegram.org/file/bot"
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.default_language == "vi"
    assert settings.admin_telegram_ids == frozenset()


def test_values_from_environment(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/bot/")
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", " 11, 22 ,33")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    settings = Settings()
    assert settings.bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)
    assert settings.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.admin_telegram_ids == {11, 22, 33}
    assert settings.default_language == "en"


def test_values_from_dotenv(tmp_path):
    (tmp_path / ".env").write_text("BOT_TOKEN=9:x\nTIMEZONE=Asia/Bangkok\n", encoding="utf-8")
    settings = Settings()
    assert settings.bot_token.get_secret_value() == "9:x"
    assert settings.timezone == "Asia/Bangkok"


def test_blank_token_means_no_token(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", "  ")
    assert Settings().bot_token is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TIMEZONE", "Mars/Olympus"),
        ("ADMIN_TELEGRAM_IDS", "12,abc"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("TELEGRAM_API_URL", "ftp://example"),
    ],
)
def test_bad_value_is_one_clear_line_and_exit_2(monkeypatch, capsys, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stop:
        load_settings()
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"Setting {name} is invalid:")


def test_bad_value_from_the_command_line_has_no_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TIMEZONE": "Nowhere/Land", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == "Setting TIMEZONE is invalid: unknown time zone 'Nowhere/Land'"
