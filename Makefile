# Front door. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
CONFIG    ?= etc/smee.conf
JOBS      ?= $(shell nproc)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages. What `make run` needs: the build tools and libraries,
# and Debian's iPXE binaries that the example config serves.
RUN_PACKAGES := build-essential cmake ninja-build pkg-config \
	libpoco-dev libyaml-cpp-dev libboost-dev libboost-program-options-dev \
	libspdlog-dev libfmt-dev libsystemd-dev libyaml-dev libssl-dev ipxe
# What the tests add: GoogleTest, and the real clients and peers they drive
# (iproute2 for network namespaces, busybox udhcpc, dnsmasq, perfdhcp, TFTP
# and HTTP clients, xorriso for the ISO images, clang for the fuzzers, QEMU
# with its firmware for the boot tests, groff for the man page, headless
# Chromium and tesseract to read the journey page as an operator sees it,
# clang-format and clang-tidy for the style and static checks).
TEST_PACKAGES := libgtest-dev libgmock-dev \
	iproute2 busybox dnsmasq-base kea-admin clang libclang-rt-14-dev \
	tftp-hpa atftp curl jq tcpdump python3 python3-prometheus-client xorriso openssl groff-base \
	qemu-system-x86 ipxe-qemu ovmf cpio chromium tesseract-ocr tesseract-ocr-eng \
	clang-format-14 clang-tidy-14
DEB_PACKAGES := $(RUN_PACKAGES) $(TEST_PACKAGES)

.PHONY: all deps deps-run build build-run test test-asan lint run demo clean install

all: build

deps: PACKAGES = $(DEB_PACKAGES)
deps-run: PACKAGES = $(RUN_PACKAGES)
deps deps-run:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "all build dependencies are installed"; fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja

# The whole tree, tests included (a build dir made by `make run` has them off).
build: $(BUILD_DIR)/build.ninja
	cmake -S . -B $(BUILD_DIR) -DSMEE_BUILD_TESTS=ON >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Only smeed and its plugins; a new build dir is made without the tests, so
# GoogleTest is not needed.
build-run:
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake -S . -B $(BUILD_DIR) -G Ninja -DSMEE_BUILD_TESTS=OFF
	cmake --build $(BUILD_DIR) --target smee_runtime -j $(JOBS)

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The same suite built with AddressSanitizer and UBSan (smeed, the core, every
# plugin and test) in its own build dir; any sanitizer report fails it.
ASAN_BUILD_DIR ?= build-asan
test-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DSMEE_BUILD_TESTS=ON -DSMEE_SANITIZE=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	tests/sanitize/ctest_asan.sh $(ASAN_BUILD_DIR) $(JOBS)

# Formatting (.clang-format) and clang-tidy (.clang-tidy) on every file; CI runs it.
lint: deps build
	tests/lint/format_check.sh
	tests/lint/tidy_check.sh $(BUILD_DIR) $(JOBS)

run: deps-run build-run
	./$(BUILD_DIR)/smeed -c $(CONFIG)

# A QEMU virtual machine PXE-boots from smeed into Linux inside network
# namespaces (root; nothing touches the real network), one line per step.
demo: deps build
	$(SUDO) bash tests/e2e/qemu/demo.sh ./$(BUILD_DIR)/smeed $(BUILD_DIR)/e2e-cache

install: build
	cmake --install $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
