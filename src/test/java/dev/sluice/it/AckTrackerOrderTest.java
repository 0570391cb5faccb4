package dev.sluice.it;

import dev.sluice.python.PythonHost;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three ack trackers when a destination delivers out of order: two workers, message 0 held
 * back for half a second while 1..19 go through (src/test/resources/python/outoforder.py).
 */
class AckTrackerOrderTest extends SluiceIntegrationTest {
    @Autowired
    PythonHost python;

    /** What the source's callbacks recorded, read in the source's own interpreter. */
    private String acked(String pipeline) {
        return python.context(pipeline + ".numbers").eval("import outoforder\nrepr(outoforder.acked)");
    }

    @Test
    void instant_reports_every_message_in_delivery_order() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(acked("acks-instant"))
                .isEqualTo("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0]"));
    }

    @Test
    void consecutive_waits_for_the_gap_and_reports_the_end_of_the_contiguous_range() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(acked("acks-consecutive")).isEqualTo("[19]"));
    }

    @Test
    void batched_reports_full_batches_newest_first() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(acked("acks-batched"))
                .isEqualTo("[[5, 4, 3, 2, 1], [10, 9, 8, 7, 6], [15, 14, 13, 12, 11], [0, 19, 18, 17, 16]]"));
    }
}
