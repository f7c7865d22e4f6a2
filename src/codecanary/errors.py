"""Errors meant for people: each carries one line naming the thing and what to do."""


class CodecanaryError(Exception):
    """An expected failure (bad input, unreachable endpoint, missing key).

    The CLI prints ``str(error)`` on one line and exits non-zero; it never shows a
    traceback for these.
    """

    exit_code: int = 2


class ConfigError(CodecanaryError):
    """A malformed or inconsistent configuration file or flag."""


class SuiteError(CodecanaryError):
    """A suite file that cannot be loaded."""


class StoreError(CodecanaryError):
    """The database cannot be opened or is in an unexpected state."""


class SandboxUnavailable(CodecanaryError):
    """The isolation backend or a language toolchain cannot run here."""
