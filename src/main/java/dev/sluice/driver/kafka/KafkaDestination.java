package dev.sluice.driver.kafka;

import dev.sluice.driver.Destination;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;
import dev.sluice.template.ValuePairs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * {@code type: kafka} destination: each message becomes a record of the {@code topic} template,
 * keyed by the {@code key} template, its value the {@code template} or the {@code value-pairs} as
 * JSON, with {@code headers} templates. Records are QUEUED into the producer; a flush waits for
 * Kafka's acknowledgement of every record of the batch ({@code acks=all}, idempotent), so a message
 * is acknowledged to its source only once Kafka has it. A record Kafka can never take (too large, an
 * invalid topic) is dropped and counted {@code kafka-rejected}. A failure Kafka calls retriable (the
 * brokers unreachable, no leader, not enough replicas, a timeout) is NOT_CONNECTED: the batch waits
 * and goes again after {@code time-reopen}, however long the outage, as a TCP destination does while
 * its server is down; any other failure is an ERROR, sent again up to {@code retries} times.
 */
final class KafkaDestination implements Destination {
    private static final Logger log = LoggerFactory.getLogger(KafkaDestination.class);

    record Settings(Map<String, Object> properties, Template topic, Template key, Template value, ValuePairs pairs,
                    Map<String, Template> headers, TemplateOptions options) {}

    private final Settings settings;
    private final List<Future<?>> inFlight = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private DropCounter drops = (reason, n) -> { };
    private String disconnectReason;

    KafkaDestination(Settings settings) { this.settings = settings; }

    @Override public void dropCounter(DropCounter counter) { this.drops = counter; }

    @Override public String disconnectReason() { return disconnectReason; }

    @Override
    public boolean open() {
        if (producer == null) producer = new KafkaProducer<>(settings.properties(), new ByteArraySerializer(), new ByteArraySerializer());
        return true;
    }

    @Override
    public Result send(LogMessage m) throws MessageRejected, KafkaDeliveryFailed {
        String topic = settings.topic().render(m, settings.options());
        if (topic.isEmpty()) throw new MessageRejected("empty-topic", "the topic template rendered empty", false);
        byte[] key = null;
        if (settings.key() != null) {
            String k = settings.key().render(m, settings.options());
            if (!k.isEmpty()) key = k.getBytes(StandardCharsets.UTF_8);
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key, value(m));
        for (Map.Entry<String, Template> h : settings.headers().entrySet()) {
            record.headers().add(h.getKey(), h.getValue().render(m, settings.options()).getBytes(StandardCharsets.UTF_8));
        }
        Future<RecordMetadata> sent = producer.send(record);
        inFlight.add(sent);
        // failed already: no metadata within max.block.ms (the brokers are gone); the batch waits now, not after every other send waited as long
        if (sent.isDone() && failedAlready(sent) instanceof Throwable t) return failed(t);
        return Result.QUEUED;
    }

    private byte[] value(LogMessage m) throws MessageRejected {
        if (settings.pairs() == null) return settings.value().render(m, settings.options()).getBytes(StandardCharsets.UTF_8);
        StringBuilder json = new StringBuilder(512);
        if (!settings.pairs().writeJson(m, settings.options(), json)) {
            throw new MessageRejected("cast-error", "a value-pairs type cast failed and on-error is drop-message", false);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The retriable failure of a send that has completed, or null (succeeded, or failed for this record alone). */
    private static Throwable failedAlready(Future<RecordMetadata> sent) {
        try {
            sent.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RetriableException ? e.getCause() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** NOT_CONNECTED for what Kafka may accept later, however long that takes; an ERROR (retries, then dropped) otherwise. */
    private Result failed(Throwable cause) throws KafkaDeliveryFailed {
        inFlight.clear();
        if (!(cause instanceof RetriableException)) throw new KafkaDeliveryFailed(cause);
        disconnectReason = cause.toString();
        log.warn("Kafka destination {}: {}; the batch goes again after time-reopen", settings.properties().get("bootstrap.servers"), disconnectReason);
        return Result.NOT_CONNECTED;
    }

    /** Waits for Kafka's answer to every record of the batch; the producer's own retries have run by then. */
    @Override
    public Result flush() throws InterruptedException, KafkaDeliveryFailed {
        if (inFlight.isEmpty()) return Result.SUCCESS;
        producer.flush();
        int rejected = 0;
        Throwable failed = null;
        for (Future<?> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException || cause instanceof SerializationException) {
                    rejected++;
                } else if (failed == null) {
                    failed = cause;
                }
            }
        }
        if (failed != null) return failed(failed); // the worker sends the whole batch again
        inFlight.clear();
        if (rejected > 0) drops.drop("kafka-rejected", rejected);
        return Result.SUCCESS;
    }

    /** Kafka refused a record for a reason that will not pass by itself: the batch goes again up to retries times (errors and health say why). */
    static final class KafkaDeliveryFailed extends Exception {
        KafkaDeliveryFailed(Throwable cause) { super("Kafka did not acknowledge a record: " + cause, cause, false, false); }
    }

    /** The worker has rewound what was QUEUED; records still in the producer are abandoned (they may arrive: at least once). */
    @Override
    public void close() {
        inFlight.clear();
        if (producer != null) producer.close(Duration.ZERO);
        producer = null;
    }
}
