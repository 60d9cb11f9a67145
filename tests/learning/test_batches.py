"""minibatches: every example once per epoch, pairs kept, seeded, learner-friendly errors."""

import numpy as np
import pytest

from course_lib.learning.batches import minibatches


def make_data(n=23):
    # X row i is [i, -i] and y[i] = 10 i: any mismatch between X and y is visible
    X = np.column_stack([np.arange(n), -np.arange(n)]).astype(float)
    return X, 10.0 * np.arange(n)


def test_each_example_appears_exactly_once_per_epoch():
    X, y = make_data()
    seen = np.concatenate([Xb[:, 0] for Xb, _ in minibatches(X, y, 4, rng=0)])
    assert sorted(seen.tolist()) == list(range(len(X)))


def test_x_and_y_are_shuffled_with_the_same_permutation():
    X, y = make_data()
    for Xb, yb in minibatches(X, y, 5, rng=1):
        np.testing.assert_array_equal(yb, 10.0 * Xb[:, 0])
        np.testing.assert_array_equal(Xb[:, 1], -Xb[:, 0])


def test_last_partial_batch_is_kept():
    X, y = make_data(23)
    sizes = [len(yb) for _, yb in minibatches(X, y, 5, rng=0)]
    assert sizes == [5, 5, 5, 5, 3]                        # ceil(23 / 5) = 5 batches


def test_same_seed_gives_same_batches():
    X, y = make_data()
    a = [yb for _, yb in minibatches(X, y, 4, rng=7)]
    b = [yb for _, yb in minibatches(X, y, 4, rng=np.random.default_rng(7))]
    assert len(a) == len(b)
    for ya, yb in zip(a, b):
        np.testing.assert_array_equal(ya, yb)


def test_different_seeds_give_different_orders():
    X, y = make_data()
    a = np.concatenate([yb for _, yb in minibatches(X, y, 4, rng=0)])
    b = np.concatenate([yb for _, yb in minibatches(X, y, 4, rng=1)])
    assert not np.array_equal(a, b)


def test_a_generator_advances_so_successive_epochs_differ():
    X, y = make_data()
    rng = np.random.default_rng(0)
    first = np.concatenate([yb for _, yb in minibatches(X, y, 4, rng=rng)])
    second = np.concatenate([yb for _, yb in minibatches(X, y, 4, rng=rng)])
    assert not np.array_equal(first, second)
    assert sorted(first) == sorted(second)


def test_without_shuffle_the_order_is_the_stored_order():
    X, y = make_data(10)
    batches = [yb.tolist() for _, yb in minibatches(X, y, 4, shuffle=False)]
    assert batches == [[0, 10, 20, 30], [40, 50, 60, 70], [80, 90]]


def test_batch_size_len_x_gives_one_batch_and_one_gives_len_x_batches():
    X, y = make_data(9)
    assert len(list(minibatches(X, y, 9, rng=0))) == 1
    assert [len(yb) for _, yb in minibatches(X, y, 1, rng=0)] == [1] * 9


def test_batches_are_copies_so_editing_one_leaves_the_data_alone():
    X, y = make_data(6)
    for Xb, yb in minibatches(X, y, 3, rng=0):
        Xb[:] = -1.0
    np.testing.assert_array_equal(X, make_data(6)[0])


@pytest.mark.parametrize("batch_size", [0, -3, 24])
def test_batch_size_out_of_range_is_refused_naming_the_argument(batch_size):
    X, y = make_data(23)
    with pytest.raises(ValueError, match=rf"batch_size must be a whole number in \[1, 23\], "
                                         rf"got {batch_size}; use 1 for SGD, 23 \(len\(X\)\)"):
        minibatches(X, y, batch_size)


@pytest.mark.parametrize("batch_size", [2.5, 32.0, "32", True])
def test_non_integer_batch_size_is_refused(batch_size):
    X, y = make_data()
    with pytest.raises(TypeError, match="batch_size must be a whole number"):
        minibatches(X, y, batch_size)


def test_x_and_y_of_different_lengths_are_refused():
    X, y = make_data(10)
    with pytest.raises(ValueError, match=r"y must have shape \(10, \.\.\.\), got shape \(9,\)"):
        minibatches(X, y[:9], 2)


def test_empty_data_is_refused():
    with pytest.raises(ValueError, match="X must hold at least one example"):
        minibatches(np.zeros((0, 3)), np.zeros(0), 1)


def test_bad_arguments_are_refused_at_the_call_not_at_the_first_batch():
    X, y = make_data(5)
    with pytest.raises(ValueError):
        minibatches(X, y, 0)                                # no iteration needed


def test_bad_rng_is_refused():
    X, y = make_data()
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        minibatches(X, y, 2, rng="seed")
