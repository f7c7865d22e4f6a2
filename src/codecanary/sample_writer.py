"""Group commit for samples: one transaction per batch, off the event loop.

A commit per sample costs the event loop a transaction (and, on SQLite, a WAL
sync) per sample. :class:`SampleWriter` keeps the durability promise of a
commit per sample with fewer transactions: :meth:`SampleWriter.save` returns only
once the transaction holding the sample has committed, so nothing is reported
done before it is durable. While one batch commits (in a worker thread, so the
event loop keeps feeding the sandbox), the samples that finish meanwhile queue
up and form the next batch. No timer is involved: an idle run commits at once.
A SIGKILL loses only samples not yet committed, which are the ones in flight.
"""

from __future__ import annotations

import asyncio

from codecanary.records import SampleRecord
from codecanary.store import Store

#: Largest batch per transaction (bounds the work lost to one failed commit).
MAX_BATCH = 256


class SampleWriter:
    """Commits samples in batches; :meth:`save` resolves once its sample is committed."""

    def __init__(self, store: Store, *, max_batch: int = MAX_BATCH) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: list[tuple[SampleRecord, asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self.batches = 0

    async def save(self, record: SampleRecord) -> bool:
        """Commit ``record``; False if that (task, index) was already stored."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append((record, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
            try:
                saved = await asyncio.to_thread(self.store.save_samples,
                                                [record for record, _ in batch])
            except BaseException as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            self.batches += 1
            for (_, future), ok in zip(batch, saved, strict=True):
                if not future.done():
                    future.set_result(ok)
