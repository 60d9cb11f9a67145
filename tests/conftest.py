"""Fixtures shared by the tests of what the lessons produce (decks, site, lite build)."""

import pytest


@pytest.fixture(scope="session")
def executed():
    """{lesson path: executed notebook or the exception that stopped it}: every lesson run
    once per session (or read back from build/executed/ when its sources did not change)."""
    from tests.support import executed_lessons     # nbclient: the `web` extra
    return executed_lessons.ensure()


@pytest.fixture(scope="session")
def built_decks(executed):
    """{lesson path: (deck path, executed notebook) or the error that stopped its build}:
    every lesson's deck rendered into build/slides/ once per session, as `make slides`
    does without its PDFs (test_slides.py, test_deck_fit.py and test_web_offline.py read
    them)."""
    from tests.support import slide_decks          # nbconvert: the `web` extra
    return slide_decks.build_all(slide_decks.LESSONS)
