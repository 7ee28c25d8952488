-- One row per sale line, the warehouse's grain: identity (sale_id, line_no), money as numeric (exact,
-- any scale the source gave), time as timestamptz.
CREATE TABLE sale_line (
    sale_id           text        NOT NULL,
    line_no           integer     NOT NULL CHECK (line_no >= 1),
    sold_at           timestamptz NOT NULL,
    store_id          text        NOT NULL,
    store_name        text,
    store_city        text,
    store_state       char(2)     NOT NULL,
    channel           text        NOT NULL,
    customer_id       text,
    customer_name     text,
    customer_document text,
    payment_method    text        NOT NULL,
    currency          char(3)     NOT NULL,
    status            text        NOT NULL,
    sku               text        NOT NULL,
    product_name      text,
    category          text,
    quantity          numeric     NOT NULL CHECK (quantity > 0),
    unit_price        numeric     NOT NULL CHECK (unit_price >= 0),
    discount          numeric     NOT NULL CHECK (discount >= 0),
    net_amount        numeric     NOT NULL,
    source            text        NOT NULL,
    kafka_partition   integer     NOT NULL,
    kafka_offset      bigint      NOT NULL,
    loaded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sale_id, line_no)
);

CREATE INDEX sale_line_sold_at_idx ON sale_line (sold_at);
CREATE INDEX sale_line_source_idx ON sale_line (source);

-- The loader's consumer offsets, written in the same transaction as the rows they cover.
CREATE TABLE loader_offset (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
