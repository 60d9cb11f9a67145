"""Checks name the misconception: for every exercise whose wrong answers say what the
failing check must report (a ``SAYS`` table in tests/wrong/exNN_topic.py), each wrong
answer fails a check whose message contains those words.

tests/test_exercises.py already requires every wrong answer to fail; this adds that the
student is told *which* mistake it looks like.
"""
import pytest

from test_exercises import EXERCISES, load, run_checks, student_namespace, wrong_module

CASES = [(name, w) for name in EXERCISES if hasattr(wrong_module(name), "SAYS")
         for w in wrong_module(name).WRONG]


@pytest.mark.parametrize("name, wrong", CASES,
                         ids=[f"{n}-{w['function']}-{w['what']}" for n, w in CASES])
def test_a_failing_check_names_the_mistake(name, wrong):
    says = wrong_module(name).SAYS[wrong["kind"]]
    solution = load("solutions", name)
    ns = student_namespace(solution, solution, {wrong["function"]: wrong["impl"]})
    messages = [m for m in run_checks(solution, ns).values() if m is not None]
    assert any(says in m for m in messages), (says, messages)
