"""Fixtures shared by the tests of what the lessons produce (decks, site, lite build)."""

import pytest


@pytest.fixture(scope="session")
def executed():
    """{lesson path: executed notebook or the exception that stopped it}: every lesson run
    once per session (or read back from build/executed/ when its sources did not change)."""
    from tests.support import executed_lessons     # nbclient: the `web` extra
    return executed_lessons.ensure()
