package br.com.etlvendas.extract.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** DLQ records as the DLQ tools read them, for tests. */
public final class DlqRecords {

    public static final String HEADER = "\"Row ID\",\"Order ID\",\"Order Date\",\"Ship Date\",\"Ship Mode\",\"Customer ID\","
            + "\"Customer Name\",\"Segment\",\"Country\",\"City\",\"State\",\"Postal Code\",\"Region\",\"Product ID\","
            + "\"Category\",\"Sub-Category\",\"Product Name\",\"Sales\",\"Quantity\",\"Discount\",\"Profit\"";

    private DlqRecords() {
    }

    /** A Superstore row with this order date, as its CSV text. */
    public static String superstoreRow(int rowId, String orderDate) {
        return "\"" + rowId + "\",\"CA-2016-152156\",\"" + orderDate + "\",\"11/11/2016\",\"Second Class\",\"CG-12520\","
                + "\"Claire Gute\",\"Consumer\",\"United States\",\"Henderson\",\"Kentucky\",\"42420\",\"South\","
                + "\"FUR-BO-10001798\",\"Furniture\",\"Bookcases\",\"Bush Somerset Collection Bookcase\",\"261.96\",\"2\","
                + "\"0\",\"41.9136\"";
    }

    public static DlqRecord sourceRow(int partition, long offset, String source, String origin, String text, String reason,
                                      Instant at) {
        return new DlqRecord(partition, offset, origin, text.getBytes(StandardCharsets.UTF_8), "validate", List.of(reason),
                "sales.raw/" + partition + "/" + offset, source, origin, 1, Optional.of(at), true, Optional.empty());
    }

    public static DlqRecord rejected(int partition, long offset, String stage, String source, String reason, int lines,
                                     Instant at) {
        return new DlqRecord(partition, offset, "S-" + offset, "{\"saleId\":\"S\"}".getBytes(StandardCharsets.UTF_8), stage,
                List.of(reason), "sales.raw/" + partition + "/" + offset, source, "seq-" + offset, lines, Optional.of(at),
                false, Optional.empty());
    }
}
