-- Schema evolution: the sale events gained an optional field, installments (número de parcelas: how many
-- instalments the sale was paid in, 1 to 48). Events written before it, and sources that do not give it, load NULL.
--
-- A nullable column without a default is a change of the catalogue only: PostgreSQL neither rewrites nor scans
-- sale_line, however many lines it holds, and every existing line reads NULL. The range check is added NOT VALID
-- for the same reason: it holds for every line written from now on (the validator already refuses other values,
-- so a line breaking it is a loader bug and goes to the DLQ), and the lines already there are all NULL, which it
-- allows; `ALTER TABLE sale_line VALIDATE CONSTRAINT sale_line_installments_range` may mark it valid at any time.
ALTER TABLE sale_line ADD COLUMN installments smallint;
ALTER TABLE sale_line ADD CONSTRAINT sale_line_installments_range CHECK (installments BETWEEN 1 AND 48) NOT VALID;

COMMENT ON COLUMN sale_line.installments IS 'Number of instalments (parcelas) the sale was paid in, 1 to 48; NULL '
    'when the source does not say (and for every line loaded before the field existed).';

-- The facts (V3, V4) show it, appended so that their earlier columns keep their places.
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
       l.enrichment_flag,
       l.installments
FROM sale_line l
CROSS JOIN reporting_zone z;
COMMENT ON COLUMN fact_sale_line.installments IS 'Number of instalments (parcelas) the sale was paid in, 1 to 48; '
    'NULL when the source does not say. A sale-level value, the same on each of its lines.';

CREATE OR REPLACE VIEW fact_sale AS
SELECT h.sale_id,
       h.sold_at,
       (h.sold_at AT TIME ZONE z.zone)::date AS day,
       h.store_id,
       h.store_country || '-' || h.store_state AS state,
       h.channel,
       h.customer_id,
       coalesce(h.payment_method, 'UNKNOWN') AS payment_method,
       h.currency,
       h.status,
       t.lines,
       t.units,
       t.gross_amount,
       t.discount,
       t.net_amount,
       h.source,
       h.installments
FROM (SELECT sale_id, currency, count(*) AS lines, sum(quantity) AS units,
             sum(quantity * unit_price) AS gross_amount, sum(discount) AS discount, sum(net_amount) AS net_amount
      FROM sale_line
      GROUP BY sale_id, currency) t
JOIN (SELECT DISTINCT ON (sale_id, currency) sale_id, currency, sold_at, store_id, store_state, store_country, channel,
             customer_id, payment_method, status, source, installments
      FROM sale_line
      ORDER BY sale_id, currency, kafka_offset DESC, line_no) h USING (sale_id, currency)
CROSS JOIN reporting_zone z;
COMMENT ON COLUMN fact_sale.installments IS 'Number of instalments (parcelas) the sale was paid in, 1 to 48, from its '
    'most recently loaded version; NULL when the source does not say.';
