"""Sphinx configuration of the course's web site (`make site`).

tests/support/site_build.py stages the sources in build/site-src/ with the repository's
layout (README.md as the home page, notebooks/ executed, exercises/ as handed out, the API
pages generated from course_lib), so every link in the README and the lessons resolves.
Nothing is executed here (the lessons come executed from build/executed/) and nothing is
loaded from a CDN: MathJax, require.js and the widget renderer come from build/assets/
(tests/support/web_assets.py), next to build/site/.
"""

import os
import subprocess
import sys

project = "Optimization for Deep Learning"
author = "the course's authors"
copyright = "the course's authors, MIT licence"
root_doc = "README"
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["myst.header"]        # lessons' headings start below the page's title

# ---- where the site points: this repository's main branch ------------------------------
def _repository():
    """COURSE_REPOSITORY_URL, else the https URL of git's `origin`, else a placeholder."""
    url = os.environ.get("COURSE_REPOSITORY_URL")
    if not url:
        try:
            url = subprocess.run(["git", "remote", "get-url", "origin"], capture_output=True,
                                 text=True, check=True, cwd=os.path.dirname(__file__)).stdout
        except (OSError, subprocess.CalledProcessError):
            url = ""
        url = url.strip().removesuffix(".git")
    return url if url.startswith("https://") else "https://github.com/OWNER/dl-optimization"


REPOSITORY = _repository()
BRANCH = "main"
# The lesson pages sit one folder down (notebooks/, exercises/); build/lite is next to
# build/site, as `make lite` writes it.
JUPYTERLITE = os.environ.get("COURSE_JUPYTERLITE_URL", "../../lite/lab/index.html")

# ---- assets: the local, pinned copy in build/assets (relative to _static) ---------------
ASSETS = "../../assets"
mathjax_path = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# MathJax 2 typesets only Sphinx's math elements (and widget outputs), nothing else
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]],
                               "displayMath": [["\\[", "\\]"]],
                               "processEscapes": True, "ignoreClass": "document",
                               "processClass": "math|output_area"},
                   "messageStyle": "none"}
nb_ipywidgets_js = {f"{ASSETS}/requirejs/require.js": {},
                    f"{ASSETS}/widget-paths.js": {},
                    f"{ASSETS}/@jupyter-widgets/html-manager/dist/embed-amd.js": {}}

# ---- notebooks --------------------------------------------------------------------------
nb_execution_mode = "off"                  # executed once, before: build/executed/
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Headings' anchors as JupyterLab makes them (docs/anchors.py), so a lesson's link to
# notation_and_tools.ipynb#Curvature-along-a-direction works on the site as in JupyterLab;
# named by its import path, as Sphinx's parallel readers pickle the configuration.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
myst_heading_slug_func = "anchors.jupyter_anchor"

# ---- API reference: every docstring shown as written (plain text, not reStructuredText) --
autodoc_default_options = {"members": True, "ignore-module-all": True,
                           "member-order": "bysource"}
autodoc_typehints = "none"


def _docstring_as_written(app, what, name, obj, options, lines):
    if lines:
        lines[:] = ["::", ""] + ["   " + line for line in lines] + [""]


def setup(app):
    app.connect("autodoc-process-docstring", _docstring_as_written)


# ---- theme ------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = []
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org",
                       "notebook_interface": "jupyterlab",
                       "jupyterlite_url": JUPYTERLITE},
    "show_toc_level": 2,
}
