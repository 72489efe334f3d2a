"""`MemoryStore`: the store for tests and the terminal chat; nothing survives the process."""

from __future__ import annotations

import datetime as dt

from conversations.api import ChatKey, StoredState

from ._common import StoreClosedError, check_key, decode_row, encode_data, to_utc


class MemoryStore:
    """A dict with the durable stores' semantics.

    It keeps each state as the JSON text the other backends would write, so
    `load` returns exactly what they would (a fresh copy, tuples as lists...) and
    a state JSON cannot encode fails here too. Like the others it must be opened
    before use; closing keeps the data, so reopening the same object finds it.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[int, int], tuple[str, dt.datetime]] = {}
        self._open = False

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._rows)} conversations)"

    async def __aenter__(self) -> MemoryStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _check_open(self) -> None:
        if not self._open:
            raise StoreClosedError("MemoryStore is not open: call `await store.open()` first")

    async def open(self) -> None:
        self._open = True

    async def close(self) -> None:
        self._open = False

    async def load(self, key: ChatKey) -> StoredState | None:
        self._check_open()
        row = self._rows.get(check_key(key))
        if row is None:
            return None
        return decode_row(key, row[0], row[1])

    async def save(self, key: ChatKey, state: StoredState) -> None:
        self._check_open()
        ids = check_key(key)
        text = encode_data(state.data)
        self._rows[ids] = (text, to_utc(state.updated_at))

    async def delete(self, key: ChatKey) -> None:
        self._check_open()
        self._rows.pop(check_key(key), None)

    async def forget_user(self, user_id: int) -> int:
        self._check_open()
        doomed = [ids for ids in self._rows if ids[1] == user_id]
        for ids in doomed:
            del self._rows[ids]
        return len(doomed)

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        self._check_open()
        limit = to_utc(cutoff)
        doomed = [ids for ids, (_, when) in self._rows.items() if when < limit]
        for ids in doomed:
            del self._rows[ids]
        return len(doomed)
