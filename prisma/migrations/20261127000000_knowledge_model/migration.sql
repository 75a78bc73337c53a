-- The knowledge model: the paper and its passages, sources and footnotes, actors, events,
-- agreements, leverage channels, figures, scenarios, claims, and the evidence behind each.

-- CreateTable
CREATE TABLE "documents" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authors" TEXT[],
    "author_note" TEXT,
    "publisher" TEXT,
    "year" INTEGER NOT NULL,
    "url" TEXT,
    "note" TEXT,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "passages" (
    "id" SERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "section" TEXT,
    "paragraph" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "footnote_numbers" INTEGER[],
    "line_start" INTEGER NOT NULL,
    "line_end" INTEGER NOT NULL,

    CONSTRAINT "passages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sources" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "authors" TEXT[],
    "title" TEXT,
    "publication" TEXT,
    "publisher" TEXT,
    "place" TEXT,
    "date" TEXT,
    "pages" TEXT,
    "url" TEXT,
    "language" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "footnotes" (
    "id" SERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    "passage_id" INTEGER NOT NULL,

    CONSTRAINT "footnotes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "footnote_sources" (
    "footnote_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "footnote_sources_pkey" PRIMARY KEY ("footnote_id","source_id")
);

-- CreateTable
CREATE TABLE "actors" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "aliases" TEXT[],
    "role" TEXT,
    "affiliation_id" INTEGER,
    "description" TEXT,

    CONSTRAINT "actors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "date_printed" TEXT,
    "date_value" TEXT,
    "date_precision" TEXT NOT NULL,
    "date_approximate" BOOLEAN NOT NULL DEFAULT false,
    "date_basis" TEXT NOT NULL,
    "date_note" TEXT,
    "date_earliest" DATE,
    "date_latest" DATE,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_actors" (
    "event_id" INTEGER NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "event_actors_pkey" PRIMARY KEY ("event_id","actor_id","role")
);

-- CreateTable
CREATE TABLE "event_agreements" (
    "event_id" INTEGER NOT NULL,
    "agreement_id" INTEGER NOT NULL,

    CONSTRAINT "event_agreements_pkey" PRIMARY KEY ("event_id","agreement_id")
);

-- CreateTable
CREATE TABLE "event_channels" (
    "event_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,

    CONSTRAINT "event_channels_pkey" PRIMARY KEY ("event_id","channel_id")
);

-- CreateTable
CREATE TABLE "agreements" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_note" TEXT,
    "date_printed" TEXT,
    "date_value" TEXT,
    "date_precision" TEXT NOT NULL,
    "date_approximate" BOOLEAN NOT NULL DEFAULT false,
    "date_basis" TEXT NOT NULL,
    "date_note" TEXT,
    "date_earliest" DATE,
    "date_latest" DATE,
    "terms" TEXT[],

    CONSTRAINT "agreements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_parties" (
    "agreement_id" INTEGER NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "agreement_parties_pkey" PRIMARY KEY ("agreement_id","actor_id","role")
);

-- CreateTable
CREATE TABLE "agreement_channels" (
    "agreement_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,

    CONSTRAINT "agreement_channels_pkey" PRIMARY KEY ("agreement_id","channel_id")
);

-- CreateTable
CREATE TABLE "leverage_channels" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "leverage_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_actors" (
    "channel_id" INTEGER NOT NULL,
    "actor_id" INTEGER NOT NULL,

    CONSTRAINT "channel_actors_pkey" PRIMARY KEY ("channel_id","actor_id")
);

-- CreateTable
CREATE TABLE "figures" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "printed" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "low" DOUBLE PRECISION,
    "high" DOUBLE PRECISION,
    "unit" TEXT NOT NULL,
    "currency" TEXT,
    "period" TEXT,
    "note" TEXT,
    "channel_id" INTEGER,
    "event_id" INTEGER,
    "agreement_id" INTEGER,
    "actor_id" INTEGER,

    CONSTRAINT "figures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenarios" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "conditions" TEXT[],
    "expected_behaviour" TEXT[],

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_scenarios" (
    "claim_id" INTEGER NOT NULL,
    "scenario_id" INTEGER NOT NULL,

    CONSTRAINT "claim_scenarios_pkey" PRIMARY KEY ("claim_id","scenario_id")
);

-- CreateTable
CREATE TABLE "claim_channels" (
    "claim_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,

    CONSTRAINT "claim_channels_pkey" PRIMARY KEY ("claim_id","channel_id")
);

