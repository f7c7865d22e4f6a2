"""codecanary: catch silent quality regressions in code-generating models and agents."""

import os

# The detectors' threshold design solves many small (300 x 300) Markov-chain
# systems; a multi-threaded BLAS makes each solve ~50x slower on a busy
# 2-core machine (measured: a check's design 10 s -> 0.9 s). Set before numpy
# loads; an explicit user setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from codecanary.errors import CodecanaryError  # noqa: E402
from codecanary.suites.models import Suite, Task  # noqa: E402

__version__ = "0.1.0"

__all__ = ["CodecanaryError", "Suite", "Task", "__version__"]
