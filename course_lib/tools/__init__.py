"""Course tooling: the ``course`` command (release, grade), the nbval plugin, grading.

Modules: ``cli`` (the ``course`` console script), ``release`` (exercises from solutions),
``nbval_plugin`` (one line per check and a score table under pytest --nbval-lax),
``grading/`` (``course grade``). Nothing here is imported by ``import course_lib``.
"""
