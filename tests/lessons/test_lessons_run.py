"""Every lesson runs top to bottom in a fresh kernel without an error or a warning.

This is nbval's run of notebooks/, done once: the lessons are executed into build/executed/
(tests/support/executed_lessons.py), and the decks (test_slides.py) and the site
(test_web_offline.py) are built from that same run. Lessons are found by their NN_topic name.
"""

import nbformat
import pytest

from tests.support import executed_lessons


@pytest.mark.integration
@pytest.mark.parametrize("path", executed_lessons.LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_without_error_or_stderr(executed, path):
    result = executed[path]
    if isinstance(result, Exception):
        pytest.fail(f"{path.name} failed to run:\n{result}", pytrace=False)
    written = [f"cell {c.id}: {o.get('name') or o.get('ename')}: "
               f"{str(o.get('text') or o.get('evalue'))[:300]}"
               for c in result.cells if c.cell_type == "code" for o in c.outputs
               if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert not written, f"{path.name} wrote errors or warnings:\n" + "\n".join(written)
    unrun = [c.id for c in result.cells if c.cell_type == "code" and c.source.strip()
             and c.execution_count is None]
    assert not unrun, f"{path.name}: cells not executed: {unrun}"


@pytest.mark.integration
def test_an_up_to_date_lesson_is_not_executed_again(executed, monkeypatch):
    first = executed_lessons.LESSONS[0]
    monkeypatch.setattr(executed_lessons, "execute",
                        lambda path, *a, **k: pytest.fail(f"{path} executed a second time"))
    again = executed_lessons.ensure([first])
    assert again[first].cells == executed[first].cells


def test_a_lesson_is_executed_again_when_it_or_course_lib_changes(tmp_path):
    lesson = executed_lessons.LESSONS[0]
    library = executed_lessons.library_files()
    stamp = executed_lessons.fingerprint(lesson, library)
    nb = nbformat.read(lesson, as_version=4)
    nb.metadata[executed_lessons.KEY] = {"fingerprint": stamp}
    nbformat.write(nb, tmp_path / lesson.name)
    assert executed_lessons.up_to_date(lesson, tmp_path, library) is not None
    assert executed_lessons.fingerprint(lesson, library[:-1]) != stamp   # a file less
    other = executed_lessons.LESSONS[1]
    assert executed_lessons.fingerprint(other, library) != stamp
    nb.metadata[executed_lessons.KEY] = {"fingerprint": "from older sources"}
    nbformat.write(nb, tmp_path / lesson.name)
    assert executed_lessons.up_to_date(lesson, tmp_path, library) is None
