# Tagarela's image: built with the official Swift image, run on Debian 12 slim holding only what the binary needs
# (deploy/runtime-packages.txt, which scripts/check-runtime proves enough without Docker).
#
#   docker build -t tagarela .
#   docker run -p 8080:8080 -v tagarela-data:/data --env-file .env tagarela
#
# Both stages are Debian 12 (bookworm). The Swift runtime and Foundation are linked into the binary
# (--static-swift-stdlib), but the C library is not: a binary built on a newer system (noble's glibc 2.39) may ask
# bookworm's 2.36 for symbols it does not have. SWIFT_IMAGE names the toolchain: 6.3, as in development (the
# package needs 6.1 or newer).
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
# GRDB builds against the system SQLite's headers.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest (and Package.resolved, when the clone has one) first: the dependencies are fetched in a layer of
# their own, kept while only sources change.
COPY Package.swift Package.resolved* ./
RUN swift package resolve
# The manifest declares the test targets too, so their folders must exist; they are not built.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product tagarela \
    && install -D -m 755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/tagarela" /out/tagarela

FROM ${RUNTIME_IMAGE}
# One list for the image and for scripts/check-runtime; the same script installs it in both, with the user
# tagarela (uid 10001) and its /data.
COPY deploy/runtime-packages.txt deploy/install-runtime /tmp/deploy/
RUN sh /tmp/deploy/install-runtime /tmp/deploy/runtime-packages.txt && rm -rf /tmp/deploy
COPY --from=build /out/tagarela /usr/local/bin/tagarela
COPY deploy/healthcheck /usr/local/bin/tagarela-healthcheck

# SQLite in the volume by default; DATABASE_URL=postgres://… replaces it. /data is also the working directory, so a
# .env file there is read, and `tagarela backup` writes beside the database.
ENV DATABASE_URL=sqlite:///data/tagarela.sqlite \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /data
VOLUME /data
USER tagarela
EXPOSE 8080
# SIGTERM lets the turns in flight finish and their replies leave before the process ends.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/usr/local/bin/tagarela-healthcheck"]
ENTRYPOINT ["/usr/local/bin/tagarela"]
CMD ["serve"]
