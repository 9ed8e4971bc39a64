"""Keys typed ahead reach what they were aimed at, in the order they were typed.

Textual hands each key to whatever has the focus the moment the app reads the key, then
reads the next at once. But a key's work is done later, further along: a binding such as
``a`` (new source) runs only when the key has bubbled back up to the app, a new screen is
built and focused a few steps after it is pushed, and a case is read on a worker. Keys
arriving in a burst (a fast typist, a paste of keystrokes, ``tmux send-keys``) were
therefore handed to the widget focused *before* the previous key had done its work: the
title's letters went to the sources table, the author's to the title, an early ``a`` to
the claim.

``TypeAhead`` makes the app take one key at a time: after a key is handed on, the keys
behind it wait until the key's work is done and the screen is ready for the next, then
the first of them goes on. "Done" means: the app, and every widget on the way from the
focused widget up to its screen (as it was for the key, and as it is now), have handled
every message they had, and the screen on top is mounted and ready for keys (a screen
may say it is not yet: ``ready_for_keys``, as the case screen does while it reads its
case). Keys typed at a human pace find nothing pending and go straight on.

Widgets outside the focus chain (the footer redrawing its keys, a table filling in) are
not waited for: they do not decide where a key goes, and waiting for them would slow
typing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App, ScreenStackError, UnknownModeError
from textual.dom import DOMNode
from textual.message_pump import MessagePump

#: The longest keys are held for one key's work (seconds): a screen that never becomes
#: ready must not swallow the keyboard; after this the keys go on as Textual would send them.
HOLD_LIMIT = 3.0
#: How often a screen that is not ready yet is looked at again (seconds): it waits on a
#: worker (the case being read), which no message queue shows.
READY_POLL = 0.002


@runtime_checkable
class WaitsBeforeKeys(Protocol):
    """A screen that is built but not yet ready for keys (its content is still loading)."""

    @property
    def ready_for_keys(self) -> bool: ...


def is_typed(event: events.Event) -> bool:
    """Keys and pastes keep their order; the mouse points at what it means."""
    return isinstance(event, events.Key | events.Paste) and not event.is_forwarded


class TypeAhead:
    """Holds the keys behind one that is still at work, and lets them on one at a time.

    The app calls ``hold`` for each key (or paste, ``is_typed``) it receives, handles it
    only if that says False, then calls ``handed_on`` once it has handed it on.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[events.Event] = deque()
        #: A key is on its way or at work (or the screen is not ready): the rest wait.
        self._busy = False
        #: The held key let on: when it comes round, the app handles it.
        self._letting_on: events.Event | None = None
        #: The widgets the last key was handed to, from the focused one up to the app.
        self._chain: list[DOMNode] = []
        self._waiter: asyncio.Task[None] | None = None

    @property
    def held(self) -> int:
        """How many keys are waiting."""
        return len(self._held)

    def hold(self, event: events.Event) -> bool:
        """True if ``event`` must wait (it is kept here and let on later)."""
        if event is self._letting_on:
            self._letting_on = None
            return False
        if self._busy or self._held or not self._screen_ready():
            self._held.append(event)
            if not self._busy:
                # Nothing at work: the screen itself is not ready yet.
                self._busy = True
                self._start_waiting()
            return True
        self._busy = True
        return False

    def handed_on(self) -> None:
        """The key went to the focused widget: the keys behind it wait for its work."""
        self._chain = list(self._focus_chain())
        self._start_waiting()

    def stop(self) -> None:
        """The app is closing: nothing more will be let on."""
        self._held.clear()
        if self._waiter is not None:
            self._waiter.cancel()
            self._waiter = None

    # Waiting

    def _start_waiting(self) -> None:
        if self._waiter is None or self._waiter.done():
            self._waiter = asyncio.get_running_loop().create_task(self._until_done())

    async def _until_done(self) -> None:
        deadline = time.monotonic() + HOLD_LIMIT
        try:
            while (left := deadline - time.monotonic()) > 0:
                # The app always: it may be in the middle of the key's binding.
                await _handled([self._app, *self._pending()], left)
                if self._pending() or self._app.message_queue_size:
                    continue
                if self._screen_ready():
                    break
                await asyncio.sleep(READY_POLL)
        finally:
            self._waiter = None
            self._busy = False
            self._let_next_on()

    def _focus_chain(self) -> list[DOMNode]:
        """The focused widget (or the screen) up to the app; nothing once the app closes."""
        try:
            return list((self._app.focused or self._app.screen).ancestors_with_self)
        except (ScreenStackError, UnknownModeError):
            return []

    def _pending(self) -> list[MessagePump]:
        """Widgets in the key's way that still have messages to handle."""
        chain = {id(node): node for node in (*self._chain, *self._focus_chain())}
        return [node for node in chain.values()
                if node is not self._app and node.message_queue_size]

    def _screen_ready(self) -> bool:
        try:
            screen = self._app.screen
        except (ScreenStackError, UnknownModeError):
            return True
        if not screen.is_mounted:
            return False
        return not isinstance(screen, WaitsBeforeKeys) or screen.ready_for_keys

    def _let_next_on(self) -> None:
        if not self._held:
            return
        if not self._app.is_running:
            self._held.clear()
            return
        event = self._held.popleft()
        self._busy = True
        self._letting_on = event
        self._app.post_message(event)


async def _handled(pumps: list[MessagePump], limit: float) -> None:
    """Until each of ``pumps`` has handled every message it had when this was called
    (or ``limit`` seconds have passed: a pump closing drops what it had)."""
    left = 0
    all_handled = asyncio.Event()

    def one_handled() -> None:
        nonlocal left
        left -= 1
        if not left:
            all_handled.set()

    for pump in pumps:
        if pump.call_later(one_handled):
            left += 1
    if left:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_handled.wait(), limit)
