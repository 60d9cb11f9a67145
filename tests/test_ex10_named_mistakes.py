"""Exercise 10's checks name the misconception behind each typical wrong answer.

tests/test_exercises.py already requires every wrong answer to fail a check; here the
failing message must also contain the phrase tests/wrong/ex10_adaptive.py lists for it
(e.g. "bias correction is missing"), so a student learns *which* slip she made.
"""
import pytest

from test_exercises import load, run_checks, student_namespace
from wrong import ex10_adaptive

NAME = "10_adaptive"


def test_every_wrong_answer_has_a_phrase():
    assert {w["what"] for w in ex10_adaptive.WRONG} == set(ex10_adaptive.NAMED)


@pytest.mark.parametrize("wrong", ex10_adaptive.WRONG,
                         ids=[f"{w['function']}-{w['what']}" for w in ex10_adaptive.WRONG])
def test_a_failing_check_names_the_mistake(wrong):
    solution = load("solutions", NAME)
    ns = student_namespace(solution, solution, {wrong["function"]: wrong["impl"]})
    messages = [m for m in run_checks(solution, ns).values() if m is not None]
    phrase = ex10_adaptive.NAMED[wrong["what"]]
    assert any(phrase in m for m in messages), (phrase, messages)
