# The two everyday commands are `make serve` and `make test` (see README.md).
# We pin MkDocs 1.x on purpose (see README); silence its 2.0 banner.
export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ASSETS := .vendor/versions.json

.PHONY: serve test build dist check assets bootstrap clean

serve: bootstrap  ## build and serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: bootstrap  ## the whole test suite: unit and browser tests
	$(BIN)/pytest
	node --test tests/js/

build: bootstrap  ## strict build into site/ (swapped in only when the build succeeds)
	rm -rf .site-tmp
	$(BIN)/mkdocs build --strict --site-dir .site-tmp
	rm -rf site && mv .site-tmp site

DIST_DIR ?= dist
dist: bootstrap  ## $(DIST_DIR)/servicebook-site.zip: the site as files that work opened from disk
	rm -rf .dist-tmp && mkdir -p "$(DIST_DIR)"
	SERVICEBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir .dist-tmp/servicebook-site
	cd .dist-tmp && "$(CURDIR)/$(BIN)/python" -m zipfile -c "$(abspath $(DIST_DIR))/servicebook-site.zip.tmp" servicebook-site
	mv "$(DIST_DIR)/servicebook-site.zip.tmp" "$(DIST_DIR)/servicebook-site.zip" && rm -rf .dist-tmp
	@echo "已生成 $(DIST_DIR)/servicebook-site.zip：解压后双击 servicebook-site/index.html 即可离线浏览。"

check: bootstrap  ## validate pages, links and the question bank
	$(BIN)/servicebook check

bootstrap: $(STAMP) $(ASSETS)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Offline browser assets (Mermaid, iframe-worker) from the npm registry; pinned in vendor.py.
$(ASSETS): src/servicebook/site/vendor.py | $(STAMP)
	$(BIN)/servicebook assets

assets: $(STAMP)
	$(BIN)/servicebook assets --force

clean:
	rm -rf site .site-tmp dist .dist-tmp .vendor