-- CreateTable
CREATE TABLE "claim_actors" (
    "claim_id" INTEGER NOT NULL,
    "actor_id" INTEGER NOT NULL,

    CONSTRAINT "claim_actors_pkey" PRIMARY KEY ("claim_id","actor_id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" SERIAL NOT NULL,
    "passage_id" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "note" TEXT,
    "position" INTEGER NOT NULL,
    "event_id" INTEGER,
    "agreement_id" INTEGER,
    "channel_id" INTEGER,
    "figure_id" INTEGER,
    "scenario_id" INTEGER,
    "claim_id" INTEGER,
    "actor_id" INTEGER,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id"),
    -- Not expressible in schema.prisma: each piece of evidence supports exactly one record.
    CONSTRAINT "evidence_one_subject" CHECK (num_nonnulls("event_id", "agreement_id", "channel_id", "figure_id", "scenario_id", "claim_id", "actor_id") = 1)
);

-- CreateTable
CREATE TABLE "evidence_footnotes" (
    "evidence_id" INTEGER NOT NULL,
    "footnote_id" INTEGER NOT NULL,

    CONSTRAINT "evidence_footnotes_pkey" PRIMARY KEY ("evidence_id","footnote_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "documents_slug_key" ON "documents"("slug");
CREATE UNIQUE INDEX "passages_document_id_ordinal_key" ON "passages"("document_id", "ordinal");
CREATE UNIQUE INDEX "sources_slug_key" ON "sources"("slug");
CREATE UNIQUE INDEX "footnotes_passage_id_key" ON "footnotes"("passage_id");
CREATE UNIQUE INDEX "footnotes_document_id_number_key" ON "footnotes"("document_id", "number");
CREATE INDEX "footnote_sources_source_id_idx" ON "footnote_sources"("source_id");
CREATE UNIQUE INDEX "actors_slug_key" ON "actors"("slug");
CREATE UNIQUE INDEX "events_slug_key" ON "events"("slug");
CREATE INDEX "events_date_earliest_date_latest_idx" ON "events"("date_earliest", "date_latest");
CREATE INDEX "event_actors_actor_id_idx" ON "event_actors"("actor_id");
CREATE INDEX "event_agreements_agreement_id_idx" ON "event_agreements"("agreement_id");
CREATE INDEX "event_channels_channel_id_idx" ON "event_channels"("channel_id");
CREATE UNIQUE INDEX "agreements_slug_key" ON "agreements"("slug");
CREATE INDEX "agreement_parties_actor_id_idx" ON "agreement_parties"("actor_id");
CREATE INDEX "agreement_channels_channel_id_idx" ON "agreement_channels"("channel_id");
CREATE UNIQUE INDEX "leverage_channels_slug_key" ON "leverage_channels"("slug");
CREATE INDEX "channel_actors_actor_id_idx" ON "channel_actors"("actor_id");
CREATE UNIQUE INDEX "figures_slug_key" ON "figures"("slug");
CREATE INDEX "figures_channel_id_idx" ON "figures"("channel_id");
CREATE INDEX "figures_event_id_idx" ON "figures"("event_id");
CREATE INDEX "figures_agreement_id_idx" ON "figures"("agreement_id");
CREATE INDEX "figures_actor_id_idx" ON "figures"("actor_id");
CREATE UNIQUE INDEX "scenarios_slug_key" ON "scenarios"("slug");
CREATE UNIQUE INDEX "scenarios_number_key" ON "scenarios"("number");
CREATE UNIQUE INDEX "claims_slug_key" ON "claims"("slug");
CREATE INDEX "claim_scenarios_scenario_id_idx" ON "claim_scenarios"("scenario_id");
CREATE INDEX "claim_channels_channel_id_idx" ON "claim_channels"("channel_id");
CREATE INDEX "claim_actors_actor_id_idx" ON "claim_actors"("actor_id");
CREATE INDEX "evidence_passage_id_idx" ON "evidence"("passage_id");
CREATE INDEX "evidence_event_id_idx" ON "evidence"("event_id");
CREATE INDEX "evidence_agreement_id_idx" ON "evidence"("agreement_id");
CREATE INDEX "evidence_channel_id_idx" ON "evidence"("channel_id");
CREATE INDEX "evidence_figure_id_idx" ON "evidence"("figure_id");
CREATE INDEX "evidence_scenario_id_idx" ON "evidence"("scenario_id");
CREATE INDEX "evidence_claim_id_idx" ON "evidence"("claim_id");
CREATE INDEX "evidence_actor_id_idx" ON "evidence"("actor_id");
CREATE INDEX "evidence_footnotes_footnote_id_idx" ON "evidence_footnotes"("footnote_id");

-- AddForeignKey
ALTER TABLE "passages" ADD CONSTRAINT "passages_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "footnotes" ADD CONSTRAINT "footnotes_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "footnotes" ADD CONSTRAINT "footnotes_passage_id_fkey" FOREIGN KEY ("passage_id") REFERENCES "passages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "footnote_sources" ADD CONSTRAINT "footnote_sources_footnote_id_fkey" FOREIGN KEY ("footnote_id") REFERENCES "footnotes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "footnote_sources" ADD CONSTRAINT "footnote_sources_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "actors" ADD CONSTRAINT "actors_affiliation_id_fkey" FOREIGN KEY ("affiliation_id") REFERENCES "actors"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "event_actors" ADD CONSTRAINT "event_actors_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_actors" ADD CONSTRAINT "event_actors_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "event_agreements" ADD CONSTRAINT "event_agreements_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_agreements" ADD CONSTRAINT "event_agreements_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "event_channels" ADD CONSTRAINT "event_channels_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_channels" ADD CONSTRAINT "event_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "agreement_channels" ADD CONSTRAINT "agreement_channels_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agreement_channels" ADD CONSTRAINT "agreement_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "channel_actors" ADD CONSTRAINT "channel_actors_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "channel_actors" ADD CONSTRAINT "channel_actors_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "figures" ADD CONSTRAINT "figures_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "figures" ADD CONSTRAINT "figures_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "figures" ADD CONSTRAINT "figures_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "figures" ADD CONSTRAINT "figures_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "claim_scenarios" ADD CONSTRAINT "claim_scenarios_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_scenarios" ADD CONSTRAINT "claim_scenarios_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_channels" ADD CONSTRAINT "claim_channels_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_channels" ADD CONSTRAINT "claim_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_actors" ADD CONSTRAINT "claim_actors_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_actors" ADD CONSTRAINT "claim_actors_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_passage_id_fkey" FOREIGN KEY ("passage_id") REFERENCES "passages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "leverage_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_figure_id_fkey" FOREIGN KEY ("figure_id") REFERENCES "figures"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence_footnotes" ADD CONSTRAINT "evidence_footnotes_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence_footnotes" ADD CONSTRAINT "evidence_footnotes_footnote_id_fkey" FOREIGN KEY ("footnote_id") REFERENCES "footnotes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
