-- The warehouse for analysts: a star schema that Grafana, BI tools and DBeaver read, and a read-only role for them.
--
-- Design: sale_line stays the one physical line fact, the table the loader COPYs into. Everything that changes with
-- the data (fact_sale_line, fact_sale, dim_product, dim_store, dim_customer and the KPI views) is a plain view over
-- it, so the load path pays nothing (no trigger, no extra index, no second write) and a correction or cancellation
-- the loader commits is in every view at that same commit. Only what does not depend on the loaded rows is a table:
-- the calendar (dim_date), the channels and payment methods with their pt-BR names, and the reporting time zone.
--
-- Day and hour are those of the reporting time zone (table reporting_zone, America/Sao_Paulo unless changed), since
-- timestamptz keeps the instant, not the source's local clock. Money is summed per currency, never across them.

-- The one time zone whose calendar the views' days and hours follow.
CREATE TABLE reporting_zone (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    zone      text    NOT NULL CHECK ((TIMESTAMPTZ '2000-01-01 00:00:00+00' AT TIME ZONE zone) IS NOT NULL)
);
INSERT INTO reporting_zone (zone) VALUES ('America/Sao_Paulo');
COMMENT ON TABLE reporting_zone IS 'One row: the IANA time zone (e.g. America/Sao_Paulo) in which the analyst views '
    'cut days and hours. Change it with UPDATE reporting_zone SET zone = ''America/New_York''; an unknown zone is refused.';

-- The calendar, 2000-01-01 to 2050-12-31.
CREATE TABLE dim_date (
    date          date     PRIMARY KEY,
    date_key      integer  NOT NULL UNIQUE,
    year          smallint NOT NULL,
    quarter       smallint NOT NULL,
    month         smallint NOT NULL,
    month_name    text     NOT NULL,
    day_of_month  smallint NOT NULL,
    iso_year      smallint NOT NULL,
    iso_week      smallint NOT NULL,
    weekday       smallint NOT NULL,
    weekday_name  text     NOT NULL,
    is_weekend    boolean  NOT NULL
);
INSERT INTO dim_date
SELECT d,
       to_char(d, 'YYYYMMDD')::integer,
       extract(year FROM d),
       extract(quarter FROM d),
       extract(month FROM d),
       (ARRAY['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro',
              'outubro', 'novembro', 'dezembro'])[extract(month FROM d)],
       extract(day FROM d),
       extract(isoyear FROM d),
       extract(week FROM d),
       extract(isodow FROM d),
       (ARRAY['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado',
              'domingo'])[extract(isodow FROM d)],
       extract(isodow FROM d) >= 6
FROM generate_series(DATE '2000-01-01', DATE '2050-12-31', INTERVAL '1 day') AS g(ts),
     LATERAL (SELECT ts::date AS d) AS day;
COMMENT ON TABLE dim_date IS 'Calendar from 2000-01-01 to 2050-12-31, one row per day; join on date to the day '
    'column of the facts and KPI views (days of the reporting time zone).';
COMMENT ON COLUMN dim_date.date_key IS 'The date as the integer YYYYMMDD, for tools that want an integer key.';
COMMENT ON COLUMN dim_date.month_name IS 'Month name in Brazilian Portuguese, lower case (janeiro … dezembro).';
COMMENT ON COLUMN dim_date.iso_year IS 'ISO-8601 week-numbering year: the year iso_week belongs to (1 Jan 2021 is in week 53 of 2020).';
COMMENT ON COLUMN dim_date.iso_week IS 'ISO-8601 week number, 1 to 53; weeks start on Monday.';
COMMENT ON COLUMN dim_date.weekday IS 'ISO-8601 day of the week: 1 Monday … 7 Sunday.';
COMMENT ON COLUMN dim_date.weekday_name IS 'Day of the week in Brazilian Portuguese (segunda-feira … domingo).';
COMMENT ON COLUMN dim_date.is_weekend IS 'Saturday or Sunday.';

-- Sales channels and payment methods: the codes sale_line holds, with their names in Brazilian Portuguese.
CREATE TABLE dim_channel (
    channel text PRIMARY KEY,
    name    text NOT NULL,
    online  boolean NOT NULL
);
INSERT INTO dim_channel VALUES
    ('STORE', 'Loja física', false),
    ('ECOMMERCE', 'Loja virtual', true),
    ('MARKETPLACE', 'Marketplace', true),
    ('APP', 'Aplicativo', true),
    ('PHONE', 'Televendas', false);
