"""Argument checks: one helper per kind of check, one exception type per kind of mistake.

A value of the wrong kind (text for a number, a float for a whole number) is a TypeError;
a value of the right kind out of range, or of the wrong shape, is a ValueError. Every
message names the argument and the value given.
"""

import numpy as np
import pytest

from course_lib import (GradientDescent, LineFitSurface, MLP, Momentum, Quadratic, TwoWells,
                        load_digits, make_two_blobs, minibatches, run, train)
from course_lib._validate import in_range, one_of, shaped, whole_number
from course_lib.learning.models import LinearRegression
from course_lib.surfaces.stationary import basin_map


def test_whole_number_tells_a_wrong_kind_from_a_wrong_range():
    assert whole_number("n", np.int64(3), 1, maximum=5) == 3
    for bad in (2.5, 3.0, "3", True, None):
        with pytest.raises(TypeError, match=rf"n must be a whole number, got {bad!r}"):
            whole_number("n", bad, 1)
    with pytest.raises(ValueError, match=r"n must be a whole number in \[1, 5\], got 6; hint"):
        whole_number("n", 6, 1, "hint", maximum=5)
    with pytest.raises(ValueError, match="n must be a whole number >= 1, got 0"):
        whole_number("n", 0, 1)


def test_in_range_writes_open_and_closed_ends():
    assert in_range("p", 1.0, 0, 1, "", low_open=True) == 1.0
    with pytest.raises(ValueError, match=r"p must be in \(0, 1\], got 0"):
        in_range("p", 0, 0, 1, "", low_open=True)
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\), got nan"):
        in_range("p", float("nan"), 0, 1, "", high_open=True)
    with pytest.raises(TypeError, match=r"p must be a number in \[0, 1\], got '0.5'"):
        in_range("p", "0.5", 0, 1, "")


def test_shaped_matches_sizes_names_and_trailing_axes():
    assert shaped("w", np.zeros((2, 4, 4)), (2, ...)).shape == (2, 4, 4)
    assert shaped("X", [[1, 2, 3]], ("n", 3)).dtype == float
    with pytest.raises(ValueError, match=r"w must have shape \(2, \.\.\.\), got shape \(\)"):
        shaped("w", 1.0, (2, ...))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 3\), got shape \(1, 2\)"):
        shaped("X", [[1, 2]], ("n", 3))
    with pytest.raises(TypeError, match="X must be an array of numbers"):
        shaped("X", [["a", "b"]], ("n", 2))


def test_one_of_lists_the_choices():
    with pytest.raises(ValueError, match=r"act must be one of \('tanh', 'relu'\), got 'elu'"):
        one_of("act", "elu", ("tanh", "relu"))


# The same mistake, in every module that takes a count: a float is a TypeError and a count
# out of range a ValueError.
X, y = np.zeros((10, 2)), np.zeros(10)
COUNTS = {
    "run steps": lambda v: run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], v),
    "minibatches batch_size": lambda v: minibatches(X, y, v),
    "train epochs": lambda v: train(LinearRegression(2), GradientDescent(lr=0.1), (X, y), 5, v),
    "basin_map n": lambda v: basin_map(TwoWells(), lr=0.1, n=v),
    "make_two_blobs n_samples": lambda v: make_two_blobs(n_samples=v),
    "MLP n_hidden": lambda v: MLP(2, v, 2),
}


@pytest.mark.parametrize("call", COUNTS.values(), ids=COUNTS.keys())
def test_every_count_refuses_a_float_with_a_type_error_and_a_negative_with_a_value_error(call):
    with pytest.raises(TypeError, match="must be a whole number, got 2.5"):
        call(2.5)
    with pytest.raises(ValueError, match="must be a whole number .*got -1"):
        call(-1)


# ... and every number in a range: text is a TypeError, out of range a ValueError.
RANGES = {
    "Momentum beta": lambda v: Momentum(lr=0.1, beta=v),
    "GradientDescent lr": lambda v: GradientDescent(lr=v),
    "TwoWells tilt": lambda v: TwoWells(tilt=v),
    "load_digits test_size": lambda v: load_digits(test_size=v),
}


@pytest.mark.parametrize("call", RANGES.values(), ids=RANGES.keys())
def test_every_ranged_number_refuses_text_with_a_type_error_and_minus_one_with_a_value_error(
        call):
    with pytest.raises(TypeError, match="must be a number"):
        call("0.5")
    with pytest.raises(ValueError, match="got -1"):
        call(-1.0)


def test_a_shape_mistake_is_a_value_error_naming_the_argument():
    for call, name in [(lambda: LineFitSurface(np.ones(3), np.ones(4)), "y"),
                       (lambda: Quadratic(np.eye(2))(np.ones(3)), "w"),
                       (lambda: minibatches(X, y[:3], 2), "y")]:
        with pytest.raises(ValueError, match=rf"^{name} must have shape"):
            call()
