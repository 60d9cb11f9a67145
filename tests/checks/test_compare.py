"""course_lib.checks: passes right answers in any valid form, and fails wrong ones with a
short message that names the check, shows expected vs got, diagnoses the mistake and
never needs a traceback."""
import numpy as np
import pytest

from course_lib.checks import (NOT_IMPLEMENTED, Answer, Case, CheckFailed, Mistake, check,
                               check_answers, check_function, check_raises, check_value, expect,
                               expect_close, known_mistake)
from course_lib.tools.notebook import error_message, one_line


def squares(x):
    return x ** 2


def failure(student, reference=squares, cases=None, **kw):
    """The CheckFailed raised when ``student`` is checked against ``reference``."""
    cases = cases or [Case(np.array([1.0, -2.0, 3.0]))]
    with pytest.raises(CheckFailed) as info:
        check_function(student, reference, cases, name="squares", hint="square each entry", **kw)
    return str(info.value)


def test_a_correct_function_passes_and_says_so(capsys):
    check_function(lambda x: x * x, squares, [Case(np.arange(3.0)), Case(np.ones(1))],
                   name="squares")
    assert "✓ squares (2 cases)" in capsys.readouterr().out


def test_another_valid_form_passes_list_instead_of_array_within_tolerance(capsys):
    check_function(lambda x: [float(v) * float(v) * (1 + 1e-10) for v in x], squares,
                   [Case(np.array([1.0, 2.0]))], name="squares")
    check_function(lambda: (1.0, 2.0), lambda: np.array([[1.0], [2.0]]), [Case()],
                   name="pair", squeeze=True)
    assert capsys.readouterr().out.count("✓") == 2


def test_a_list_of_point_arrays_is_compared_as_a_path():
    path = [np.array([0.0, 1.0]), np.array([2.0, 3.0])]
    expect_close(path, np.array([[0.0, 1.0], [2.0, 3.0]]))


def test_blank_function_fails_with_not_implemented_yet():
    def blank(x):
        raise NotImplementedError()
    message = failure(blank)
    assert message.split("\n")[0] == f"squares: {NOT_IMPLEMENTED}"


def test_message_names_check_case_expected_got_and_hint():
    message = failure(lambda x: x ** 3, cases=[Case(np.array([2.0]), label="x = 2")])
    first, *rest = message.split("\n")
    assert first == "squares: case 1 of 1 (x = 2): values differ"
    assert "expected: [4.]" in rest[0] and "got:      [8.]" in rest[1]
    assert rest[-1] == "  Hint: square each entry"
    assert len(message.split("\n")) <= 6


@pytest.mark.parametrize("student, words", [
    (lambda x: -x ** 2, "opposite sign"),
    (lambda x: 0.5 * x ** 2, "half the expected"),
    (lambda x: 2 * x ** 2, "twice the expected"),
    (lambda x: 30 * x ** 2, "30 times the expected"),
    (lambda x: (x ** 2)[::-1], "reverse order"),
    (lambda x: None, "returned None"),
    (lambda x: (x ** 2)[:, None], "got shape (3, 1)"),
    (lambda x: np.full(3, np.nan), "nan or inf"),
    (lambda x: 1 / 0, "your code raised ZeroDivisionError: division by zero"),
    (lambda x: "four", "expected numbers of shape (3,)"),
])
def test_typical_mistakes_get_a_diagnosis(student, words):
    assert words in failure(student)


def test_changing_an_input_fails_and_names_the_argument():
    def in_place(values):
        values **= 2
        return values
    message = failure(in_place)
    assert "changed its input `values`" in message and "values.copy()" in message


def path_of(points):
    return np.array([[float(t), float(t) ** 2] for t in range(points)])


@pytest.mark.parametrize("student, words", [
    (lambda n: path_of(n)[1:], "first point is missing"),
    (lambda n: path_of(n)[:-1], "One point short"),
    (lambda n: path_of(n + 1), "One point too many"),
    (lambda n: path_of(n).T, "transposed"),
    (lambda n: np.repeat(path_of(n)[-1:], n, axis=0), "Every row of your result is the same"),
    (lambda n: path_of(n) + (np.arange(n)[:, None] >= 3), "first wrong row is row 3"),
])
def test_path_mistakes_get_a_diagnosis(student, words):
    message = failure(student, reference=path_of, cases=[Case(6)])
    assert words in message, message