COMMENT ON TABLE dim_channel IS 'Where a sale happened: the channel codes of sale_line with their pt-BR names.';
COMMENT ON COLUMN dim_channel.online IS 'True for channels where the customer buys remotely over the internet.';

CREATE TABLE dim_payment (
    payment_method text PRIMARY KEY,
    name           text NOT NULL,
    instant        boolean NOT NULL
);
INSERT INTO dim_payment VALUES
    ('PIX', 'Pix', true),
    ('CREDIT_CARD', 'Cartão de crédito', false),
    ('DEBIT_CARD', 'Cartão de débito', true),
    ('BOLETO', 'Boleto bancário', false),
    ('CASH', 'Dinheiro', true),
    ('VOUCHER', 'Vale-presente', true),
    ('UNKNOWN', 'Não informado', false);
COMMENT ON TABLE dim_payment IS 'How a sale was paid: the payment codes of sale_line with their pt-BR names; UNKNOWN '
    'stands for sales whose source does not say.';
COMMENT ON COLUMN dim_payment.instant IS 'True when the money is settled at once (Pix, debit, cash, voucher), false '
    'when it arrives later (credit card instalments, boleto) or is unknown.';

-- The line fact: one row per sale line, with the day and hour of the reporting time zone.
CREATE VIEW fact_sale_line AS
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
       l.loaded_at
FROM sale_line l
CROSS JOIN reporting_zone z;
COMMENT ON VIEW fact_sale_line IS 'Line grain: one row per (sale_id, line_no), the latest version of each line as '
    'corrections and cancellations left it. Join dim_date on day, dim_store on store_id, dim_product on sku, '
    'dim_customer on customer_id, dim_channel on channel, dim_payment on payment_method. Amounts are in currency.';
COMMENT ON COLUMN fact_sale_line.sold_at IS 'When the sale happened (an instant; shown in the session''s TimeZone).';
COMMENT ON COLUMN fact_sale_line.day IS 'The sale''s calendar day in the reporting time zone (table reporting_zone).';
COMMENT ON COLUMN fact_sale_line.hour_start IS 'Start of the sale''s hour in the reporting time zone, as an instant.';
COMMENT ON COLUMN fact_sale_line.state IS 'Country and state of the store as COUNTRY-STATE: BR-SP (the ISO 3166-2 '
    'code for Brazil''s states), US-Kentucky for sources outside Brazil, which give their own state names.';
COMMENT ON COLUMN fact_sale_line.payment_method IS 'Payment code (dim_payment); UNKNOWN when the source does not say.';
COMMENT ON COLUMN fact_sale_line.currency IS 'ISO-4217 currency of every amount on the line.';
COMMENT ON COLUMN fact_sale_line.status IS 'COMPLETED, CANCELLED or RETURNED: the status of the sale''s latest version.';
COMMENT ON COLUMN fact_sale_line.unit_price IS 'Price of one unit before discount.';
COMMENT ON COLUMN fact_sale_line.gross_amount IS 'quantity × unit_price, before discount.';
COMMENT ON COLUMN fact_sale_line.discount IS 'Discount on the line, an amount of money (not a rate).';
COMMENT ON COLUMN fact_sale_line.net_amount IS 'What was paid for the line after discount: the revenue of the line.';
COMMENT ON COLUMN fact_sale_line.counts_as_revenue IS 'True for completed sales, the only ones the KPI views count '
    'as revenue.';
COMMENT ON COLUMN fact_sale_line.loaded_at IS 'When the warehouse last wrote the line (first load or latest correction).';
COMMENT ON COLUMN fact_sale_line.source IS 'The configured source (file mapping, database, API) the line came from.';

-- The order fact: one row per sale (per currency, should a source ever mix them within one sale).
CREATE VIEW fact_sale AS
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
       h.source
FROM (SELECT sale_id, currency, count(*) AS lines, sum(quantity) AS units,
             sum(quantity * unit_price) AS gross_amount, sum(discount) AS discount, sum(net_amount) AS net_amount
      FROM sale_line
      GROUP BY sale_id, currency) t
JOIN (SELECT DISTINCT ON (sale_id, currency) sale_id, currency, sold_at, store_id, store_state, store_country, channel,
             customer_id, payment_method, status, source
      FROM sale_line
      ORDER BY sale_id, currency, kafka_offset DESC, line_no) h USING (sale_id, currency)
