"""The ``simulated`` provider: offline, seeded answers with scheduled faults.

Registered like any other provider (entry point ``simulated``); used by the
quickstart, the tests and detector calibration.
"""

from __future__ import annotations

from codecanary.providers.simulated.options import FaultSpec, SimulatedOptions, parse_options
from codecanary.providers.simulated.provider import SimulatedProvider

__all__ = ["FaultSpec", "SimulatedOptions", "SimulatedProvider", "parse_options"]
