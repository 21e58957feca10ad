# `make sandbox` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: venv sandbox test bench lint format build docs messages clean

venv: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test,sandbox,docs,bench]"
	touch $@

sandbox: venv
	$(PY) sandbox/manage.py migrate --noinput
	$(PY) sandbox/manage.py bidding_demo
	$(PY) sandbox/manage.py rebuild_index --noinput
	$(PY) sandbox/manage.py runserver 127.0.0.1:8000

test: venv
	tests/system-deps.sh
	tests/with-services.sh $(VENV)/bin/pytest $(PYTEST_ARGS)
	tests/with-services.sh $(VENV)/bin/pytest --ds=tests.shop_forks.settings tests/shop_forks $(PYTEST_ARGS)

bench: venv
	tests/system-deps.sh
	tests/with-services.sh $(PY) -m bench.run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

build: venv
	$(PIP) install --quiet build
	$(PY) -m build

# Extract the package's strings into its catalogues (German, American English),
# fill American English's "cart", and compile them. Needs GNU gettext.
messages: venv
	cd oscar_bidding && ../$(VENV)/bin/django-admin makemessages -l de -l en_US -e html,txt,py --no-obsolete --no-location
	$(PY) tools/american_words.py
	cd oscar_bidding && ../$(VENV)/bin/django-admin compilemessages

docs: venv
	$(VENV)/bin/sphinx-build -W -b html docs docs/_build/html

clean:
	rm -rf $(VENV) build dist *.egg-info docs/_build
