"""pytest configuration for the whole repository.

Loads the course's nbval plugin, so `pytest --nbval-lax exercises/NN_topic.ipynb` run
from this folder reports each check by name with a one-line reason and a score table.
"""
pytest_plugins = ["course_lib.tools.nbval_plugin"]
