package br.com.etlvendas.it;

import java.util.function.BooleanSupplier;

/** Waiting in integration tests for something the servers do in their own time. */
public final class Await {

    private Await() {
    }

    /** Checks {@code condition} every 200 ms until it holds; fails naming {@code what} after 90 s. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
