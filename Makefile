# zkgov — two commands for a fresh machine: `make demo` and `make test`.
# Each target does its own set-up: a .venv, `pip install -e .[dev]` (which compiles the
# native C core), and the npm peers (snarkjs, circom2, ...) cached under .cache/npm.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
NPM_DIR := .cache/npm
NPM_PKGS := snarkjs@0.7.6 circom2@0.2.23 circomlib@2.0.5 circomlibjs@0.1.7 solc@0.8.37 @ethereumjs/vm@10.1.3 \
            mermaid@11.12.2

.PHONY: demo test bench bench-all rapidsnark docs lint install node-deps browser system-deps clean sanitize fuzz

$(VENV)/.installed: pyproject.toml setup.py $(wildcard zk/native/*.c zk/native/*.h)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# editable in setuptools' compat mode: the checkout goes on sys.path through a plain .pth,
	@# where the default mode imports its own finder (and pathlib, urllib, ...) at every
	@# interpreter start-up, 10 ms of each `zkgov` command that an installed copy never pays.
	@# setuptools calls the mode transitional: where it is gone, the default mode is used.
	$(PY) -m pip install -q -e '.[dev]' --config-settings editable_mode=compat || \
		$(PY) -m pip install -q -e '.[dev]'
	@# bytecode, as `pip install .` writes it: an editable install leaves every CLI start-up
	@# compiling the modules it imports
	$(PY) -m compileall -q zk zkgov circuits mpc ledger >/dev/null
	touch $@

install: $(VENV)/.installed

# The npm peers are optional: tests that need them skip with a reason where node is absent.
# (Mermaid is served with the docs so that their diagrams render offline.) The stamp records
# the package list, so adding a package installs it on the next run.
node-deps:
	@if command -v npm >/dev/null 2>&1; then \
		if [ "$$(cat $(NPM_DIR)/.installed 2>/dev/null)" != "$(NPM_PKGS)" ]; then \
		mkdir -p $(NPM_DIR) && cd $(NPM_DIR) && \
		( test -f package.json || echo '{"name":"zkgov-peers","private":true}' > package.json ) && \
		npm install --silent --no-audit --no-fund $(NPM_PKGS) && echo "$(NPM_PKGS)" > .installed; \
		fi; \
	else echo "npm not found: interop tests will be skipped"; fi

# Headless Chromium for the tests that look at pages (the docs offline, the ledger's page):
# Debian's package, installed where apt-get can; elsewhere those tests skip with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		{ command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		  (apt-get install -y -q chromium >/dev/null 2>&1 || \
		   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) \
		  || echo "chromium not installed: page tests will be skipped"; }

# Debian packages the ledger's tests use: PostgreSQL (a throwaway cluster per test session).
# Installed where apt-get works; otherwise those tests skip and say why.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql ) \
			|| echo "could not install postgresql: PostgreSQL ledger tests will be skipped"; \
		else echo "postgresql not installed: PostgreSQL ledger tests will be skipped"; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: install node-deps browser system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory sanitize
	$(PY) -m pytest -q -n 2 --timeout=900
	@if [ -f mkdocs.yml ]; then NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict -q -d .cache/site; fi

demo: install
	$(PY) examples/demo.py

# `make bench`: the curve core and Groth16 (minutes), then `zkgov groth16 prove` against the
# peers it finds (rapidsnark, snarkjs, groth16py) at 2^12 and 2^14 on keys made by snarkjs and
# by zkgov, with the ratios. groth16py (GPL-3.0, the `bench` extra) is installed here only. `make bench-all` adds the gadgets'
# constraint counts, Poseidon/Merkle, the ledger, MPC against MPyC and the ceremony steps
# against snarkjs (about an hour on 2 cores). Each script prints one JSON document.
$(VENV)/.bench-peers: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev,bench]' --config-settings editable_mode=compat || \
		$(PY) -m pip install -q -e '.[dev,bench]'
	touch $@

bench: install node-deps $(VENV)/.bench-peers
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/prove_peers.py --logs 12,14 --repeat 2

# `make rapidsnark RAPIDSNARK_SRC=... FFIASM_SRC=...`: build rapidsnark's prover (the anchor of
# benchmarks/prove_peers.py) into .cache/rapidsnark from checkouts or git directories of
# iden3/rapidsnark and iden3/ffiasm; nothing of theirs enters the repository.
rapidsnark:
	@test -n "$(RAPIDSNARK_SRC)" -a -n "$(FFIASM_SRC)" || \
		{ echo "usage: make rapidsnark RAPIDSNARK_SRC=DIR FFIASM_SRC=DIR" >&2; exit 2; }
	benchmarks/build_rapidsnark.sh "$(RAPIDSNARK_SRC)" "$(FFIASM_SRC)" .cache/rapidsnark

bench-all: bench node-deps
	$(PY) benchmarks/constraints.py
	$(PY) benchmarks/poseidon_merkle.py
	$(PY) benchmarks/ledger_bench.py
	$(PY) benchmarks/mpc_bench.py
	$(PY) benchmarks/ceremony_bench.py

# `make sanitize`: the C core built with AddressSanitizer and UndefinedBehaviorSanitizer into
# its own directory (.cache/asan/lib; the normal build is left alone), copied with the tracked
# tree into .cache/asan/tree, where the native-facing tests run with every report fatal; then
# the fuzzer (tests/fuzz/fuzz_native.py, atheris): first coverage-guided on the normal build,
# growing .cache/fuzz/corpus from the fixtures, then every corpus input and fresh mutations
# under the sanitizers. `make fuzz` is the same with a longer campaign (FUZZ_LONG_SECONDS
# per phase).
# CPython under ASan needs: libasan preloaded (the interpreter is not instrumented), every
# allocation through malloc (PYTHONMALLOC), no leak check (the interpreter keeps its objects
# at exit), huge requests answered with NULL (so a refused allocation is a NativeMemoryError,
# not an abort), and pycryptodome's RTLD_DEEPBIND off (the sanitizer runtime forbids it).
ASAN_DIR      := .cache/asan
ASAN_TREE     := $(ASAN_DIR)/tree
FUZZ_CORPUS   := .cache/fuzz/corpus
FUZZ_SECONDS  ?= 40
FUZZ_LONG_SECONDS ?= 1800
CC            ?= cc
SANITIZE_ENV   = LD_PRELOAD="$$($(CC) -print-file-name=libasan.so)" PYTHONMALLOC=malloc \
	PYCRYPTODOME_DISABLE_DEEPBIND=1 ZKGOV_THREADS=3 \
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
SANITIZE_TESTS := tests/zk/curve tests/zk/formats tests/zk/test_qap.py \
	tests/zk/snarkjs/test_point_decoding.py
FUZZ_FLAGS     = -detect_leaks=0 -rss_limit_mb=4096 -timeout=60 \
	-artifact_prefix=$(CURDIR)/.cache/fuzz/

$(ASAN_DIR)/.built: setup.py $(wildcard zk/native/*.c zk/native/*.h) | install
	ZKGOV_SANITIZE=1 $(PY) setup.py -q build_ext -j 2 --build-lib $(ASAN_DIR)/lib \
		--build-temp $(ASAN_DIR)/tmp
	touch $@

sanitize: $(ASAN_DIR)/.built
	rm -rf $(ASAN_TREE) && mkdir -p $(ASAN_TREE) $(FUZZ_CORPUS)
	git ls-files -z --cached --others --exclude-standard | \
		tar -c --null --ignore-failed-read -T - -f - 2>/dev/null | tar -x -C $(ASAN_TREE) -f -
	cp $(ASAN_DIR)/lib/zk/native/*.so $(ASAN_TREE)/zk/native/
	cd $(ASAN_TREE) && env $(SANITIZE_ENV) $(CURDIR)/$(PY) -m pytest -q -p no:cacheprovider \
		-n 0 --timeout=900 $(SANITIZE_TESTS)
	$(PY) tests/fuzz/fuzz_native.py -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) $(FUZZ_CORPUS)
	cd $(ASAN_TREE) && env $(SANITIZE_ENV) $(CURDIR)/$(PY) tests/fuzz/fuzz_native.py \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) $(CURDIR)/$(FUZZ_CORPUS)
	@echo "sanitize: no AddressSanitizer/UndefinedBehaviorSanitizer report"

fuzz:
	$(MAKE) --no-print-directory sanitize FUZZ_SECONDS=$(FUZZ_LONG_SECONDS)

docs: install node-deps
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

clean:
	rm -rf $(VENV) .cache build *.egg-info site
