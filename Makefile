# make run   — set everything up and open the app on the bundled demo report
# make test  — set everything up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup sysdeps lint bench screenshots dist constraints module-map clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

sysdeps:
	bash scripts/system-deps.sh $(SYSDEPS_FLAGS)

setup: sysdeps $(STAMP)

run: setup
	$(VENV)/bin/esgdesk open

test: SYSDEPS_FLAGS = --with-office
test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m ruff check esgdesk tests bench scripts
	$(PY) -m ruff format --check esgdesk tests bench scripts packaging
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

lint: setup
	$(PY) -m ruff check esgdesk tests bench scripts
	$(PY) -m ruff format --check esgdesk tests bench scripts packaging
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m esgdesk.gui.screenshots docs/screenshots
	$(PY) scripts/viewer_screenshot.py

dist: setup
	bash packaging/build.sh

# docs/architecture.md: the module map, from the module docstrings
module-map:
	python3 scripts/module_map.py

# packaging/constraints.txt: the versions the installers are built from, frozen from .venv
constraints: $(STAMP)
	{ sed -n '/^#/p' packaging/constraints.txt; $(PY) -m pip freeze --exclude-editable --disable-pip-version-check \
	  | grep -iv '^esgdesk'; } >packaging/constraints.txt.new
	mv packaging/constraints.txt.new packaging/constraints.txt

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
