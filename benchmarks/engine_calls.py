"""Counting what a button asks of Excel: calls into xlwings' engine, per click.

xlwings' public objects (`xw.Book`, `Sheet`, `Range`) hand every read and
write to an engine's implementation classes: COM calls in desktop Excel, the
recorded JSON book of xlwings Server/Lite (`xw.Book(json=…)`) here. Each
outermost call into the engine is one round trip to Excel on the desktop (a
COM call costs about 0.1-1 ms there, far more through an antivirus-laden
PC). `counting()` wraps the remote engine's classes (the real methods run;
each outermost call is counted by its name) and restores them afterwards.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import inspect
from collections.abc import Iterator

_PUBLIC_DUNDERS = {"__call__", "__iter__", "__len__", "__getitem__", "__contains__"}


def _engine_classes() -> list[type]:
    from xlwings import base_classes
    from xlwings.pro import _xlremote

    bases = tuple(c for c in vars(base_classes).values() if isinstance(c, type))
    return [c for c in vars(_xlremote).values() if isinstance(c, type) and issubclass(c, bases)]


@contextlib.contextmanager
def counting() -> Iterator[collections.Counter]:
    """Within the block, a Counter of outermost engine calls (`Range.raw_value`, `Sheet.used_range` …)."""
    calls: collections.Counter = collections.Counter()
    depth = [0]
    saved: list[tuple[type, str, object]] = []

    def wrap(name: str, function):
        @functools.wraps(function)
        def counted(*args, **kwargs):
            if depth[0] == 0:
                calls[name] += 1
            depth[0] += 1
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    for cls in _engine_classes():
        for attr, value in list(vars(cls).items()):
            if attr.startswith("__") and attr not in _PUBLIC_DUNDERS:
                continue
            if attr == "__init__":
                continue
            name = f"{cls.__name__}.{attr}"
            if isinstance(value, property):
                replacement: object = property(
                    wrap(name, value.fget) if value.fget else None,
                    wrap(name + "=", value.fset) if value.fset else None,
                    value.fdel,
                    value.__doc__,
                )
            elif inspect.isfunction(value):
                replacement = wrap(name, value)
            else:
                continue
            saved.append((cls, attr, value))
            setattr(cls, attr, replacement)
    try:
        yield calls
    finally:
        for cls, attr, value in reversed(saved):
            setattr(cls, attr, value)
