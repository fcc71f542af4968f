# The one entry point of the project. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# scripts/setup.sh installs the pinned uv here when the machine has no uv of that version.
export PATH := $(CURDIR)/.tools/bin:$(PATH)

VERSION ?= 1.0.0
IMAGE := taskapp:$(VERSION)
# What `make test` runs (scripts/test.sh): first the suites that need no cluster, while
# the local cluster's binaries build beside them; then the cluster's suites and every
# notebook. Each session prints the time of each group (lab/pytest_group_times.py). The
# check that `lab cluster down` leaves nothing behind runs last of the cluster's tests,
# then starts the cluster again. Last, tests/try_it runs every page's Try it commands.
HOST_TESTS := tests/repo tests/setup tests/lab tests/engine tests/taskapp tests/docker tests/docs tests/notebooks tests/exercises
CLUSTER_TESTS := tests/deploy tests/cluster tests/cluster_exercises notebooks tests/try_it
TESTS := $(HOST_TESTS) $(CLUSTER_TESTS)
# The notebooks `make record` runs: all of them unless NB names some.
NB ?= $(basename $(notdir $(wildcard notebooks/*.ipynb)))
NBVAL := --nbval --nbval-current-env --nbval-cell-timeout 600 --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: help setup env site-env engine serve site run image up down test lab record bench lint format requirements

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: ## install everything a fresh machine lacks (Debian packages, Docker engine, Python env)
	@bash scripts/setup.sh all

env:
	@bash scripts/setup.sh python

site-env:
	@bash scripts/setup.sh site

engine:
	@bash scripts/setup.sh docker

serve: site-env ## the site with live reload at http://127.0.0.1:8000
	uv run mkdocs serve --dev-addr 127.0.0.1:8000

site: site-env ## build the site into site/ (strict)
	uv run mkdocs build --strict

run: env ## taskapp on its SQLite default at http://127.0.0.1:8001
	cd taskapp && DEBUG=1 uv run python manage.py migrate --noinput
	cd taskapp && DEBUG=1 uv run python manage.py runserver 127.0.0.1:8001

image: engine ## build taskapp:$(VERSION) with the real Dockerfile (BuildKit)
	docker build --build-arg APP_VERSION=$(VERSION) --tag $(IMAGE) .

up: image ## the Compose stack (app + PostgreSQL) at http://127.0.0.1:8080; needs .env
	@test -f .env || { echo "No .env: python3 scripts/new-env.py writes one with new secrets"; exit 1; }
	APP_VERSION=$(VERSION) docker compose up --detach --wait

down: ## stop the Compose stack (its data volume stays; add -v by hand to drop it)
	docker compose down

test: setup ## the whole test suite (brings up Docker, PostgreSQL and the cluster it needs)
	@NBVAL="$(NBVAL)" HOST_TESTS="$(HOST_TESTS)" CLUSTER_TESTS="$(CLUSTER_TESTS)" bash scripts/test.sh

lab: engine ## JupyterLab on notebooks/ at http://127.0.0.1:8888
	uv run jupyter lab --notebook-dir notebooks --ip 127.0.0.1 --port 8888 --no-browser

record: env ## run notebooks in place, storing outputs and provenance (NB="02-images-and-layers ...")
	uv run lab notebook record $(NB)

bench: setup ## print the figures: labs, images, the site, the engine and the cluster (cold builds: 10-14 and 20-35 min)
	uv run python -m lab.bench.notebooks
	uv run python -m lab.bench.docker
	uv run python -m lab.bench.engine
	uv run python -m lab.bench.site
	uv run python -m lab.bench.cluster

lint: env ## ruff, hadolint
	uv run ruff check .
	uv run ruff format --check .
	uv run hadolint Dockerfile deploy/images/lookalike/*/Dockerfile

format: env ## format Python with ruff
	uv run ruff check --fix .
	uv run ruff format .

requirements: ## export the image's pinned requirements from uv.lock
	uv export --frozen --no-dev --extra image --no-emit-project --format requirements-txt \
	  --output-file requirements/image.txt >/dev/null
