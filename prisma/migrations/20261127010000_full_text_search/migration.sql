-- Full-text search: every searchable kind gets a stored, weighted `search` tsvector (English
-- stemming) and a GIN index on it. Stored rather than an expression index so that ranking reads
-- the vector instead of re-parsing each candidate row. Weights: A names and titles (and aliases),
-- B the main text, C classifications and secondary text, D notes.

-- array_to_string is only STABLE (it calls the element type's output function); for text[] it
-- cannot change, and generated columns require IMMUTABLE expressions.
CREATE FUNCTION "immutable_array_to_string"(text[], text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT pg_catalog.array_to_string($1, $2) $$;

-- The paper's typography as ASCII: curly double quotes and guillemets to ", curly single quotes to
-- ', dashes, the ellipsis and the no-break space to a space. The text-search parser decides what a
-- letter is by the database's locale; under the C locale it reads “Dalcombank as one word, which
-- never matches Dalcombank. Queries go through the same function (src/knowledge/search.ts).
CREATE FUNCTION "search_plain"(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT pg_catalog.translate($1, '“”„«»‘’‚–—―…' || pg_catalog.chr(160), '"""""''''''     ') $$;

-- AlterTable
ALTER TABLE "events" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain("summary")), 'B') ||
    setweight(to_tsvector('english', "category"), 'C') ||
    setweight(to_tsvector('english', search_plain(coalesce("date_printed", '') || ' ' || coalesce("date_note", ''))), 'D')
) STORED;

ALTER TABLE "agreements" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce(immutable_array_to_string("terms", ' '), ''))), 'B') ||
    setweight(to_tsvector('english', search_plain("kind" || ' ' || "status" || ' ' || coalesce("status_note", ''))), 'C') ||
    setweight(to_tsvector('english', search_plain(coalesce("date_printed", '') || ' ' || coalesce("date_note", ''))), 'D')
) STORED;

-- Aliases weigh as much as the name: "Pyongyang" and "RFE" are how the paper often names actors.
ALTER TABLE "actors" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("name" || ' ' || coalesce(immutable_array_to_string("aliases", ' '), ''))), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce("role", '') || ' ' || coalesce("description", ''))), 'B') ||
    setweight(to_tsvector('english', "kind"), 'C')
) STORED;

ALTER TABLE "leverage_channels" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("name")), 'A') ||
    setweight(to_tsvector('english', search_plain("description")), 'B') ||
    setweight(to_tsvector('english', "kind"), 'C')
) STORED;

ALTER TABLE "figures" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("measure")), 'A') ||
    setweight(to_tsvector('english', search_plain("printed" || ' ' || coalesce("note", ''))), 'B') ||
    setweight(to_tsvector('english', search_plain("unit" || ' ' || coalesce("currency", '') || ' ' || coalesce("period", ''))), 'C')
) STORED;

ALTER TABLE "scenarios" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain("summary")), 'B') ||
    setweight(to_tsvector('english', search_plain(coalesce(immutable_array_to_string("conditions", ' '), '') || ' ' || coalesce(immutable_array_to_string("expected_behaviour", ' '), ''))), 'C')
) STORED;

-- A claim has no title: its text is what it says.
ALTER TABLE "claims" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("text")), 'B') ||
    setweight(to_tsvector('english', search_plain("section")), 'C')
) STORED;

ALTER TABLE "sources" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain(coalesce("title", ''))), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce(immutable_array_to_string("authors", ' '), '') || ' ' || coalesce("publication", ''))), 'B') ||
    setweight(to_tsvector('english', search_plain(coalesce("publisher", '') || ' ' || coalesce("place", '') || ' ' || coalesce("date", ''))), 'C') ||
    setweight(to_tsvector('english', search_plain(coalesce("note", ''))), 'D')
) STORED;

ALTER TABLE "passages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("text")), 'B') ||
    setweight(to_tsvector('english', search_plain(coalesce("section", ''))), 'C')
) STORED;

-- CreateIndex
CREATE INDEX "events_search_idx" ON "events" USING GIN ("search");
CREATE INDEX "agreements_search_idx" ON "agreements" USING GIN ("search");
CREATE INDEX "actors_search_idx" ON "actors" USING GIN ("search");
CREATE INDEX "leverage_channels_search_idx" ON "leverage_channels" USING GIN ("search");
CREATE INDEX "figures_search_idx" ON "figures" USING GIN ("search");
CREATE INDEX "scenarios_search_idx" ON "scenarios" USING GIN ("search");
CREATE INDEX "claims_search_idx" ON "claims" USING GIN ("search");
CREATE INDEX "sources_search_idx" ON "sources" USING GIN ("search");
CREATE INDEX "passages_search_idx" ON "passages" USING GIN ("search");
