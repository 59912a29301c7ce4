"""Bound the work an untrusted template can make the toolkit do: time and output size."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

MAX_RENDER_SECONDS = 10.0
MAX_RENDER_CHARS = 5_000_000
MAX_TEMPLATE_BYTES = 1024 * 1024  # one Jinja2 template file; the shipped ones are under 5 KiB


class LimitExceeded(Exception):
    """Raised when a render passes its time or output limit; the message names the limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the body with a wall-clock limit, raising LimitExceeded when it is passed.

    Jinja2's sandbox stops unsafe attribute access but not a loop of a billion steps, so
    an interval timer interrupts it. Signals only reach the main thread; elsewhere (never
    the case for the command line or its worker processes) the body runs unbounded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise LimitExceeded(f"rendering took longer than the limit of {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def join_bounded(chunks: Iterable[str], limit: int | None = None) -> str:
    """Return the chunks joined, raising LimitExceeded as soon as they pass `limit` characters.

    The default limit is MAX_RENDER_CHARS, read when called.
    """
    limit = MAX_RENDER_CHARS if limit is None else limit
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise LimitExceeded(f"the template produced more than {limit:,} characters")
        parts.append(chunk)
    return "".join(parts)
