-- Enrichment (enrichment: in etl-config.yml) adds the product's brand and the store's region to each line's
-- attributes; these columns expose them for queries, indexes and BI tools. Generated from the attributes, so the
-- loader writes nothing new and lines loaded before enrichment was configured simply have NULL.
-- Lines whose SKU or store the catalogues did not hold carry attributes->>'enrichment' = 'unknown_product',
-- 'unknown_store' or both, exposed as enrichment_flag.
ALTER TABLE sale_line
    ADD COLUMN brand           text GENERATED ALWAYS AS (attributes ->> 'brand') STORED,
    ADD COLUMN store_region    text GENERATED ALWAYS AS (attributes ->> 'store_region') STORED,
    ADD COLUMN enrichment_flag text GENERATED ALWAYS AS (attributes ->> 'enrichment') STORED;

COMMENT ON COLUMN sale_line.brand IS 'Brand of the product, from the products catalogue (enrichment); NULL when not enriched';
COMMENT ON COLUMN sale_line.store_region IS 'Region of the store, from the stores catalogue (enrichment); NULL when not enriched';
COMMENT ON COLUMN sale_line.enrichment_flag IS 'unknown_product, unknown_store or both when a catalogue had no entry; NULL otherwise';
