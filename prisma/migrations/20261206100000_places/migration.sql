-- Places the paper names (a port, a town, a river, a region): the kind src/knowledge/places.ts
-- defines, with its evidence and its links to the events, agreements and channels the paper ties
-- to each.

-- CreateTable
CREATE TABLE "places" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "aliases" TEXT[],
    "description" TEXT,
    "search_context" tsvector,

    CONSTRAINT "places_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "place_events" (
    "place_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,

    CONSTRAINT "place_events_pkey" PRIMARY KEY ("place_id","event_id")
);

-- CreateTable
CREATE TABLE "place_agreements" (
    "place_id" INTEGER NOT NULL,
    "agreement_id" INTEGER NOT NULL,

    CONSTRAINT "place_agreements_pkey" PRIMARY KEY ("place_id","agreement_id")
);

-- CreateTable
CREATE TABLE "place_channels" (
    "place_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,

    CONSTRAINT "place_channels_pkey" PRIMARY KEY ("place_id","channel_id")
);

-- AlterTable
ALTER TABLE "evidence" ADD COLUMN "place_id" INTEGER;
ALTER TABLE "evidence" DROP CONSTRAINT "evidence_one_subject",
    ADD CONSTRAINT "evidence_one_subject" CHECK (num_nonnulls("event_id", "agreement_id", "channel_id", "figure_id", "scenario_id", "claim_id", "actor_id", "place_id") = 1);

-- CreateIndex
CREATE UNIQUE INDEX "places_slug_key" ON "places"("slug");
CREATE INDEX "place_events_event_id_idx" ON "place_events"("event_id");
CREATE INDEX "place_agreements_agreement_id_idx" ON "place_agreements"("agreement_id");
CREATE INDEX "place_channels_channel_id_idx" ON "place_channels"("channel_id");
CREATE INDEX "evidence_place_id_idx" ON "evidence"("place_id");

-- AddForeignKey: a link goes with either end (the write service still asks before it unlinks).
ALTER TABLE "place_events" ADD CONSTRAINT "place_events_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_events" ADD CONSTRAINT "place_events_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_agreements" ADD CONSTRAINT "place_agreements_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_agreements" ADD CONSTRAINT "place_agreements_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_channels" ADD CONSTRAINT "place_channels_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_channels" ADD CONSTRAINT "place_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A table the API lists: its row count (20261127040000_lists_at_scale) and, like every table of
-- data, the data-version trigger the response cache keys on (20261127030000_data_version). One
-- call per table from here on; test/db/kind-tables.test.ts checks every kind's table has both.
CREATE FUNCTION "register_listed_table"(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO "row_counts" ("table_name", "rows") SELECT %L, count(*) FROM %I', t, t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_rows"()', t || '_counts_inserts', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "count_deleted_rows"()', t || '_counts_deletes', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "count_truncated_rows"()', t || '_counts_truncates', t);
    PERFORM register_data_table(t);
END $$;

-- A table of data that is not listed itself (a link table): only the data-version trigger.
CREATE FUNCTION "register_data_table"(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"()', t || '_bumps_data_version', t);
END $$;

SELECT register_listed_table('places');
SELECT register_data_table('place_events');
SELECT register_data_table('place_agreements');
SELECT register_data_table('place_channels');

-- Search (20261206010000_search_evidence_and_links): a place's context is its evidence quotes
-- (weight D); the earlier kinds keep theirs.
ALTER FUNCTION "search_context_of"(text, int) RENAME TO "search_context_before_places";
CREATE FUNCTION "search_context_of"(kind text, rid int) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT CASE kind
        WHEN 'places' THEN setweight(to_tsvector('english', search_plain(coalesce(
            (SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE place_id = rid), ''))), 'D')
        ELSE search_context_before_places(kind, rid)
    END
$$;

CREATE OR REPLACE FUNCTION "refresh_every_search_context"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY['events', 'agreements', 'leverage_channels', 'figures', 'claims', 'scenarios', 'actors', 'places'] LOOP
        EXECUTE format('UPDATE %I t SET search_context = c.v FROM (SELECT id, search_context_of(%L, id) AS v FROM %I) c
            WHERE c.id = t.id AND t.search_context IS DISTINCT FROM c.v', kind, kind, kind);
    END LOOP;
END $$;

CREATE TRIGGER "evidence_insert_search_place" AFTER INSERT ON "evidence" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "refresh_search_context"('places', 'place_id');
CREATE TRIGGER "evidence_update_search_place" AFTER UPDATE ON "evidence" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "refresh_search_context"('places', 'place_id');
CREATE TRIGGER "evidence_delete_search_place" AFTER DELETE ON "evidence" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "refresh_search_context"('places', 'place_id');

-- The weighted vector (weights as for actors): name and aliases, description, kind, then the context.
ALTER TABLE "places" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("name" || ' ' || coalesce(immutable_array_to_string("aliases", ' '), ''))), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce("description", ''))), 'B') ||
    setweight(to_tsvector('english', "kind"), 'C') ||
    coalesce("search_context", '')
) STORED;
CREATE INDEX "places_search_idx" ON "places" USING GIN ("search");
