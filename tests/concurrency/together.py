"""Running two requests at the same moment, each in its own thread with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


def run_together(*calls: Callable[[], Any], timeout: float = 60) -> list[Outcome]:
    """Start every call at once (a barrier releases them together) and wait for them all.

    Each thread opens its own database connection, as two web workers would, and closes
    it at the end so the test database can be dropped.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def work(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            outcomes[index].value = call()
        except BaseException as error:  # noqa: BLE001 - the test inspects whatever happened
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return outcomes


def slowed(function: Callable, seconds: float = 0.3) -> Callable:
    """``function`` made to take a while, so that the other request arrives while it runs."""
    import time

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return function(*args, **kwargs)

    return slow
