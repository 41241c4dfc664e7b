"""Pause the cyclic garbage collector around bulk work that builds many small
objects and frees almost none (loading or rendering a large catalog).

A full collection scans every live object, and a large catalog is many live
objects, so collections triggered during the work cost more the larger the
catalog: time would grow faster than the catalog. Reference counting still
frees everything as usual; only the cycle search waits.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def paused(fn: Callable[P, R]) -> Callable[P, R]:
    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return run
