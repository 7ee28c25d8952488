-- The data lake's sale lines as the warehouse holds them (its table sale_line), for DuckDB 1.1 or newer.
--
-- The lake is append-only: every record of sales.clean adds one row per line it carries, with the record's
-- kafka_partition, kafka_offset and revision (what de-duplication decided the record does to its sale):
--   NEW    lines never loaded before
--   LINES  a correction of the lines it carries (same line_no, new content), possibly with new lines
--   WHOLE  a new version of the whole sale: its lines replace every line the sale had, so a line that
--          only older rows of the sale carry is gone (it is the deletion marker of those lines)
-- A cancellation or a return is a new version with status CANCELLED or RETURNED: its lines stay, and
-- only COMPLETED lines count as revenue, as in the warehouse.
-- A sale id is the key of sales.clean, so all versions of a sale are in one Kafka partition and
-- kafka_offset orders them. Files written before the revision column existed read it as NEW.
--
-- Columns added to the sale events later (schema evolution) are nullable and read by name: files written before
-- them lack the column, and union_by_name reads it there as NULL next to the files that have it. lake_rows always
-- has every such column, even over a lake holding only older files:
--   installments  number of instalments (parcelas) the sale was paid in, 1 to 48; NULL when the source did not say
--
-- Use, from the directory that holds the lake (downloaded from S3 with e.g.
-- aws s3 sync s3://vendas/lake lake --endpoint-url http://127.0.0.1:9000):
--
--   duckdb -c ".read deploy/lake/sale_line_current.sql" -c "
--     SELECT currency, count(*) AS lines,
--            sum(net_amount) FILTER (WHERE status = 'COMPLETED') AS revenue
--     FROM sale_line_current('lake/**/*.parquet') GROUP BY currency"
--
-- lake_rows(files): every row of the lake, old files included, revision never null, installments always there.
-- sale_line_current(files): the latest row of each (sale_id, line_no), less the lines a later WHOLE
-- version of their sale no longer has.

CREATE OR REPLACE MACRO lake_rows(files) AS TABLE
    SELECT * EXCLUDE (revision, installments), coalesce(revision, 'NEW') AS revision, installments
    FROM ((SELECT NULL::VARCHAR AS revision, NULL::INTEGER AS installments WHERE false)
          UNION ALL BY NAME
          (SELECT * FROM read_parquet(files, hive_partitioning = true, union_by_name = true)));

CREATE OR REPLACE MACRO sale_line_current(files) AS TABLE
    WITH line_rows AS (
        SELECT * FROM lake_rows(files)
    ),
    latest AS (
        SELECT * FROM line_rows
        QUALIFY row_number() OVER (PARTITION BY sale_id, line_no
                                   ORDER BY kafka_partition DESC, kafka_offset DESC) = 1
    ),
    replaced AS (
        SELECT sale_id, kafka_partition, max(kafka_offset) AS whole_offset
        FROM line_rows WHERE revision = 'WHOLE'
        GROUP BY sale_id, kafka_partition
    )
    SELECT latest.*
    FROM latest
    LEFT JOIN replaced ON replaced.sale_id = latest.sale_id AND replaced.kafka_partition = latest.kafka_partition
    WHERE replaced.whole_offset IS NULL OR latest.kafka_offset >= replaced.whole_offset;
