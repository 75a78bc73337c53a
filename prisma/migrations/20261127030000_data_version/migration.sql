-- A single counter that every write to the data moves on: the response cache
-- (src/plugins/response-cache.ts) keys on it, so a write through any path (the API, the seed, a
-- psql session) invalidates cached reads at once. Statement-level triggers, in the writing
-- transaction itself, so the new data and the new version become visible together; the counter
-- moves once per transaction (a seed load is thousands of statements, and updating the same row
-- again and again in one transaction makes each update slower than the last).

-- CreateTable
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "data_version_one_row" CHECK ("id" = 1)
);

INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "bump_data_version"() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_setting('peninsula_kb.data_version_bumped_in', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
        PERFORM set_config('peninsula_kb.data_version_bumped_in', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$;

-- Every table that exists now (the knowledge model, curation's keys and audit trail); a table
-- added by a later migration needs its own trigger.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'data_version') LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"()',
            t.tablename || '_bumps_data_version', t.tablename);
    END LOOP;
END $$;
