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


-- The star schema's views (V3) show the enrichment columns, appended so that V3's columns keep their places.
CREATE OR REPLACE VIEW fact_sale_line AS
SELECT l.sale_id,
       l.line_no,
       l.sold_at,
       (l.sold_at AT TIME ZONE z.zone)::date        AS day,
       date_trunc('hour', l.sold_at, z.zone)          AS hour_start,
       l.store_id,
       l.store_country || '-' || l.store_state       AS state,
       l.channel,
       l.customer_id,
       coalesce(l.payment_method, 'UNKNOWN')          AS payment_method,
       l.sku,
       l.category,
       l.currency,
       l.status,
       l.quantity,
       l.unit_price,
       l.quantity * l.unit_price                      AS gross_amount,
       l.discount,
       l.net_amount,
       l.status = 'COMPLETED'                         AS counts_as_revenue,
       l.source,
       l.loaded_at,
       l.brand,
       l.store_region,
       l.enrichment_flag
FROM sale_line l
CROSS JOIN reporting_zone z;
COMMENT ON COLUMN fact_sale_line.brand IS 'Brand of the product, from the products catalogue (enrichment); NULL when not enriched.';
COMMENT ON COLUMN fact_sale_line.store_region IS 'Region of the store, from the stores catalogue (enrichment); NULL when not enriched.';
COMMENT ON COLUMN fact_sale_line.enrichment_flag IS 'unknown_product, unknown_store or both when a catalogue had no entry; NULL otherwise.';

CREATE OR REPLACE VIEW dim_product AS
SELECT DISTINCT ON (sku) sku, product_name, category, brand
FROM sale_line
ORDER BY sku, sold_at DESC, loaded_at DESC;
COMMENT ON COLUMN dim_product.brand IS 'Brand from the products catalogue as of the product''s most recent sale; NULL when not enriched.';

CREATE OR REPLACE VIEW dim_store AS
SELECT DISTINCT ON (store_id) store_id, store_name, store_city, store_country || '-' || store_state AS state,
       store_state, store_country, store_region
FROM sale_line
ORDER BY store_id, sold_at DESC, loaded_at DESC;
COMMENT ON COLUMN dim_store.store_region IS 'Region from the stores catalogue as of the store''s most recent sale; NULL when not enriched.';
