-- Lists that cost the same at any size and depth (src/knowledge/resource.ts).

-- Keyset pagination of events by date (src/knowledge/pagination.ts): the list orders by the date
-- with undated events last, in either direction, and pages with one row comparison on (key, id).
-- These expression indexes hold exactly those keys, so a page 1,000 pages deep costs what the first
-- does. Prisma's schema language cannot express an index on an expression; schema.prisma notes them.
CREATE INDEX "events_date_keyset_asc_idx" ON "events" ((coalesce("date_earliest", 'infinity'::date)), "id");
CREATE INDEX "events_date_keyset_desc_idx" ON "events" ((coalesce("date_earliest", '-infinity'::date)), "id");

-- The number of rows of each kind, kept exact by statement-level triggers in the writing
-- transaction: an unfiltered list reports its total without counting 100,000 rows. A derived
-- table, so it does not move the data version (the write that moves it already does).
CREATE TABLE "row_counts" (
    "table_name" TEXT NOT NULL,
    "rows" BIGINT NOT NULL,

    CONSTRAINT "row_counts_pkey" PRIMARY KEY ("table_name")
);

CREATE FUNCTION "count_inserted_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "row_counts" SET "rows" = "rows" + (SELECT count(*) FROM inserted) WHERE "table_name" = TG_TABLE_NAME;
    RETURN NULL;
END $$;

CREATE FUNCTION "count_deleted_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "row_counts" SET "rows" = "rows" - (SELECT count(*) FROM deleted) WHERE "table_name" = TG_TABLE_NAME;
    RETURN NULL;
END $$;

CREATE FUNCTION "count_truncated_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "row_counts" SET "rows" = 0 WHERE "table_name" = TG_TABLE_NAME;
    RETURN NULL;
END $$;

-- The tables the API lists.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['events', 'agreements', 'leverage_channels', 'figures', 'actors', 'sources', 'footnotes', 'scenarios', 'claims', 'passages'] LOOP
        EXECUTE format('INSERT INTO "row_counts" ("table_name", "rows") SELECT %L, count(*) FROM %I', t, t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_rows"()', t || '_counts_inserts', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "count_deleted_rows"()', t || '_counts_deletes', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "count_truncated_rows"()', t || '_counts_truncates', t);
    END LOOP;
END $$;
