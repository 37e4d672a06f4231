# heatloop: `make demo` runs the main job, `make test` runs every test. Both install what
# is missing first (Debian packages, a Python venv for test tools) and build.

JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
DEMO_WS ?= ws-demo
HEATLOOP := build/heatloop

.PHONY: all deps build web build-asan build-fuzz venv test test-unit test-asan test-integration test-web test-e2e test-postgres test-fuzz test-python fuzz demo bench format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps web
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

# The web front end (TypeScript + Vite + uPlot from npm, web/) -> build/web, which
# `heatloop serve` serves from <directory of the executable>/web. Rebuilt when a source changes;
# `npm ci` only when node_modules is missing or package-lock.json is newer.
WEB_SRC := $(shell find web/src -type f 2>/dev/null) web/index.html web/package.json \
  web/package-lock.json web/tsconfig.json web/vite.config.ts
web: build/web/index.html

build/web/index.html: $(WEB_SRC)
	@command -v npm >/dev/null 2>&1 || { echo "error: npm not found: the web front end (web/) needs Node.js >= 20 with npm" >&2; exit 1; }
	@if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  cd web && npm ci --no-audit --no-fund; fi
	@cd web && npm run --silent build
	@touch $@

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (no CLI, no benchmarks); -g1:
# line tables only, enough for file:line in reports, and a quarter less compile time than -g.
build-asan: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHEATLOOP_SANITIZE=ON \
	  -DHEATLOOP_BUILD_APPS=OFF -DHEATLOOP_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" >/dev/null
	@cmake --build build-asan -j $(JOBS)

# libFuzzer targets (fuzz/, fuzz/README.md): clang 14 with ASan + UBSan, only the libraries
# they need, in build-fuzz/. `make fuzz` runs each target for FUZZ_SECONDS on a copy of its
# seed corpus (fuzz/corpus/<target>, new inputs in build-fuzz/corpus/<target>, findings in
# build-fuzz/findings/); `make test-fuzz` (part of `make test`) runs each on its seeds and
# then FUZZ_RUNS inputs (fixed -seed, new inputs kept out of the repository).
FUZZ_TARGETS := csv_reader timestamp labels_csv labels_json run_config web_label_json
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 2000
FUZZ_CXX ?= clang++-14
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

build-fuzz: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DHEATLOOP_FUZZ=ON -DHEATLOOP_BUILD_APPS=OFF \
	  -DHEATLOOP_BUILD_TESTS=OFF -DHEATLOOP_BUILD_BENCH=OFF -DHEATLOOP_WITH_TORCH=OFF >/dev/null
	@cmake --build build-fuzz --target fuzz_all -j $(JOBS)

test-fuzz: build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz_$$t: $(FUZZ_RUNS) inputs, seeds first"; \
	  rm -rf build-fuzz/test-corpus/$$t; mkdir -p build-fuzz/test-corpus/$$t build-fuzz/findings/$$t; \
	  $(FUZZ_ENV) build-fuzz/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 -timeout=10 -rss_limit_mb=2048 \
	    -max_len=4096 -artifact_prefix=build-fuzz/findings/$$t/ -print_final_stats=1 \
	    build-fuzz/test-corpus/$$t fuzz/corpus/$$t 2>build-fuzz/fuzz_$$t.log \
	    || { tail -40 build-fuzz/fuzz_$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units" build-fuzz/fuzz_$$t.log; \
	done

fuzz: build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/findings/$$t; \
	  $(FUZZ_ENV) build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=4096 -artifact_prefix=build-fuzz/findings/$$t/ \
	    -print_final_stats=1 build-fuzz/corpus/$$t fuzz/corpus/$$t 2>build-fuzz/fuzz_$$t.log \
	    || { tail -40 build-fuzz/fuzz_$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-fuzz/fuzz_$$t.log; \
	done

venv:
	@scripts/python-env.sh tests/requirements.txt
	@NODEPS=1 scripts/python-env.sh tests/crosscheck/requirements-nodeps.txt

test-unit: build
	ctest --test-dir build --output-on-failure -j $(JOBS)

test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

test-integration: build venv
	HEATLOOP_BIN=$(CURDIR)/$(HEATLOOP) .venv/bin/python -m pytest -q -n $(JOBS) --dist loadfile \
	  tests/integration
	HEATLOOP_EVAL_JSON=$(CURDIR)/build/eval_json HEATLOOP_BIN=$(CURDIR)/$(HEATLOOP) \
	  .venv/bin/python -m pytest -q tests/crosscheck

# The front end's unit tests (vitest, web/test/*.test.ts): pure logic, a few seconds.
test-web: web
	cd web && npm test --silent

# The web app end to end: a small workspace, `heatloop serve`, headless Debian chromium
# driven by playwright-core (tests/e2e); screenshot in build/e2e-artifacts/.
test-e2e: build
	scripts/e2e.sh $(HEATLOOP)

# The store, tracking and web suites against a real PostgreSQL server (a throwaway cluster; fails if
# it cannot start).
test-postgres: build
	scripts/with-postgres.sh sh -c "build/test_store --gtest_filter='Postgres/*' && \
	  build/test_tracking --gtest_filter='Postgres/*' && build/test_web --gtest_filter='Postgres/*'"

# The Python package (python/, docs/python.md) as a user gets it: a fresh venv, `pip install
# ./python`, its tests. The extension is built in build/ (-C build-dir), so the layer libraries
# `make build` compiled are reused and only the binding files compile. The PyTorch example
# runs in a second venv on Debian's python3-torch (TORCH_VENV: /usr/bin/python3 with system
# site packages, the same wheel installed --no-deps; docs/python.md "PyTorch"), and the suite
# runs beside a throwaway PostgreSQL server (scripts/with-postgres.sh: test_postgres.py).
PY_VENV := build/python-venv
TORCH_VENV := build/torch-venv
test-python: build
	rm -rf $(PY_VENV) && python3 -m venv $(PY_VENV)
	$(PY_VENV)/bin/pip install -q --disable-pip-version-check -r python/requirements-test.txt
	$(PY_VENV)/bin/pip install -q --disable-pip-version-check --no-build-isolation \
	  -C build-dir=$(CURDIR)/build ./python
	rm -rf $(TORCH_VENV) build/wheels && /usr/bin/python3 -m venv --system-site-packages $(TORCH_VENV)
	$(PY_VENV)/bin/pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
	  -C build-dir=$(CURDIR)/build ./python -w build/wheels
	$(TORCH_VENV)/bin/pip install -q --disable-pip-version-check -r python/requirements-torch.txt
	$(TORCH_VENV)/bin/pip install -q --disable-pip-version-check --no-deps build/wheels/heatloop-*.whl
	cd python/tests && HEATLOOP_BIN=$(CURDIR)/$(HEATLOOP) \
	  HEATLOOP_TORCH_PYTHON=$(CURDIR)/$(TORCH_VENV)/bin/python \
	  $(CURDIR)/scripts/with-postgres.sh $(CURDIR)/$(PY_VENV)/bin/python -m pytest -q .

test: test-unit test-asan test-integration test-web test-e2e test-postgres test-fuzz test-python

demo: build
	@scripts/demo.sh $(HEATLOOP) $(DEMO_WS)

# Benchmarks and peer comparisons (not part of `make test`); figures go to bench/out/.
bench: deps
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEATLOOP_BUILD_BENCH=ON >/dev/null
	@cmake --build build -j $(JOBS)
	@scripts/python-env.sh bench/requirements.txt
	@bench/run.sh $(BENCHES)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-asan build-fuzz
