-- Sales from outside Brazil (country code; the state is then the source's own name), source columns the
-- model has no field for, kept per line, and sources that do not say how a sale was paid.
ALTER TABLE sale_line ADD COLUMN store_country char(2) NOT NULL DEFAULT 'BR';
ALTER TABLE sale_line ALTER COLUMN store_state TYPE text;
ALTER TABLE sale_line ALTER COLUMN payment_method DROP NOT NULL;
ALTER TABLE sale_line ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb;
