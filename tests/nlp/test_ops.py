"""pipeline.nlp.ops: MatmulOps multiplies like thinc's NumpyOps; use_fast_ops installs it."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from pipeline.nlp.ops import MatmulOps, use_fast_ops


@pytest.fixture
def restore_ops():
    before = get_current_ops()
    yield
    set_current_ops(before)


@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_matches_numpy_ops(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(0)
    x = rng.normal(size=(5, 7) if not trans1 else (7, 5)).astype("float32")
    y = rng.normal(size=(7, 3) if not trans2 else (3, 7)).astype("float32")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = MatmulOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == (5, 3)
    numpy.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_gemm_writes_into_out() -> None:
    x = numpy.arange(6, dtype="float32").reshape(2, 3)
    y = numpy.ones((3, 2), dtype="float32")
    out = numpy.zeros((2, 2), dtype="float32")
    res = MatmulOps().gemm(x, y, out=out)
    assert res is out
    assert out.tolist() == [[3.0, 3.0], [12.0, 12.0]]


def test_gemm_rejects_3d() -> None:
    with pytest.raises(ValueError, match="2-d"):
        MatmulOps().gemm(numpy.zeros((2, 2, 2), dtype="float32"), numpy.zeros((2, 2), dtype="float32"))


def test_use_fast_ops_sets_current_ops(restore_ops, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMLENS_FAST_OPS", raising=False)
    set_current_ops(NumpyOps())
    ops = use_fast_ops(threads=None)
    assert isinstance(ops, MatmulOps)
    assert get_current_ops() is ops
    assert use_fast_ops(threads=None) is ops  # idempotent


def test_use_fast_ops_can_be_switched_off(restore_ops, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMLENS_FAST_OPS", "0")
    plain = NumpyOps()
    set_current_ops(plain)
    assert use_fast_ops(threads=None) is plain
    assert not isinstance(get_current_ops(), MatmulOps)