def test_tolerances_decide_what_counts_as_equal():
    check_value(1.0 + 1e-9, 1.0, name="close enough", rtol=1e-8)
    with pytest.raises(CheckFailed):
        check_value(1.0 + 1e-6, 1.0, name="too far", rtol=1e-8, atol=0)


def test_each_call_gets_fresh_copies_so_reference_and_student_cannot_interfere():
    seen = []

    def spy(x):
        seen.append(x)
        return x
    data = np.array([1.0, 2.0])
    check_function(spy, spy, [Case(data)], name="copies")
    assert len(seen) == 2 and seen[0] is not seen[1] and seen[0] is not data


def test_check_block_turns_expect_failures_and_name_errors_into_friendly_failures(capsys):
    with pytest.raises(CheckFailed) as info:
        with check("converges", hint="smaller lr"):
            expect(3 < 2, "the loss grew from 1 to 3")
    assert str(info.value) == "converges: the loss grew from 1 to 3\n  Hint: smaller lr"
    with pytest.raises(CheckFailed) as info:
        with check("defined"):
            undefined_name  # noqa: F821
    assert "name 'undefined_name' is not defined" in str(info.value)
    assert "run the cell that defines it" in str(info.value)
    with check("fine"):
        expect(True, "never shown")
    assert "✓ fine" in capsys.readouterr().out


def test_keyboard_interrupt_is_not_swallowed():
    with pytest.raises(KeyboardInterrupt):
        with check("slow"):
            raise KeyboardInterrupt


def test_check_raises_passes_fails_and_reports_blanks():
    def picky(lr):
        if lr <= 0:
            raise ValueError(f"lr must be > 0, got {lr}")
        return lr
    check_raises(picky, (-1,), ValueError, name="rejects lr <= 0", match="lr must be")
    with pytest.raises(CheckFailed, match="expected ValueError for 0.1, but it returned 0.1"):
        check_raises(picky, (0.1,), ValueError, name="rejects")
    with pytest.raises(CheckFailed, match="should mention 'beta'"):
        check_raises(picky, (-1,), ValueError, name="rejects", match="beta")

    def blank(lr):
        raise NotImplementedError
    with pytest.raises(CheckFailed, match=NOT_IMPLEMENTED):
        check_raises(blank, (-1,), Exception, name="rejects")


def test_ipython_shows_the_message_without_a_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.run_cell("from course_lib.checks import check_value\n"
                   "check_value(2.0, 1.0, name='the answer', hint='try 1')")
    out = capsys.readouterr().out
    assert "CheckFailed: the answer: values differ" in out and "Hint: try 1" in out
    assert "Traceback" not in out and "File " not in out
    assert len(out.strip().split("\n")) <= 5


@pytest.mark.parametrize("ename, evalue, message", [
    ("NotImplementedError", "", "not implemented yet"),
    ("CheckFailed", "\x1b[31mlr check: not implemented yet\x1b[0m\n  Hint: replace it",
     "lr check: not implemented yet"),
    ("CheckFailed", "lr check: values differ\n  expected: 1\n  got: 2\n  Hint: smaller",
     "lr check: values differ\n  expected: 1\n  got: 2\n  Hint: smaller"),
    ("KeyboardInterrupt", "", "took too long (stopped by the time limit)"),
    ("NameError", "name 'lr' is not defined", "NameError: name 'lr' is not defined"),
    ("SyntaxError", "invalid syntax (3216474.py, line 2)", "SyntaxError: invalid syntax (line 2 of the cell)"),
    ("AssertionError", "", "a check failed (an assert without a message)"),
])
def test_a_kernel_error_becomes_the_message_a_student_reads(ename, evalue, message):
    """The diagnosis (expected vs got, hint) is kept; other errors are one line."""
    assert error_message(ename, evalue) == message


def test_one_line_keeps_the_first_line_and_the_hint():
    assert one_line("lr check: values differ\n  expected: 1\n  Hint: smaller") == (
        "lr check: values differ  Hint: smaller")
    assert one_line("x" * 300, limit=20) == "x" * 17 + "..."


# -- known mistakes ---------------------------------------------------------------------------

