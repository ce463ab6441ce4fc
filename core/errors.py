"""User-facing errors: what went wrong and what to do, in Vietnamese."""

from __future__ import annotations


class UserError(Exception):
    """An error the user can fix; the CLI prints it without a traceback and exits 1."""


class IndexMissingError(UserError):
    pass


class IndexCorruptError(UserError):
    pass


class CorpusError(UserError):
    pass


class QuestionError(UserError):
    pass


class StoreUnavailableError(UserError):
    pass


class DatabaseUnavailableError(StoreUnavailableError):
    """The application database (feedback, grades: ``DANCU_DATABASE_URL``) cannot be reached or opened."""


class SettingsError(UserError):
    """A configuration value (environment variable or flag) is invalid."""
