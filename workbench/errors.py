"""The one base class of every error a person can cause and fix, in a module that imports
nothing.

Each layer keeps its own error type (``CaseFileError``, ``ReviewError``, ...) next to the
code that raises it; all of them derive from ``UserFacingError``, so the command line turns
any of them into one line by catching this cheap base, without importing the layers (and
what they import) just to name their errors.
"""


class UserFacingError(Exception):
    """A refusal or failure whose message is one line saying what is wrong and what to do."""
