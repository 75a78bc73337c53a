-- Events per month and category, for GET /v1/timeline: without filters (or with only `category`) it
-- sums these few thousand rows instead of scanning every event. A rollup, not a cache: triggers on
-- `events` keep it exact in the writing statement's own transaction, so it is right for the first
-- request after any write, whatever wrote (the API, the seed, a bulk load, psql).
--
-- `month` is the first day of the month of `date_earliest`, NULL for undated events (hence the
-- unique index with NULLS NOT DISTINCT, which the upsert below needs, and the surrogate `id`, since
-- Prisma wants a key of required fields; NULLS NOT DISTINCT needs PostgreSQL 15 or later). No row
-- holds a count of 0: the trigger deletes it. Writers of events of the same month and category
-- now also share a row here: each waits for the other's commit, as with any counter.
-- No data_version trigger of its own: only the triggers on `events` write here, and `events`
-- already moves the data version in the same statement.

-- CreateTable
CREATE TABLE "event_month_counts" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "event_month_counts_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "event_month_counts_month_category_key" ON "event_month_counts"("month", "category") NULLS NOT DISTINCT;

-- Statement-level triggers with transition tables: one set-based upsert per statement, so a bulk
-- INSERT of 5,000 events costs one small GROUP BY, not 5,000 row-trigger calls. PostgreSQL allows a
-- transition table on a trigger for one event only, so there are three triggers (and TRUNCATE,
-- which has no rows to read), sharing this function.
CREATE FUNCTION "count_events_by_month"() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed text;
    emptied integer;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM "event_month_counts";
        RETURN NULL;
    END IF;
    -- The rows the statement added (+1) and removed (-1); an UPDATE does both.
    changed := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT date_earliest, category, 1 AS n FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT date_earliest, category, -1 AS n FROM old_rows'
        ELSE 'SELECT date_earliest, category, 1 AS n FROM new_rows UNION ALL SELECT date_earliest, category, -1 FROM old_rows'
    END;
    -- Net change per month and category, applied in key order (two concurrent writers lock the rows
    -- they share in the same order, so they wait for each other instead of deadlocking).
    EXECUTE format($sql$
        WITH upserted AS (
            INSERT INTO "event_month_counts" AS c ("month", "category", "count")
            SELECT date_trunc('month', date_earliest::timestamp)::date, category, sum(n)
            FROM (%s) AS changed
            GROUP BY 1, 2 HAVING sum(n) <> 0
            ORDER BY 1, 2
            ON CONFLICT ("month", "category") DO UPDATE SET "count" = c."count" + excluded."count"
            RETURNING c."count"
        )
        SELECT count(*) FILTER (WHERE "count" = 0) FROM upserted$sql$, changed) INTO emptied;
    IF emptied > 0 THEN
        DELETE FROM "event_month_counts" WHERE "count" = 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "events_count_by_month_insert" AFTER INSERT ON "events" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "count_events_by_month"();
CREATE TRIGGER "events_count_by_month_update" AFTER UPDATE ON "events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "count_events_by_month"();
CREATE TRIGGER "events_count_by_month_delete" AFTER DELETE ON "events" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "count_events_by_month"();
CREATE TRIGGER "events_count_by_month_truncate" AFTER TRUNCATE ON "events"
    FOR EACH STATEMENT EXECUTE FUNCTION "count_events_by_month"();

-- The events already there. CREATE TRIGGER locked `events` against writes until this migration
-- commits, so no write falls between the triggers and this count.
INSERT INTO "event_month_counts" ("month", "category", "count")
SELECT date_trunc('month', date_earliest::timestamp)::date, category, count(*)
FROM "events"
GROUP BY 1, 2
ORDER BY 1, 2;
