# Front door. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
CONFIG    ?= etc/smee.conf
JOBS      ?= $(shell nproc)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages: build tools and libraries, then what the tests drive
# (iproute2 for network namespaces, curl and tftp clients in later suites,
# xorriso to build and read the ISO images of the iso plugin's tests).
DEB_PACKAGES := build-essential cmake ninja-build pkg-config \
	libpoco-dev libyaml-cpp-dev libboost-dev libboost-program-options-dev \
	libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libsystemd-dev \
	iproute2 busybox dnsmasq-base kea-admin clang libclang-rt-14-dev \
	ipxe tftp-hpa atftp curl tcpdump python3 xorriso openssl groff-base \
	qemu-system-x86 ipxe-qemu ovmf cpio

.PHONY: all deps build test run demo clean install

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "all build dependencies are installed"; fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja

build: $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

run: deps build
	./$(BUILD_DIR)/smeed -c $(CONFIG)

# A QEMU virtual machine PXE-boots from smeed into Linux inside network
# namespaces (root; nothing touches the real network), one line per step.
demo: deps build
	$(SUDO) bash tests/e2e/qemu/demo.sh ./$(BUILD_DIR)/smeed $(BUILD_DIR)/e2e-cache

install: build
	cmake --install $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
