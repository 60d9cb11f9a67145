# The two commands a newcomer needs: `make lab` and `make test`.
# Both create .venv and install the course on first use, and again only when
# pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# JupyterLab refuses to run as root unless told it may; harmless for everyone else.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
CELL_TIMEOUT ?= 120

.PHONY: lab test test-pythons bench slides site lite executed release clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Students: the course, JupyterLab, pytest and nbval (to grade their own exercises).
$(VENV)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lab]'
	touch $@

# Maintainers and CI: also the references the tests compare against
# (PyTorch's optimizers, SciPy) and the browser driver.
$(VENV)/.test-installed: pyproject.toml $(VENV)/.lab-installed
	$(BIN)/python -m pip install --quiet -e '.[test,lab,reference,web]'
	touch $@

# make slides / site / lite: nbclient, nbconvert, Sphinx, JupyterLite.
$(VENV)/.web-installed: pyproject.toml $(VENV)/.lab-installed
	$(BIN)/python -m pip install --quiet -e '.[test,lab,web]'
	touch $@

# The pinned web assets of the decks and the site (package-lock.json); never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/01_optimization.ipynb

# One BLAS thread per process: tests and benchmarks run kernels side by side on few cores,
# and oversubscribed BLAS threads made them several times slower.
test test-pythons bench slides site executed: export OPENBLAS_NUM_THREADS ?= 1

# The lessons run once, in tests/lessons/test_lessons_run.py (into build/executed/, which
# the decks' and the site's tests read), not a second time under nbval.
test: $(VENV)/.test-installed node_modules/.package-lock.json
	$(BIN)/course release --check
	$(BIN)/python -m pytest tests solutions \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=$(CELL_TIMEOUT)

# The library tests and every lesson and solution under nbval on each Python pyproject.toml
# lists (3.10 to 3.13), each in its own environment in .nox/ (noxfile.py says what is left
# out), two sessions at a time. PYTHONS="3.10 3.13" runs some of them; a Python that cannot
# be found is a failure.
PYTHONS ?=
NOX_PARALLEL ?= 2
$(VENV)/.nox-installed: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'nox>=2026.10.20'
	touch $@

test-pythons: $(VENV)/.nox-installed
	CELL_TIMEOUT=$(CELL_TIMEOUT) $(BIN)/nox --parallel $(NOX_PARALLEL) $(if $(strip $(PYTHONS)),--python $(PYTHONS))

# One table of every figure the course tracks (tests/bench/bench_all.py); each
# tests/bench/bench_*.py also runs alone with more detail.
bench: $(VENV)/.test-installed
	$(BIN)/python tests/bench/bench_all.py

# Each lesson executed once into build/executed/ (again only when it or course_lib changes),
# shared by the decks, the site and the tests (tests/support/executed_lessons.py).
executed: $(VENV)/.web-installed
	$(BIN)/python tests/support/executed_lessons.py

# Each executed lesson rendered as a reveal.js deck from its slide metadata:
# build/slides/NN_topic.slides.html and index.html (tests/support/slide_decks.py);
# reveal.js, MathJax and the widget renderer come from build/assets/, no network needed.
# Each deck is also printed to build/slides/NN_topic.pdf by headless Chromium
# (SLIDES_FLAGS=--no-pdf skips that).
SLIDES_FLAGS ?=
slides: $(VENV)/.web-installed node_modules/.package-lock.json
	$(BIN)/python tests/support/slide_decks.py --out build/slides $(SLIDES_FLAGS)

# The web site from the executed lessons (tests/support/site_build.py, docs/conf.py):
# build/site/index.html; Sphinx's warnings are errors; no network needed.
site: $(VENV)/.web-installed node_modules/.package-lock.json
	$(BIN)/python tests/support/site_build.py --out build/site

# The course in the browser, nothing installed (tests/support/lite_build.py): build/lite/, a
# JupyterLite site with the lessons, the exercises and course_lib as a wheel. Builds
# offline; the Pyodide runtime itself is fetched from its CDN when a page is viewed.
lite: $(VENV)/.web-installed
	$(BIN)/python tests/support/lite_build.py --out build/lite

release: $(VENV)/.lab-installed
	$(BIN)/course release

clean:
	rm -rf $(VENV) build *.egg-info
