"""Failures as the command line reports them: one line on stderr and exit status 1.

That covers the errors a person can cause (every ``workbench.errors.UserFacingError``),
an operating system's refusal, click's own usage errors, and even a bug, which is named as
one rather than shown as a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import click

from workbench.cli.output import fail, reason, say
from workbench.errors import UserFacingError


class UserError(UserFacingError):
    """A problem with the user's input that only the command line can see."""


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit status 1.

    Arguments are checked first: text that is not UTF-8 (bytes in argv, a lone surrogate)
    could be neither stored nor printed. Catching the one base class keeps every layer's
    import (and its start-up time) inside the commands that use it.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_text_arguments(click.get_current_context())
            return command(*args, **kwargs)
        except UserFacingError as error:
            fail(str(error))
        except OSError as error:
            where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
            fail(f"{where}{reason(error)}")
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as error:
            fail(f"unexpected error ({type(error).__name__}: {error}); this is a bug, "
                 "please report it")

    return wrapper


def _check_text_arguments(context: click.Context) -> None:
    """Refuse an argument or option whose text is not UTF-8 (paths may be any bytes)."""
    for parameter in context.command.params:
        value = context.params.get(parameter.name or "")
        if isinstance(value, str) and not isinstance(parameter.type, click.Path):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise UserError(f"{parameter.get_error_hint(context)} is not UTF-8 text: "
                                f"{value}") from None


class WorkbenchGroup(click.Group):
    """The ``workbench`` group: click's usage errors as one line and exit status 1.

    Click prints a usage error as three lines and exits with 2; every other refusal here
    is one line and 1, so scripts and people see one shape. ``--help`` and ``--version``
    are untouched.
    """

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_in_one_line():
            return super().invoke(ctx)


class OneLineUsageError(click.ClickException):
    """A usage error shown as ``workbench: what is wrong; see `workbench CMD --help```."""

    exit_code = 1

    def __init__(self, error: click.UsageError) -> None:
        # Click's message is a sentence or two: "No such option '--jsn'. Did you mean
        # '--json'?" becomes "no such option '--jsn' (did you mean '--json'?)".
        first, *rest = re.split(r"(?<=[.?!])\s+", " ".join(error.format_message().split()))
        message = _lowercase_start(first.rstrip("."))
        if rest:
            message += f" ({_lowercase_start(' '.join(rest)).rstrip('.')})"
        path = error.ctx.command_path if error.ctx is not None else "workbench"
        super().__init__(f"{message}; see `{path} --help`")

    def show(self, file: Any = None) -> None:
        say(f"workbench: {self.format_message()}", err=True)


def _lowercase_start(text: str) -> str:
    """"No such option" as "no such option", to follow "workbench: "; "FILE ..." stays."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


@contextlib.contextmanager
def _usage_in_one_line() -> Iterator[None]:
    try:
        yield
    except click.UsageError as error:
        raise OneLineUsageError(error) from None
