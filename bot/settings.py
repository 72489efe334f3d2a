"""Configuration from the environment (and an optional `.env` in the working directory).

Every setting is documented in `.env.example`. Environment variables win over
`.env`; an empty value counts as unset.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "DEFAULT_API_BASE_URL", "DEFAULT_DATABASE_URL"]

#: What Telegram accepts as a webhook secret_token (and sends back in X-Telegram-Bot-Api-Secret-Token).
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: Plain http is only for a webhook on this machine (tests, a local Bot API server).
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: Served next to the webhook: the webhook path must not be this.
HEALTHZ_PATH = "/healthz"

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite:///./data/bot.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
    )

    #: From @BotFather. Unset: `python -m bot` runs the terminal chat instead.
    telegram_bot_token: SecretStr | None = None
    #: Where Bot API calls go: POST {base}{token}/{method}. A local Bot API server or a test stand-in.
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    #: Where files are downloaded from; derived from the base URL when unset (…/bot -> …/file/bot).
    telegram_api_base_file_url: str | None = None
    #: Durable conversation state: sqlite:///relative.sqlite3, sqlite:////abs/path, postgresql://…
    bot_database_url: str = Field(default=DEFAULT_DATABASE_URL)
    log_level: str = "INFO"
    #: How often (seconds) due rollover reminders are sent (bot/jobs.py).
    bot_reminder_interval_seconds: float = Field(default=60, gt=0, le=86400)
    #: Days a conversation is kept after its last message; purged daily (conversations/privacy.py).
    bot_retention_days: int = Field(default=30, ge=1, le=3650)
    #: Keep-alive connections to the Bot API. Telegram takes ~30 messages a second
    #: from a bot, which a few connections carry; httpcore scans every pooled
    #: connection on each request, so PTB's default of 256 costs CPU for nothing.
    bot_connection_pool_size: int = Field(default=8, ge=1, le=256)
    #: Updates handled at once, across people (one person's always one at a time). More wait their turn: each
    #: running handler has a Bot API request in flight, and httpcore rescans all of those on every request.
    bot_max_active_updates: int = Field(default=32, ge=1, le=256)
    #: A picture (a chart of where the money goes) with each breakdown; BOT_CHARTS=off sends the text alone.
    bot_charts: bool = True

    # --- webhook mode (unset URL: the bot polls) ---------------------------------
    #: The public https URL Telegram posts updates to; the bot serves its path.
    telegram_webhook_url: str | None = None
    #: Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; required with the URL.
    telegram_webhook_secret: SecretStr | None = None
    #: Where the webhook server listens (behind a reverse proxy / load balancer).
    bot_listen_host: str = "0.0.0.0"
    port: int = Field(default=8080, ge=1, le=65535)

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("TELEGRAM_API_BASE_URL must be an http(s) URL, e.g. https://api.telegram.org/bot")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        try:
            parts = urlsplit(value)
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError:
            host = None
        if not host or parts.scheme not in ("https", "http"):
            raise ValueError("TELEGRAM_WEBHOOK_URL must be an https URL, e.g. https://bot.example.com/telegram")
        if parts.scheme == "http" and host not in _LOCAL_HOSTS:
            raise ValueError("TELEGRAM_WEBHOOK_URL must use https (plain http only for 127.0.0.1/localhost)")
        if parts.fragment:
            raise ValueError("TELEGRAM_WEBHOOK_URL must not have a #fragment")
        if (parts.path or "/") == HEALTHZ_PATH:
            raise ValueError(f"TELEGRAM_WEBHOOK_URL's path cannot be {HEALTHZ_PATH} (the health check is served there)")
        return value

    @field_validator("telegram_webhook_secret", mode="before")
    @classmethod
    def _check_webhook_secret(cls, value: object) -> object:
        # Never put the value in the message: pydantic's errors would show it anyway
        # (__main__ prints them without input values).
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not _WEBHOOK_SECRET.fullmatch(value):
                raise ValueError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("bot_listen_host")
    @classmethod
    def _check_listen_host(cls, value: str) -> str:
        value = value.strip().strip("[]")
        if not value:
            raise ValueError("BOT_LISTEN_HOST must be an address to listen on, e.g. 0.0.0.0")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set "
                "(1-256 characters of A-Z, a-z, 0-9, _ and -; e.g. from `openssl rand -hex 32`)"
            )
        return self

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    # --- derived --------------------------------------------------------------

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def api_base_url(self) -> str:
        return self.telegram_api_base_url

    @property
    def api_base_file_url(self) -> str:
        if self.telegram_api_base_file_url:
            return self.telegram_api_base_file_url.strip()
        base = self.telegram_api_base_url.rstrip("/")
        root = base[: -len("/bot")] if base.endswith("/bot") else base
        return root + "/file/bot"

    @property
    def database_url(self) -> str:
        return self.bot_database_url

    @property
    def webhook_url(self) -> str | None:
        return self.telegram_webhook_url

    @property
    def webhook_secret(self) -> str | None:
        return self.telegram_webhook_secret.get_secret_value() if self.telegram_webhook_secret else None

    @property
    def webhook_path(self) -> str:
        """The path the webhook is served at: the URL's path ("/" when it has none)."""
        return urlsplit(self.telegram_webhook_url or "").path or "/"
