"""Stopping a run cleanly on Ctrl-C (SIGINT) or SIGTERM.

The handlers are plain Python signal handlers, so the stop is known at once,
before the event loop sees anything the signal caused. That matters: Ctrl-C in
a terminal also reaches the sandbox processes of the same process group, and a
sample whose sandbox died of it must not be stored as a result (it is redone
on ``--resume``). The first signal cancels the run; a second one raises
KeyboardInterrupt for a user who will not wait for the clean-up.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignal:
    """Which signal asked the run to stop (None: none yet)."""

    def __init__(self) -> None:
        self.signum: int | None = None

    @property
    def requested(self) -> bool:
        return self.signum is not None

    @contextmanager
    def cancelling(self, task: asyncio.Task[Any] | None) -> Iterator[None]:
        """While inside, SIGINT/SIGTERM cancel ``task`` (the run's main task).

        Only the main thread may own signal handlers; elsewhere nothing is installed.
        """
        if task is None or threading.current_thread() is not threading.main_thread():
            yield
            return
        loop = asyncio.get_running_loop()

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            if self.signum is not None:
                raise KeyboardInterrupt
            self.signum = signum
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wake the loop out of select()

        previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {
            s: signal.getsignal(s) for s in SIGNALS}
        for s in SIGNALS:
            signal.signal(s, on_signal)
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
