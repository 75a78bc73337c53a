-- A figure says what kind of number it is (quantity, rank, or figurative: a number in a name or a
-- turn of phrase), and a source's language may be unknown where the paper states none.
ALTER TABLE "figures" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'quantity';
ALTER TABLE "sources" ALTER COLUMN "language" DROP NOT NULL;
