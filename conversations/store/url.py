"""`open_store(url)`: the store a configuration URL names; `redact_url`, the URL safe to log."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from conversations.api import DurableStore

from .memory import MemoryStore
from .sqlite import MEMORY, SQLiteStore

FORMS = (
    "sqlite:///relative/path.sqlite3, sqlite:////absolute/path.sqlite3, sqlite://:memory:, "
    "postgresql://user:password@host:port/database, memory://"
)


def open_store(url: str) -> DurableStore:
    """A store for `url` (not yet opened: ``await store.open()``).

    Raises ValueError for a URL it does not understand (the message never
    repeats the URL, which may hold a password) and ImportError for a
    postgresql:// URL when asyncpg is missing.
    """
    if not isinstance(url, str) or "://" not in url:
        raise ValueError(f"a store URL looks like one of: {FORMS}")
    scheme, _, rest = url.partition("://")
    scheme = scheme.strip().lower()

    if scheme == "memory":
        if rest.strip("/"):
            raise ValueError("memory:// takes nothing after it")
        return MemoryStore()

    if scheme in ("sqlite", "sqlite3", "sqlite+aiosqlite"):
        return SQLiteStore(_sqlite_path(rest))

    if scheme in ("postgresql", "postgres", "postgresql+asyncpg"):
        from .postgres import PostgresStore

        dsn, schema = _split_schema("postgresql://" + rest)
        return PostgresStore(dsn, schema=schema)

    raise ValueError(f"unsupported store URL scheme {scheme!r}; use one of: {FORMS}")


def _sqlite_path(rest: str) -> str:
    if rest in (MEMORY, "/" + MEMORY):
        return MEMORY
    if "?" in rest or "#" in rest:
        raise ValueError("sqlite:// URLs take no query string or fragment: give only the path")
    if not rest.startswith("/"):
        raise ValueError(
            "a SQLite URL needs three slashes before a relative path and four before an "
            "absolute one: sqlite:///data/bot.sqlite3 or sqlite:////var/lib/bot/bot.sqlite3"
        )
    path = rest[1:]
    if not path or path.endswith("/"):
        raise ValueError("the SQLite URL names no file (sqlite:///data/bot.sqlite3)")
    # Resolved now, so a later chdir does not move the database.
    return str(Path(path).expanduser().absolute())


def _split_schema(dsn: str) -> tuple[str, str | None]:
    """Take our own ``schema=`` parameter out of the DSN; asyncpg gets the rest."""
    parts = urlsplit(dsn)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema = None
    kept = []
    for name, value in params:
        if name == "schema":
            schema = value or None
        else:
            kept.append((name, value))
    if schema is None:
        return dsn, None
    return urlunsplit(parts._replace(query=urlencode(kept))), schema


_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@", re.I)


def redact_url(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``: safe to log."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rpartition("@")
        user = netloc[0].partition(":")[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[2]}"))
    except ValueError:
        return _PASSWORD_IN_TEXT.sub(r"\g<head>***@", url)
