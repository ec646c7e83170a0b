"""BLAS runs on one thread inside one_blas_thread and gets its thread count back after it."""

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from gdtutor.core.objectives import LinearRegression
from gdtutor.core.threads import one_blas_thread


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_blas_is_bounded_inside_and_restored_after():
    with threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() == [2] * len(blas_threads())
        with one_blas_thread():
            assert blas_threads() == [1] * len(blas_threads())
        assert blas_threads() == [2] * len(blas_threads())


def test_a_large_regression_leaves_the_thread_count_as_it_was():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(20_000, 1))
    y = 2 * X[:, 0] + 1
    with threadpool_limits(limits=2, user_api="blas"):
        cost, gradient = LinearRegression(X, y).cost_and_gradient([0.0, 0.0])
        assert blas_threads() == [2] * len(blas_threads())
    assert cost > 0 and np.isfinite(gradient).all()
