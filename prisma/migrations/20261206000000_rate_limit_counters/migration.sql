-- The rate limit's counters, shared by every replica on this database (RATE_LIMIT_STORE=postgres,
-- src/plugins/rate-limit.ts): one row per client (API key prefix or IP, plus a route for routes
-- with a limit of their own), bumped by one atomic upsert per request. A window starts at a
-- client's first request and ends at `expires_at`, by the database's clock, so replicas whose
-- clocks differ still agree.
-- UNLOGGED: a counter is not worth a WAL record per request, and a crash that empties the table
-- only hands every client a fresh window. No data_version trigger: counting a request is not a
-- change of the data, and must never empty the response cache.

-- CreateTable
CREATE UNLOGGED TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);
