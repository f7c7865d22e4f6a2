"""StopSignal: the stop is known at once, the run's task is cancelled, handlers restored."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from codecanary.interrupts import StopSignal


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_cancels_the_task_and_is_remembered(signum: int) -> None:
    stop = StopSignal()
    before = signal.getsignal(signum)
    seen_during: list[bool] = []

    async def run() -> None:
        with stop.cancelling(asyncio.current_task()):
            os.kill(os.getpid(), signum)
            # Python runs the handler before the next bytecode: known before any await.
            seen_during.append(stop.requested)
            await asyncio.sleep(30)

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(run())
    assert seen_during == [True]
    assert stop.signum == signum
    assert signal.getsignal(signum) is before


def test_second_signal_force_quits() -> None:
    stop = StopSignal()

    async def run() -> None:
        with stop.cancelling(asyncio.current_task()):
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.sleep(30)

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(run())
