# Set-up and everyday commands. Each target creates .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# CPU build of torch, pinned here only (pyproject declares a range).
TORCH_PIN := torch==2.13.0

.PHONY: demo test install clean hypothesis

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(TORCH_PIN)
	$(PY) -m pip install -q -e ".[tests]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) -m skgan demo

test: install
	$(PY) -m pytest -q

# The property-based tests with many more examples than the normal suite.
HYPOTHESIS_EXAMPLES ?= 500
hypothesis: install
	SKGAN_HYPOTHESIS_EXAMPLES=$(HYPOTHESIS_EXAMPLES) $(PY) -m pytest -q tests/test_properties.py --hypothesis-show-statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