CROSS JOIN reporting_zone z;
COMMENT ON VIEW fact_sale IS 'Order grain: one row per sale with its lines summed, as its latest version left it (a '
    'corrected sale shows its new totals, a cancelled one status CANCELLED). Amounts are in currency.';
COMMENT ON COLUMN fact_sale.sold_at IS 'When the sale happened (an instant; shown in the session''s TimeZone).';
COMMENT ON COLUMN fact_sale.payment_method IS 'Payment code (dim_payment); UNKNOWN when the source does not say.';
COMMENT ON COLUMN fact_sale.currency IS 'ISO-4217 currency of every amount of the sale.';
COMMENT ON COLUMN fact_sale.day IS 'The sale''s calendar day in the reporting time zone (table reporting_zone).';
COMMENT ON COLUMN fact_sale.state IS 'Country and state of the store as COUNTRY-STATE (BR-SP).';
COMMENT ON COLUMN fact_sale.status IS 'COMPLETED, CANCELLED or RETURNED, from the sale''s most recently loaded version.';
COMMENT ON COLUMN fact_sale.lines IS 'Number of lines the sale has now.';
COMMENT ON COLUMN fact_sale.units IS 'Sum of the lines'' quantities.';
COMMENT ON COLUMN fact_sale.gross_amount IS 'Sum of quantity × unit_price over the lines, before discount.';
COMMENT ON COLUMN fact_sale.discount IS 'Sum of the lines'' discounts (amounts of money).';
COMMENT ON COLUMN fact_sale.net_amount IS 'What was paid for the sale: the sum of its lines'' net amounts.';

-- Dimensions drawn from the loaded lines: the latest known attributes of each product, store and customer.
CREATE VIEW dim_product AS
SELECT DISTINCT ON (sku) sku, product_name, category
FROM sale_line
ORDER BY sku, sold_at DESC, loaded_at DESC;
COMMENT ON VIEW dim_product IS 'One row per product (sku) sold, with the name and category of its most recent sale.';

CREATE VIEW dim_store AS
SELECT DISTINCT ON (store_id) store_id, store_name, store_city, store_country || '-' || store_state AS state,
       store_state, store_country
FROM sale_line
ORDER BY store_id, sold_at DESC, loaded_at DESC;
COMMENT ON VIEW dim_store IS 'One row per store, with the name and place of its most recent sale.';
COMMENT ON COLUMN dim_store.state IS 'COUNTRY-STATE, e.g. BR-SP: the state column of the facts and KPI views.';
COMMENT ON COLUMN dim_store.store_state IS 'The state as the source gives it: a UF (SP) in Brazil, the source''s name elsewhere.';
COMMENT ON COLUMN dim_store.store_country IS 'ISO-3166 alpha-2 country code.';

CREATE VIEW dim_customer AS
SELECT DISTINCT ON (customer_id) customer_id, customer_name
FROM sale_line
WHERE customer_id IS NOT NULL
ORDER BY customer_id, sold_at DESC, loaded_at DESC;
COMMENT ON VIEW dim_customer IS 'One row per identified customer, with the name of their most recent sale. CPF/CNPJ '
    'are deliberately not exposed to analysts (LGPD); they stay in sale_line.';

-- KPIs. Revenue, orders, lines and units count completed sales only; every money figure is per currency.
CREATE VIEW kpi_daily AS
SELECT day,
       day::timestamp AT TIME ZONE z.zone AS day_start,
       currency,
       coalesce(sum(net_amount) FILTER (WHERE counts_as_revenue), 0) AS revenue,
       count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue) AS orders,
       count(*) FILTER (WHERE counts_as_revenue) AS lines,
       coalesce(sum(quantity) FILTER (WHERE counts_as_revenue), 0) AS units,
       round(sum(net_amount) FILTER (WHERE counts_as_revenue)
             / nullif(count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue), 0), 4) AS average_ticket,
       count(DISTINCT sale_id) FILTER (WHERE status = 'CANCELLED') AS cancelled_orders,
       count(DISTINCT sale_id) FILTER (WHERE status = 'RETURNED') AS returned_orders
FROM fact_sale_line
CROSS JOIN reporting_zone z
GROUP BY day, currency, z.zone;

