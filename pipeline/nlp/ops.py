"""Faster CPU maths for the trained components: thinc ops whose gemm is numpy's BLAS.

Why: PERFORMANCE.md measured thinc's default CPU gemm (blis) at ~35 GFLOP/s
on the tok2vec's shapes and numpy's OpenBLAS at ~99 GFLOP/s single-threaded;
the CNN is ~90% of a trained pipeline's time and ~60% of that is matrix
multiplication. Subclassing NumpyOps so `gemm` calls `numpy.matmul` leaves
every other kernel (hash embedding, maxout, seq2col, the parser's Cython
loop) as it is, so outputs are the same up to float rounding.

Use `use_fast_ops()` BEFORE loading a pipeline: thinc layers take their ops
from `get_current_ops()` when they are built, so a pipeline loaded earlier
keeps the old ops.
"""

from __future__ import annotations

import os

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops

__all__ = ["MatmulOps", "blas_threads", "use_fast_ops"]


class MatmulOps(NumpyOps):
    """NumpyOps with gemm through numpy.matmul (OpenBLAS) instead of blis."""

    name = "claimlens_matmul"

    def gemm(  # type: ignore[override]
        self,
        x: numpy.ndarray,
        y: numpy.ndarray,
        out: numpy.ndarray | None = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> numpy.ndarray:
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(f"gemm wants 2-d arrays, got {x.ndim}-d and {y.ndim}-d")
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        # thinc sometimes passes a non-contiguous or differently typed `out`; matmul needs an exact match
        if out.dtype == numpy.result_type(x, y) and out.flags.c_contiguous:
            numpy.matmul(x, y, out=out)
        else:
            out[...] = numpy.matmul(x, y)
        return out


def blas_threads(n: int = 1) -> bool:
    """Limit OpenBLAS/OpenMP to ``n`` threads (one per worker process); False if threadpoolctl is missing.

    Multi-threaded BLAS on these small matrices mostly adds contention when
    a process pool already uses every core.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - sklearn (a dependency of scispacy) brings it
        return False
    threadpool_limits(limits=n)
    return True


def use_fast_ops(*, threads: int | None = 1) -> MatmulOps:
    """Make MatmulOps thinc's current ops (idempotent); ``threads`` limits BLAS threads (None: leave as is).

    CLAIMLENS_FAST_OPS=0 in the environment turns this off (for comparisons).
    """
    current = get_current_ops()
    if os.environ.get("CLAIMLENS_FAST_OPS", "1") == "0":
        return current  # type: ignore[return-value]
    if threads is not None:
        blas_threads(threads)
    if isinstance(current, MatmulOps):
        return current
    ops = MatmulOps()
    set_current_ops(ops)
    return ops
