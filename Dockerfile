# Beacon: a multi-stage build of the release server and its site folder; runs `beacon serve` as a
# non-root user with the SQLite file on a volume.
#   docker build -t beacon .
#   docker run -p 3000:3000 -v beacon-data:/var/lib/beacon beacon serve --demo

FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown
# The wasm-bindgen CLI must match the library version in Cargo.lock (see scripts/setup.sh).
RUN cargo install wasm-bindgen-cli --version 0.2.130
COPY Cargo.toml Cargo.lock ./
COPY app app
COPY server server
COPY migrations migrations
COPY style style
COPY public public
COPY scripts scripts
COPY tools/package.json tools/package-lock.json tools/
RUN scripts/build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/beacon --shell /usr/sbin/nologin beacon \
    && mkdir -p /var/lib/beacon && chown beacon:beacon /var/lib/beacon
COPY --from=build /src/target/release/beacon /usr/local/bin/beacon
COPY --from=build /src/target/site /usr/share/beacon/site
ENV BEACON_ADDR=0.0.0.0:3000 \
    BEACON_SITE_ROOT=/usr/share/beacon/site \
    DATABASE_URL=sqlite:///var/lib/beacon/beacon.db \
    BEACON_DATA_DIR=/var/lib/beacon
VOLUME /var/lib/beacon
USER beacon
EXPOSE 3000
ENTRYPOINT ["beacon"]
CMD ["serve"]
