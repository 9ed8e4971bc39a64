"""Errors of the case file layer; cheap to import, so the CLI can catch them anywhere."""

from workbench.errors import UserFacingError


class CaseFileError(UserFacingError):
    """A case file cannot be used; the message is one line a person can act on."""


class CaseFileReadOnlyError(CaseFileError):
    """A write was asked of a case file opened read-only (locked, or from a newer version)."""


class CaseFrozenError(CaseFileError):
    """A save would change what publication froze: a published case without a correction,
    or a published snapshot itself."""
