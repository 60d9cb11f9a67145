"""``course grade`` and ``course check``: grading exercise notebooks, one module per step.

- ``grade``: the whole class: every student's notebooks rebuilt, run and recorded
  (``course grade SUBMISSIONS --out OUT``);
- ``rebuild``: a submission rebuilt from its official source (checks restored, the
  student's answers and own cells kept);
- ``run``: the rebuilt notebooks run under nbval in a separate process, watched for time;
- ``plugin``: the pytest plugin inside that process, reporting each cell's outcome;
- ``guard``: kernel side, puts the official checks back before each one runs;
- ``report``: the gradebook, per-student feedback and the summary;
- ``selfcheck``: ``course check``, a student's own notebook checked as the grader would.

The names below are re-exported for scripts and tests; course_lib's own modules import
them from the module that defines them. Introduced in the README, section "Grading a class".
"""
from course_lib.tools.grading.grade import UsageError, grade
from course_lib.tools.grading.rebuild import load_exercise, rebuild

__all__ = ["grade", "rebuild", "load_exercise", "UsageError"]
