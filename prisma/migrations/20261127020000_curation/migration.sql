-- Curation: API keys, a version per writable record (optimistic concurrency), evidence that cites a
-- source instead of the paper, and the audit trail of every change.

-- CreateTable
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    -- The first characters of the key, enough to recognise it in a list; never enough to use it.
    "prefix" TEXT NOT NULL,
    -- Lowercase hex SHA-256 of the whole key: the key itself is shown once and never stored.
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_role" CHECK ("role" IN ('editor', 'admin'))
);

CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateTable
CREATE TABLE "changes" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key_id" INTEGER,
    "key_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "record_id" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "changes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "changes_action" CHECK ("action" IN ('create', 'update', 'delete'))
);

CREATE INDEX "changes_at_id_idx" ON "changes"("at", "id");

-- Every writable record counts its versions: If-Match and GraphQL's `version` argument compare it.
ALTER TABLE "events" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "agreements" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "leverage_channels" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "figures" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "actors" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "sources" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "scenarios" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "claims" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Evidence quotes either a passage of the paper or a source the paper does not cite.
ALTER TABLE "evidence" ALTER COLUMN "passage_id" DROP NOT NULL;
ALTER TABLE "evidence" ADD COLUMN "source_id" INTEGER;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_passage_or_source" CHECK (num_nonnulls("passage_id", "source_id") = 1);
CREATE INDEX "evidence_source_id_idx" ON "evidence"("source_id");
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
