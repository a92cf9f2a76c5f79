# blogarchive: `make demo` runs the main job, `make test` the tests. Both set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# pywb, the web archive the --from-archive tests replay captures from, in an environment of its
# own: it pins redis 2.10.6, which scrapy-redis (redis>=4) cannot share
PYWB_VENV ?= .venv-pywb
PYWB_VERSION ?= 2.10.0
CORPUS ?= ../shared/corpus
DEMO_SITE_PORT ?= 8765
DEMO_PORT ?= 8001
DEMO_SITE := http://127.0.0.1:$(DEMO_SITE_PORT)

.PHONY: demo test lint readme accuracy clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(PYWB_VENV)/bin/wayback:
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install -q --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install -q 'pywb==$(PYWB_VERSION)'

## demo: start the bundled sample site, crawl it into demo.db, then serve demo.db with Datasette
demo: $(BIN)/.installed
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/blogarchive sample-site --port $(DEMO_SITE_PORT) --diaries 40 --posts 20 & \
	site=$$!; trap "kill $$site 2>/dev/null" EXIT; \
	for i in $$(seq 100); do $(BIN)/python -c "import urllib.request as u; \
	  u.urlopen('$(DEMO_SITE)/robots.txt', timeout=1)" 2>/dev/null && break; sleep 0.1; done; \
	$(BIN)/blogarchive crawl demo.db $(DEMO_SITE)/ --contact https://example.org/demo \
	  -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=0 -s CONCURRENT_REQUESTS_PER_DOMAIN=8
	$(BIN)/blogarchive serve demo.db --port $(DEMO_PORT)

## test: lint, then the whole test suite (real-page tests read $(CORPUS) where it exists)
test: $(BIN)/.installed $(PYWB_VENV)/bin/wayback
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .

## readme: regenerate the README's command reference from every command's --help (cog)
readme: $(BIN)/.installed
	$(BIN)/cog -r README.md

## accuracy: score extraction on the real pages of $(CORPUS), trafilatura alongside
accuracy: $(BIN)/.installed
	$(BIN)/python bench/accuracy.py --corpus $(CORPUS) --json bench/results/accuracy.json

clean:
	rm -rf $(VENV) $(PYWB_VENV) build *.egg-info .pytest_cache .ruff_cache
