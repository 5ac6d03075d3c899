# smeed in a container image, from this repository:
#   docker build -t smeed:0.1.0 .
# (the name etc/kubernetes/deployment.yaml and docker-compose.yml use).
# Mount a config at /etc/smee/smee.conf (see docker-compose.yml); DHCP
# needs host networking.

# Build stage: Debian 12's toolchain and -dev packages, no test suite.
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libpoco-dev libyaml-cpp-dev libboost-dev libboost-program-options-dev \
      libspdlog-dev libfmt-dev libsystemd-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMEE_BUILD_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr \
 && cmake --build /build \
 && DESTDIR=/install cmake --install /build \
 && rm -rf /install/usr/include /install/usr/lib/*/cmake /install/usr/share/smee/examples/sdk-plugin

# Runtime stage: the shared libraries smeed and its plugins link, Debian's
# iPXE binaries (ipxe-binaries.dir: /usr/lib/ipxe) and CA certificates for
# the Kubernetes API.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpocofoundation80 libpoconet80 libpoconetssl80 libpococrypto80 \
      libpocojson80 libpocoutil80 libpocoxml80 \
      libyaml-cpp0.7 libboost-program-options1.74.0 libspdlog1.10 libfmt9 libsystemd0 \
      ipxe ca-certificates libcap2-bin \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /install/ /
# A non-root user; the binary carries the two capabilities its listeners
# need (ports below 1024, SO_BINDTODEVICE), which a container keeps by
# default (Docker) or gets from securityContext.capabilities (Kubernetes).
# A container run with no-new-privileges ignores file capabilities: then
# use ports above 1023 and no dhcp.interface.
RUN useradd --system --uid 999 --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin smee \
 && mkdir -p /etc/smee /var/cache/smee \
 && chown smee:smee /var/cache/smee \
 && setcap cap_net_bind_service,cap_net_raw+ep /usr/bin/smeed \
 && DEBIAN_FRONTEND=noninteractive apt-get purge -y --auto-remove libcap2-bin \
 && /usr/bin/smeed --version
USER 999:999
EXPOSE 67/udp 69/udp 514/udp 8080/tcp
ENTRYPOINT ["/usr/bin/smeed"]
CMD ["-c", "/etc/smee/smee.conf"]
