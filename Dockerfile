# ProxyPulse as a container: `docker compose up -d` (see README, "Run in a container").
#
# The base images default to local tags that .ci/docker/build-base-image.sh
# makes without any registry (Debian bookworm + the official Node 20 binary).
# Where Docker Hub is reachable, the official images do the same job:
#   docker build --build-arg BUILD_BASE=node:20-bookworm --build-arg BASE=node:20-bookworm-slim -t proxypulse .
# Both stages must be the same Debian release and Node major: better-sqlite3 is
# compiled in the first and loaded in the second.
ARG BUILD_BASE=proxypulse-base:bookworm-node20-build
ARG BASE=proxypulse-base:bookworm-node20

FROM ${BUILD_BASE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# Dependencies first, so that a source change does not compile better-sqlite3
# again. Install scripts are skipped, then run for the two packages that need
# theirs here (better-sqlite3 compiles its native module, esbuild checks its
# binary); prisma's would only try to download engines the build does not use.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY . .
# The Prisma clients (SQLite and PostgreSQL, as postinstall makes them), then `npm run build` as
# elsewhere, with Next's standalone output: the server and only the files it uses.
RUN npx prisma generate && npx prisma generate --schema prisma/postgresql/schema.prisma && PROXYPULSE_STANDALONE=1 npm run build

FROM ${BASE}
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/proxypulse.db
# An unprivileged user owns the data volume only; the app's files stay root's.
RUN groupadd --gid 10001 proxypulse \
 && useradd --uid 10001 --gid proxypulse --home-dir /data --no-create-home --shell /usr/sbin/nologin proxypulse \
 && mkdir -p /data /config \
 && chown proxypulse:proxypulse /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
# Applied at every start (lib/db/migrate.ts looks in ./prisma/migrations).
COPY --from=build /src/prisma/migrations ./prisma/migrations
COPY --from=build /src/prisma/postgresql/migrations ./prisma/postgresql/migrations
COPY --from=build /src/scripts/container/serve.mjs ./serve.mjs
# The `proxypulse` command (probe, doctor, best-route): its bundle and a launcher.
COPY --from=build /src/dist/cli ./cli
COPY --from=build /src/scripts/container/proxypulse.mjs /usr/local/bin/proxypulse
# proxypulse.yaml is read from ./ (the server runs in /app): a file mounted at
# /config/proxypulse.yaml is used, and without one the built-in defaults apply.
RUN ln -s /config/proxypulse.yaml /app/proxypulse.yaml
USER proxypulse
VOLUME ["/data"]
EXPOSE 3000
# No curl in the image: Node asks /readyz (the database takes writes, probing runs).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "serve.mjs"]
