"""Configuration from the environment (and an optional `.env` in the working directory).

Every setting is documented in `.env.example`. Environment variables win over
`.env`; an empty value counts as unset.
"""

from __future__ import annotations

import logging

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "DEFAULT_API_BASE_URL", "DEFAULT_DATABASE_URL"]

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