DOUBLED = Mistake("doubled", lambda x: 2 * x ** 2)
SHIFTED = Mistake("shifted", lambda x: x ** 2 + 1)


def test_a_failing_answer_that_matches_a_known_mistake_names_it():
    message = failure(lambda x: x ** 2 + 1, mistakes=[DOUBLED, SHIFTED])
    assert "This looks like a known mistake: shifted." in message
    assert "doubled" not in message
    # an answer that matches no listed mistake gets no such line
    assert "known mistake" not in failure(lambda x: x ** 3, mistakes=[DOUBLED, SHIFTED])


def test_a_mistake_that_cannot_run_on_a_case_matches_nothing():
    broken = Mistake("broken", lambda x: x.no_such_attribute)
    assert "known mistake" not in failure(lambda x: x ** 3, mistakes=[broken])


def test_when_two_mistakes_match_the_failing_case_the_other_cases_decide():
    # on x = 1 both "doubled" (2 x^2) and "plus one" (x^2 + 1) give 2; on x = 3 only one does
    plus_one = Mistake("plus one", lambda x: x ** 2 + 1)
    cases = [Case(np.array([1.0])), Case(np.array([3.0]))]
    message = failure(lambda x: 2 * x ** 2, cases=cases, mistakes=[plus_one, DOUBLED])
    assert "known mistake: doubled." in message and "plus one" not in message


def test_expect_close_and_known_mistake_match_values_by_phrase_or_mistake():
    with pytest.raises(CheckFailed) as info:
        with check("mean"):
            expect_close(6.0, 2.0, mistakes={"a sum where a mean belongs": 6.0})
    assert "known mistake: a sum where a mean belongs." in str(info.value)
    assert known_mistake([1.0, 2.0], {SHIFTED: [1.0], DOUBLED: [1.0, 2.0]}) is DOUBLED
    assert known_mistake("text", {SHIFTED: 1.0}) is None
    assert Mistake("x").fn is None and Mistake("x").line() == "This looks like a known mistake: x."


def test_an_extra_leading_axis_is_diagnosed():
    message = failure(lambda x: np.stack([x ** 2] * 4))
    assert "extra axis of 4 in front" in message


# -- answers that are labels ------------------------------------------------------------------

SWAPPED = Mistake("signs swapped")
ZERO = Mistake("zero counted as positive")
SIGN_CASES = [Answer(2.0, expected="positive", traps={"negative": SWAPPED}),
              Answer(-1.0, expected="negative", traps={"positive": [SWAPPED, ZERO]}),
              Answer(-3.0, expected="negative", traps={"positive": SWAPPED}),
              Answer(0.0, expected="zero", traps={"positive": ZERO})]


def sign_word(x):
    return "positive" if x > 0 else "negative" if x < 0 else "zero"


def test_check_answers_passes_right_labels(capsys):
    check_answers(sign_word, SIGN_CASES, name="signs")
    assert "✓ signs (4 cases)" in capsys.readouterr().out


def test_check_answers_names_the_mistake_that_explains_the_most_wrong_answers():
    def swapped(x):
        return {"positive": "negative", "negative": "positive"}.get(sign_word(x), "zero")
    with pytest.raises(CheckFailed) as info:
        check_answers(swapped, SIGN_CASES, name="signs", hint="look at the sign")
    message = str(info.value)
    assert message.startswith("signs: case 1 of 4 (2.0): expected 'positive', got 'negative'")
    assert "known mistake: signs swapped." in message and "Hint: look at the sign" in message
    with pytest.raises(CheckFailed) as info:
        check_answers(lambda x: "negative" if x < 0 else "positive", SIGN_CASES, name="signs")
    assert "case 4 of 4" in str(info.value) and "zero counted as positive" in str(info.value)


def test_check_answers_reports_blanks_none_and_unknown_answers():
    def blank(x):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match=NOT_IMPLEMENTED):
        check_answers(blank, SIGN_CASES, name="signs")
    with pytest.raises(CheckFailed, match="returned None"):
        check_answers(lambda x: None, SIGN_CASES, name="signs")
    with pytest.raises(CheckFailed) as info:
        check_answers(lambda x: ["positive"], SIGN_CASES, name="signs")
    assert "got ['positive']" in str(info.value) and "known mistake" not in str(info.value)
