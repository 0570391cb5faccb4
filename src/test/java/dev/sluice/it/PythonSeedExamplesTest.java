package dev.sluice.it;

import dev.sluice.python.PersistStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of the two syslog-ng documents Sluice grew from, run as written (fixtures in
 * src/test/resources/python/, pipeline "py" in application-it.yaml), with their observable output.
 */
class PythonSeedExamplesTest extends SluiceIntegrationTest {
    private static final Path OUT = Path.of("target/it/py.log");
    private static final String HELLO = "Hello World from Python! Original message: ";

    @Autowired
    PersistStore persist;

    @Test
    void template_functions_inline_and_from_a_module_and_my_parser() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (Socket s = new Socket("127.0.0.1", port("py"))) {
            OutputStream out = s.getOutputStream();
            out.write(("<13>Jan  1 00:00:00 host myprog[42]: tcp " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        String line = awaitLine(OUT, l -> l.endsWith("tcp " + id));
        assertThat(Thread.getAllStackTraces().keySet()).as("Python parsers run on the pipeline's parser thread, not on the event loop")
                .anyMatch(t -> t.getName().equals("parsers-py"));
        assertThat(line).isEqualTo("tcp|value|" + HELLO + "myprog[42]: tcp " + id + "|" + HELLO + "myprog[42]: tcp " + id + "|tcp " + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> destination("py", "python").counters().written.sum() > 0);
        assertThat(destination("py", "python").counters().droppedTotal()).isZero();
    }

    @Test
    void driver_aliases_from_the_configuration_and_from_a_package() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (Socket s = new Socket("127.0.0.1", port("py"))) {
            s.getOutputStream().write(("<13>Jan  1 00:00:00 host app: alias " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        awaitLine(Path.of("target/it/alias-packaged.log"), l -> l.equals("packaged|alias " + id));
        awaitLine(Path.of("target/it/alias-configured.log"), l -> l.equals("overridden|alias " + id));
    }

    @Test
    void my_fetcher_parses_one_message_a_second() {
        String line = awaitLine(OUT, l -> l.startsWith("fetcher|"));
        assertThat(line).isEqualTo("fetcher|value|" + HELLO + "program[pid]: foobar|" + HELLO + "program[pid]: foobar|foobar");
    }

    @Test
    void persist_counter_fetcher_counts_up() {
        awaitLine(OUT, l -> l.startsWith("persisted|") && l.endsWith("foobar 1"));
        awaitLine(OUT, l -> l.startsWith("persisted|") && l.endsWith("foobar 2"));
        assertThat(Long.parseLong(persist.get("MyFetcher_persistent_data##counter").value())).isGreaterThanOrEqualTo(3);
    }

    @Test
    void consecutive_ack_tracker_persists_the_acknowledged_position() {
        awaitLine(OUT, l -> l.startsWith("bookmarks|") && l.endsWith("foobar 3 (acked so far 2)"));
        assertThat(Long.parseLong(persist.get("MyFetcher_persistent_data##position").value())).isGreaterThanOrEqualTo(2);
    }

    @Test
    void asyncio_source_interleaves_two_sequences() {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                lines(OUT).stream().filter(l -> l.equals("async|value|" + HELLO + "message1|" + HELLO + "message1|message1")).count() >= 3
                        && lines(OUT).stream().anyMatch(l -> l.startsWith("async|") && l.endsWith("|message2")));
    }

    @Test
    void instant_and_batched_trackers_report_what_was_delivered() {
        awaitLine(OUT, l -> l.endsWith("|instant 5"));
        awaitLine(OUT, l -> l.endsWith("|batched 5"));
        // Each destination delivers in order, so the acks follow post order.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pythonList("py.instant", "trackers.instant_acked")).isEqualTo("[1, 2, 3, 4, 5]"));
        // Batches are flushed by the 500 ms timer, each newest first.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(python.context("py.batched").eval(
                "import trackers\nrepr((sorted(sum(trackers.batched_acked, [])), all(b == sorted(b, reverse=True) for b in trackers.batched_acked)))"))
                .isEqualTo("(['b1', 'b2', 'b3', 'b4', 'b5'], True)"));
    }

    /** A module global as the driver {@code driver} (its interpreter) sees it. */
    private String pythonList(String driver, String name) {
        return python.context(driver).eval("import " + name.substring(0, name.indexOf('.')) + "\nrepr(" + name + ")");
    }

    @Autowired
    dev.sluice.python.PythonHost python;
}
