"""codecanary: catch silent quality regressions in code-generating models and agents."""

from codecanary.errors import CodecanaryError
from codecanary.suites.models import Suite, Task

__version__ = "0.1.0"

__all__ = ["CodecanaryError", "Suite", "Task", "__version__"]
