"""Claim checks: the code cells of `assert` statements that back a lesson's claims.

They stay in the notebook (students run them; tests/lessons/test_lessons_run.py runs them)
but leave the decks (tests/support/slide_decks.py), and they show nothing, so the study
time (tests/support/study_time.py) does not count them as a cell to read and look at.
"""

import ast


def source_of(cell):
    """A cell's code, whether nbformat's (a string) or raw JSON's (a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


CHECK_BODY = (ast.Assert, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.Continue,
              ast.Break)
BLOCKS = (ast.For, ast.While, ast.If, ast.With)


def _asserts_only(statements):
    """How many asserts `statements` hold if they are made of asserts, assignments and
    loops/conditions of those (nothing that prints, draws or shows a value); else None."""
    count = 0
    for node in statements:
        if isinstance(node, ast.Assert):
            count += 1
        elif isinstance(node, BLOCKS):
            inner = _asserts_only(node.body + getattr(node, "orelse", []))
            if inner is None:
                return None
            count += inner
        elif not isinstance(node, CHECK_BODY):
            return None
    return count


def is_claim_check(cell):
    """A claim check: a code cell made of `assert` statements and what they need (assignments,
    and for/while/if/with blocks of those), holding at least one assert. No statement in it
    prints, draws or shows a value (no call or expression on its own line), so the deck loses
    no output by leaving it out. Comments do not count."""
    if cell.get("cell_type") != "code":
        return False
    try:
        tree = ast.parse(source_of(cell))
    except SyntaxError:                          # IPython magics: never a claim check
        return False
    return bool(_asserts_only(tree.body))


def asserts_in(source):
    """How many `assert` statements the code `source` holds (0 if it does not parse)."""
    try:
        return sum(isinstance(n, ast.Assert) for n in ast.walk(ast.parse(source)))
    except SyntaxError:
        return 0
