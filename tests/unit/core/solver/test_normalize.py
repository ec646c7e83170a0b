"""Z-score normalization: N−1 by default, N on request, constant columns refused."""

import numpy as np
import pytest

from gdtutor.core.normalize import Normalization
from gdtutor.errors import GdtutorError

X = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 200.0], [6.0, 400.0]])


def test_default_deviation_divides_by_n_minus_one():
    normalization = Normalization.fit(X)
    assert normalization.ddof == 1
    np.testing.assert_allclose(normalization.mu, [3.0, 250.0])
    np.testing.assert_allclose(normalization.sigma[0], np.sqrt(14 / 3))
    z = normalization.apply(X)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose(z.std(axis=0, ddof=1), 1)


def test_ddof_zero_divides_by_n():
    normalization = Normalization.fit(X, ddof=0)
    np.testing.assert_allclose(normalization.sigma[0], np.sqrt(14 / 4))
    np.testing.assert_allclose(normalization.apply(X).std(axis=0), 1)


def test_apply_to_one_row_uses_the_training_statistics():
    normalization = Normalization.fit(X)
    row = normalization.apply([3.0, 250.0 + normalization.sigma[1]])
    np.testing.assert_allclose(row, [0.0, 1.0])
    assert normalization.as_dict() == {"mu": [3.0, 250.0], "sigma": normalization.sigma.tolist()}


def test_a_constant_column_is_refused_by_name():
    with pytest.raises(GdtutorError, match="feature x2 has the same value"):
        Normalization.fit(np.array([[1.0, 5.0], [2.0, 5.0]]))


@pytest.mark.parametrize(("rows", "ddof"), [(1, 1), (0, 0)])
def test_too_few_rows(rows, ddof):
    with pytest.raises(GdtutorError, match="at least"):
        Normalization.fit(np.ones((rows, 2)), ddof=ddof)


def test_ddof_must_be_zero_or_one():
    with pytest.raises(GdtutorError, match="ddof"):
        Normalization.fit(X, ddof=2)


def test_query_with_the_wrong_width():
    with pytest.raises(GdtutorError, match="expected 2 feature values, got 3"):
        Normalization.fit(X).apply([1.0, 2.0, 3.0])
