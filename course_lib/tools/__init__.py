"""Course tooling: the ``course`` command (release, check, grade), the nbval plugin, grading.

Modules: ``cli`` (the ``course`` console script), ``release`` (exercises from solutions),
``nbval_plugin`` (one line per check, with its diagnosis, and a score table under pytest
--nbval-lax), ``notebook`` (small helpers they share: a cell's source and role, error
messages, output lines), ``grading/`` (``course grade``, and ``course check`` in
``grading/selfcheck``). Nothing here is imported by ``import course_lib``.
"""
