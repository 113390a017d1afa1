# Set-up and everyday commands. Each target creates .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# CPU build of torch, pinned here only (pyproject declares a range).
TORCH_PIN := torch==2.13.0

.PHONY: demo test install docs clean hypothesis

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(TORCH_PIN)
	$(PY) -m pip install -q -e ".[tests]"
	touch $@

install: $(VENV)/.installed

$(VENV)/.docs-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e ".[docs]"
	touch $@

# The site, with every gallery example executed; warnings are errors.
docs: $(VENV)/.docs-installed
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

demo: install
	$(PY) -m skgan demo

test: install
	$(PY) -m pytest -q

# The property-based tests with many more examples than the normal suite.
HYPOTHESIS_EXAMPLES ?= 500
hypothesis: install
	SKGAN_HYPOTHESIS_EXAMPLES=$(HYPOTHESIS_EXAMPLES) $(PY) -m pytest -q tests/test_properties.py --hypothesis-show-statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache docs/_build docs/auto_examples docs/generated
