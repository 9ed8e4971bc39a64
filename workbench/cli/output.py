"""How every command prints: text made safe for a terminal, JSON, and the one-line failure.

Every line goes through ``say``, which escapes what could act on a terminal (see
``workbench.terminal_text``); a standard output that cannot be written ends the command
here rather than in a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from typing import Any, NoReturn

import click

from workbench.terminal_text import json_safe, terminal_safe


def say(text: str = "", *, err: bool = False, nl: bool = True, block: bool = False) -> None:
    """Print ``text`` as every command prints: made safe for a terminal on the way out.

    ``block`` keeps the newlines of output that is several lines by design (an exported
    article, a diff); otherwise a newline inside ``text`` is shown as ``\\n``, so a title
    cannot forge a line of output. A standard output that cannot be written (a full disk,
    a closed pipe) ends the command here, in one line or, for a pipe, in silence.
    """
    try:
        click.echo(terminal_safe(text, multiline=block), err=err, nl=nl)
    except OSError as error:
        _output_failed(error, on_stderr=err)


def say_json(value: Any) -> None:
    """``value`` as indented JSON: UTF-8 text, with controls and bidi characters escaped."""
    say(json_safe(json.dumps(value, ensure_ascii=False, indent=2)), block=True)


def fail(message: str) -> NoReturn:
    """End the command with ``workbench: message`` on stderr and exit status 1."""
    say(f"workbench: {message}", err=True)
    sys.exit(1)


def reason(error: OSError) -> str:
    """``No space left on device`` as ``no space left on device``, to follow a colon."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _output_failed(error: OSError, *, on_stderr: bool) -> NoReturn:
    # What is still buffered would fail again when Python flushes at exit, with a
    # traceback-like "Exception ignored" message: send it to /dev/null instead.
    _discard(sys.stdout)
    if error.errno == errno.EPIPE or on_stderr:
        # The reader has gone (`| head -1`), or there is nowhere left to say anything.
        _discard(sys.stderr)
        sys.exit(1)
    fail(f"cannot write to standard output: {reason(error)}")


def _discard(stream: Any) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