CREATE VIEW kpi_hourly AS
SELECT hour_start,
       day,
       extract(hour FROM hour_start AT TIME ZONE z.zone)::smallint AS hour,
       currency,
       coalesce(sum(net_amount) FILTER (WHERE counts_as_revenue), 0) AS revenue,
       count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue) AS orders,
       count(*) FILTER (WHERE counts_as_revenue) AS lines,
       coalesce(sum(quantity) FILTER (WHERE counts_as_revenue), 0) AS units,
       round(sum(net_amount) FILTER (WHERE counts_as_revenue)
             / nullif(count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue), 0), 4) AS average_ticket,
       count(DISTINCT sale_id) FILTER (WHERE status = 'CANCELLED') AS cancelled_orders,
       count(DISTINCT sale_id) FILTER (WHERE status = 'RETURNED') AS returned_orders
FROM fact_sale_line
CROSS JOIN reporting_zone z
GROUP BY hour_start, day, currency, z.zone;

-- The same figures per dimension, in long form: one row per day (or hour), dimension, value and currency.
CREATE VIEW kpi_daily_by_dimension AS
SELECT day,
       CASE WHEN GROUPING(store_id) = 0 THEN 'store' WHEN GROUPING(state) = 0 THEN 'state'
            WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(category) = 0 THEN 'category'
            ELSE 'payment' END AS dimension,
       CASE WHEN GROUPING(store_id) = 0 THEN store_id WHEN GROUPING(state) = 0 THEN state
            WHEN GROUPING(channel) = 0 THEN channel WHEN GROUPING(category) = 0 THEN category
            ELSE payment_method END AS dimension_value,
       currency,
       coalesce(sum(net_amount) FILTER (WHERE counts_as_revenue), 0) AS revenue,
       count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue) AS orders,
       count(*) FILTER (WHERE counts_as_revenue) AS lines,
       coalesce(sum(quantity) FILTER (WHERE counts_as_revenue), 0) AS units,
       count(DISTINCT sale_id) FILTER (WHERE status = 'CANCELLED') AS cancelled_orders
FROM fact_sale_line
GROUP BY GROUPING SETS ((day, currency, store_id), (day, currency, state), (day, currency, channel),
                        (day, currency, category), (day, currency, payment_method));

CREATE VIEW kpi_hourly_by_dimension AS
SELECT hour_start,
       day,
       CASE WHEN GROUPING(store_id) = 0 THEN 'store' WHEN GROUPING(state) = 0 THEN 'state'
            WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(category) = 0 THEN 'category'
            ELSE 'payment' END AS dimension,
       CASE WHEN GROUPING(store_id) = 0 THEN store_id WHEN GROUPING(state) = 0 THEN state
            WHEN GROUPING(channel) = 0 THEN channel WHEN GROUPING(category) = 0 THEN category
            ELSE payment_method END AS dimension_value,
       currency,
       coalesce(sum(net_amount) FILTER (WHERE counts_as_revenue), 0) AS revenue,
       count(DISTINCT sale_id) FILTER (WHERE counts_as_revenue) AS orders,
       count(*) FILTER (WHERE counts_as_revenue) AS lines,
       coalesce(sum(quantity) FILTER (WHERE counts_as_revenue), 0) AS units,
       count(DISTINCT sale_id) FILTER (WHERE status = 'CANCELLED') AS cancelled_orders
FROM fact_sale_line
GROUP BY GROUPING SETS ((hour_start, day, currency, store_id), (hour_start, day, currency, state),
                        (hour_start, day, currency, channel), (hour_start, day, currency, category),
                        (hour_start, day, currency, payment_method));

COMMENT ON VIEW kpi_daily IS 'Sales KPIs per day of the reporting time zone and currency. Revenue, orders, lines, units '
    'and average ticket count completed sales only; never add revenue of different currencies.';
COMMENT ON VIEW kpi_hourly IS 'Sales KPIs per hour of the reporting time zone and currency; as kpi_daily.';
COMMENT ON VIEW kpi_daily_by_dimension IS 'Sales KPIs per day, currency and one dimension: filter on dimension '
    '(store, state, channel, category or payment) and group by dimension_value. Orders are distinct sales, so a '
    'sale with lines in two categories counts once in each: do not sum orders across values.';
