"""Behaviours of single exercise modules (course_lib/checks/exNN_topic.py) that the
notebook-wide runs of test_exercises.py do not show on their own."""
import contextlib
import io

import numpy as np
import pytest

from course_lib.checks import CheckFailed, run_check
from tests.checks.test_exercises import load, run_checks, student_namespace
from tests.checks.wrong import ex06_gd_variants as wrong06


def test_a_right_sgd_epoch_keeps_its_points_when_only_the_iterator_is_wrong():
    """06: sgd_epoch is judged on the course's batches; a note says the student's own
    batches change the result, and the batch checks are the ones that fail."""
    solution = load("solutions", "06_gd_variants")
    ns = student_namespace(solution, solution, {"iterate_minibatches": wrong06.batches_in_order})
    results = run_checks(solution, ns)
    assert results["check_sgd_epoch"] is None and results["check_sgd_hidden"] is None, results
    assert "the examples were not shuffled" in results["check_batches_one_epoch"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run_check("ex06_gd_variants.check_sgd_epoch(sgd_epoch)", ns)
    assert "your batches are what is wrong" in out.getvalue(), out.getvalue()


def test_a_right_sgd_epoch_with_a_right_iterator_gets_no_note():
    solution = load("solutions", "06_gd_variants")
    ns = student_namespace(solution, solution)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run_check("ex06_gd_variants.check_sgd_epoch(sgd_epoch)", ns)
    assert "note" not in out.getvalue()


def test_a_wrong_sgd_epoch_is_told_on_the_courses_batches():
    solution = load("solutions", "06_gd_variants")
    ns = student_namespace(solution, solution, {"sgd_epoch": wrong06.sgd_no_two})
    with pytest.raises(CheckFailed, match=r"on the course's batches\).*\n(.*\n)*.*factor 2"):
        run_check("ex06_gd_variants.check_sgd_epoch(sgd_epoch)", ns)


def test_the_sweeps_final_loss_counts_calls_and_refuses_unknown_rates():
    """07: FinalLoss records each call; a rate that is not in lrs is a clear failure."""
    from course_lib.checks.ex07_more_challenges import FinalLoss
    loss = FinalLoss({0.1: 1.0, 0.2: np.nan})
    assert loss(0.1) == 1.0 and np.isnan(loss(0.2)) and loss.calls == [0.1, 0.2]
    with pytest.raises(CheckFailed, match="not one of the rates"):
        loss(2)


def test_one_slip_in_04s_loop_costs_only_the_check_it_breaks():
    """04 (issue 23 item 4): a slip in the update rule or the path's shape (a sign, lr left
    out, a stale gradient, one step off, a transposed path) fails the update rule's check
    alone; the copies check and the hidden inputs check judge only what they say they judge."""
    from tests.checks.wrong import ex04_gradient_descent as wrong04
    solution = load("solutions", "04_gradient_descent")
    kinds = {"sign error", "learning rate left out", "gradient at the wrong point", "off by one",
             "path missing the start", "wrong shape"}
    slips = [w for w in wrong04.WRONG if w["function"] == "gradient_descent" and w["kind"] in kinds]
    assert len(slips) >= 8
    for slip in slips:
        ns = student_namespace(solution, solution, {"gradient_descent": slip["impl"]})
        results = run_checks(solution, ns)
        failed = {gid for gid, message in results.items() if message is not None}
        assert failed == {"check_gradient_descent_path"}, (slip["what"], results)
        assert slip["says"] in results["check_gradient_descent_path"], slip["what"]


def test_07s_message_on_a_tied_sweep_lists_every_tied_rate():
    """07: on a tie any tied rate is right, so the message lists them all, not the first."""
    from course_lib.checks import Case
    from course_lib.checks.ex07_more_challenges import FinalLoss, check_best_lr
    tie = Case(FinalLoss({0.1: 0.5, 0.4: 0.2, 0.8: 0.2, 1.6: 0.2, 3.2: np.nan}),
               [0.1, 0.4, 0.8, 1.6, 3.2], label="a three-way tie")

    def largest(final_loss, lrs):
        losses = [final_loss(lr) for lr in lrs]
        return lrs[int(np.argmax(np.where(np.isfinite(losses), losses, -np.inf)))]
    with pytest.raises(CheckFailed) as failed:
        check_best_lr(largest, [tie])
    assert "expected: one of the tied rates 0.4, 0.8, 1.6\n" in str(failed.value), str(failed.value)
    assert "LARGEST final loss" in str(failed.value)
