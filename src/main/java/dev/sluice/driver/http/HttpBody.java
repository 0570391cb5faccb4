package dev.sluice.driver.http;

import dev.sluice.driver.Destination.DropCounter;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;

import java.util.List;

/**
 * What a batch of messages looks like in one request to an HTTP API (newline-delimited JSON,
 * Elasticsearch's {@code _bulk}, Loki's push, Splunk's HEC), and what the API's answer means.
 */
interface HttpBody {
    String contentType();

    /** One message's part of a request (rendered when the message is sent, so a batch is built once). */
    Entry entry(LogMessage m) throws MessageRejected;

    /** The request body for these entries. */
    void write(List<Entry> entries, StringBuilder out);

    /**
     * After a 2xx answer: which entries must go again (null: all were taken). A format whose API
     * refuses items one by one counts the refused ones on {@code drops}.
     */
    default boolean[] retry(String response, int entries, DropCounter drops) { return null; }

    /** A rendered part; {@code group} sorts it into a stream where the format has them (Loki's labels). */
    record Entry(String text, String group, long epochNanos) {
        Entry(String text) { this(text, null, 0); }
    }
}