COMMENT ON VIEW kpi_hourly_by_dimension IS 'As kpi_daily_by_dimension, per hour of the reporting time zone.';
COMMENT ON COLUMN kpi_daily.day IS 'Calendar day in the reporting time zone; join dim_date on date.';
COMMENT ON COLUMN kpi_daily.day_start IS 'Midnight of day in the reporting time zone, as an instant (Grafana''s time column).';
COMMENT ON COLUMN kpi_daily.currency IS 'ISO-4217 currency of every money figure on the row.';
COMMENT ON COLUMN kpi_daily.revenue IS 'Sum of net_amount of completed sales, in currency.';
COMMENT ON COLUMN kpi_daily.orders IS 'Distinct completed sales.';
COMMENT ON COLUMN kpi_daily.lines IS 'Lines of completed sales.';
COMMENT ON COLUMN kpi_daily.units IS 'Units (sum of quantity) of completed sales.';
COMMENT ON COLUMN kpi_daily.average_ticket IS 'revenue / orders, 4 decimal places; NULL without orders.';
COMMENT ON COLUMN kpi_daily.cancelled_orders IS 'Distinct sales whose latest version is cancelled (not in revenue).';
COMMENT ON COLUMN kpi_daily.returned_orders IS 'Distinct sales whose latest version is returned (not in revenue).';
COMMENT ON COLUMN kpi_hourly.hour_start IS 'Start of the hour in the reporting time zone, as an instant (Grafana''s time column).';
COMMENT ON COLUMN kpi_hourly.hour IS 'Hour of the day, 0 to 23, on the reporting time zone''s clock.';
COMMENT ON COLUMN kpi_daily_by_dimension.dimension IS 'store, state, channel, category or payment.';
COMMENT ON COLUMN kpi_daily_by_dimension.dimension_value IS 'store_id, COUNTRY-STATE (BR-SP), channel code, category '
    '(NULL when the source gives none) or payment code, according to dimension.';
COMMENT ON COLUMN kpi_hourly_by_dimension.hour_start IS 'Start of the hour in the reporting time zone, as an instant.';
COMMENT ON COLUMN kpi_hourly_by_dimension.dimension IS 'store, state, channel, category or payment.';
COMMENT ON COLUMN kpi_hourly_by_dimension.dimension_value IS 'As in kpi_daily_by_dimension.';

-- The other KPI views' figures mean what kpi_daily's do: give their columns the same comments.
DO $$
DECLARE
    view_name text;
    col record;
BEGIN
    FOREACH view_name IN ARRAY ARRAY['kpi_hourly', 'kpi_daily_by_dimension', 'kpi_hourly_by_dimension'] LOOP
        FOR col IN SELECT a.attname, col_description(a.attrelid, a.attnum) AS description
                   FROM pg_attribute a
                   WHERE a.attrelid = 'kpi_daily'::regclass AND a.attnum > 0 AND a.attname <> 'day_start'
                     AND col_description(a.attrelid, a.attnum) IS NOT NULL LOOP
            IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = view_name::regclass AND attname = col.attname)
                    AND col_description(view_name::regclass, (SELECT attnum FROM pg_attribute
                        WHERE attrelid = view_name::regclass AND attname = col.attname)) IS NULL THEN
                EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', view_name, col.attname, col.description);
            END IF;
        END LOOP;
    END LOOP;
END
$$;

-- The read-only role for Grafana, BI tools and DBeaver: NOLOGIN, so it is a group that login roles join. On a managed
-- PostgreSQL where the migrating user may not create roles, this part is skipped with a NOTICE and the rest stands.
DO $$
DECLARE
    reader text := '${reader_role}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', reader);
            EXECUTE format('COMMENT ON ROLE %I IS %L', reader, 'Read-only access to the ETL Vendas analyst views '
                || '(fact_*, dim_*, kpi_*). Give people access with CREATE ROLE name LOGIN PASSWORD ... IN ROLE ' || reader);
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'role % not created (%): the analyst views stand, grant SELECT on them by hand', reader, SQLERRM;
                RETURN;
            WHEN duplicate_object THEN
                NULL; -- created meanwhile by the migration of another database on the same server
        END;
    END IF;
    BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), reader);
        EXECUTE format('GRANT SELECT ON reporting_zone, dim_date, dim_channel, dim_payment, dim_product, dim_store, '
            || 'dim_customer, fact_sale_line, fact_sale, kpi_daily, kpi_hourly, kpi_daily_by_dimension, '
            || 'kpi_hourly_by_dimension TO %I', reader);
    EXCEPTION
        WHEN insufficient_privilege THEN
            RAISE NOTICE 'SELECT on the analyst views not granted to % (%): grant it by hand', reader, SQLERRM;
    END;
END
$$;
