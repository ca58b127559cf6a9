"""Benchmarks: ``make bench`` (``python -m benchmarks``) runs them and records the figures.

A benchmark is a function in a module of this package, registered with
``@benchmark("name")``. It takes no arguments, runs inside a configured
Django against a freshly migrated, empty database, and returns a dict of
figures (seconds as floats, counts as ints, ``within_limit`` when the figure
has a target). ``benchmarks/__main__.py`` finds every module here, runs each
benchmark once per database in a process of its own, and writes the figures
to ``benchmarks/results.json``. To add one, add a module with a registered
function (or a plain ``run()``); nothing else changes.
"""

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: object
    description: str


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name, *, description):
    """Register the decorated function as the benchmark ``name``."""

    def register(function):
        if name in BENCHMARKS:
            raise ValueError(f"two benchmarks are called {name!r}")
        BENCHMARKS[name] = Benchmark(name=name, function=function, description=description)
        return function

    return register


def discover():
    """Import every benchmark module of the package so that it registers its benchmarks.

    A module that registers nothing but defines ``run()`` is registered under
    its own name, described by the first line of its docstring.
    """
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        known = set(BENCHMARKS)
        module = importlib.import_module(f"{__name__}.{info.name}")
        if set(BENCHMARKS) == known and callable(getattr(module, "run", None)):
            description = (module.__doc__ or info.name).strip().splitlines()[0]
            benchmark(info.name, description=description)(module.run)
    return BENCHMARKS
