"""Recognition of many unique triples on several cores (``fork`` worker processes).

The engine is a pure function of its input triple, so the work splits into chunks that worker
processes analyse independently; the results come back in input order, so the outcome is the
same as the serial run.  Workers inherit the already built engine by ``fork`` (no rebuilding, no
pickling of the engine); only the triples and compact result tuples cross process boundaries.

Used only above :data:`PARALLEL_MIN_UNIQUE` unique triples, where ``fork`` exists, and from the
main thread of a non-daemon process. The environment variable ``FAIRBUY_WORKERS`` overrides the
number of processes (``1`` = serial; ``2`` forces two processes whatever the size).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import warnings
from collections.abc import Sequence
from typing import Any, Final

#: Below this many triples to analyse, process start and result transfer cost more than they save.
PARALLEL_MIN_UNIQUE: Final[int] = 20_000
#: Triples per task: large enough to amortise the transfer, small enough to balance the workers.
CHUNK: Final[int] = 2_000

#: (cpv_normalised, product_group, group_method, group_reason, labels, evidence)
Result = tuple[str | None, str | None, str | None, str | None, list[dict[str, Any]], list[dict[str, Any]]]
Triple = tuple[str, str, str]

_ENGINE: Any = None  # set in the parent before forking; inherited by the workers


def worker_count(n_tasks: int) -> int:
    """How many processes to use for ``n_tasks`` triples (1 = analyse in this process)."""
    env = os.environ.get("FAIRBUY_WORKERS", "").strip()
    if env:
        try:
            wanted = int(env)
        except ValueError:
            wanted = 1
        if wanted <= 1:
            return 1
    else:
        if n_tasks < PARALLEL_MIN_UNIQUE:
            return 1
        try:
            wanted = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not on Linux
            wanted = os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # pragma: no cover - Windows
    if multiprocessing.current_process().daemon or threading.current_thread() is not threading.main_thread():
        return 1  # inside a pool worker or a threaded scheduler (Dask): no nested processes
    return max(1, min(wanted, n_tasks))


def analyse_one(engine: Any, triple: Triple) -> Result:
    """The compact result of one (description, cpv, label_text) triple."""
    d, c, lt = triple
    res = engine.analyse(d, c or None, lt)
    return (res["cpv_normalised"], res["product_group"], res["group_method"], res["group_reason"],
            res["labels"], res["evidence"])


#: The inputs of the running pool, set in the parent before forking: the workers inherit them
#: and receive only ``(start, stop)`` ranges (sending the texts would cost the parent ~0.5 s of
#: pickling per million texts).
_INPUT: Sequence[Any] = ()


def _work(span: tuple[int, int]) -> list[Result]:
    return [analyse_one(_ENGINE, t) for t in _INPUT[span[0] : span[1]]]


def _strip_chunk(chunk: Sequence[str]) -> list[str]:
    from fairbuy.recognise.normalise import strip_references

    return [strip_references(t) for t in chunk]


def _strip_span(span: tuple[int, int]) -> list[str]:
    return _strip_chunk(_INPUT[span[0] : span[1]])


def _spans(n: int, size: int) -> list[tuple[int, int]]:
    return [(i, min(n, i + size)) for i in range(0, n, size)]


#: Texts per task of :func:`strip_many` (cheap per text: large chunks).
STRIP_CHUNK: Final[int] = 50_000


def strip_many(texts: Sequence[str], workers: int | None = None) -> list[str]:
    """``[strip_references(t) for t in texts]``, on forked workers when there are many."""
    n = workers if workers is not None else worker_count(len(texts) // 10)
    if n <= 1 or len(texts) < 2 * STRIP_CHUNK:
        return _strip_chunk(texts)
    global _INPUT
    _INPUT = texts
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded, use of fork()"
            with multiprocessing.get_context("fork").Pool(processes=n) as pool:
                out: list[str] = []
                for part in pool.imap(_strip_span, _spans(len(texts), STRIP_CHUNK)):
                    out.extend(part)
    finally:
        _INPUT = ()
    return out


def analyse_many(engine: Any, triples: Sequence[Triple], workers: int | None = None) -> list[Result]:
    """Results of ``triples`` in the same order: serial or on ``workers`` forked processes."""
    n = workers if workers is not None else worker_count(len(triples))
    # The analysis makes many small objects and no reference cycles (its garbage goes by
    # reference counting), so the cyclic collector only costs time here (~20 % of a serial run
    # over 100k triples, rescanning the growing memos): it is paused, in the workers too.
    enabled = gc.isenabled()
    gc.disable()
    try:
        if n <= 1 or len(triples) == 0:
            return [analyse_one(engine, t) for t in triples]
        return _analyse_forked(engine, triples, n)
    finally:
        if enabled:
            gc.enable()


def _analyse_forked(engine: Any, triples: Sequence[Triple], n: int) -> list[Result]:
    """(Called with the cyclic collector paused, so the workers inherit it paused: they never
    touch the reference counts of the parent's objects for a collection, and forked pages stay
    shared.)"""
    global _ENGINE, _INPUT
    size = max(1, min(CHUNK, -(-len(triples) // (4 * n))))
    # triples with the same description go to the same worker, whose per-description memo
    # (:meth:`Engine._desc_info`) then does the description's part of the work once; sorted
    # case-blind, so that descriptions differing only in case (one folded text) meet there too
    keys = [(t[0].lower(), t) for t in triples]
    order = sorted(range(len(triples)), key=keys.__getitem__)
    del keys
    ordered = [triples[i] for i in order]
    ctx = multiprocessing.get_context("fork")
    _ENGINE, _INPUT = engine, ordered
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded, use of fork()"
            with ctx.Pool(processes=n) as pool:
                done: list[Result] = []
                for part in pool.imap(_work, _spans(len(ordered), size)):
                    done.extend(part)
    finally:
        _ENGINE, _INPUT = None, ()
    out: list[Result] = [done[0]] * len(done)
    for pos, i in enumerate(order):
        out[i] = done[pos]
    return out
