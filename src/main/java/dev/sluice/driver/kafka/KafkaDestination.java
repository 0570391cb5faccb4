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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
 * invalid topic) is dropped and counted {@code kafka-rejected}; any other failure sends the batch again.
 */
final class KafkaDestination implements Destination {
    record Settings(Map<String, Object> properties, Template topic, Template key, Template value, ValuePairs pairs,
                    Map<String, Template> headers, TemplateOptions options) {}

    private final Settings settings;
    private final List<Future<?>> inFlight = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private DropCounter drops = (reason, n) -> { };

    KafkaDestination(Settings settings) { this.settings = settings; }

    @Override public void dropCounter(DropCounter counter) { this.drops = counter; }

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
        // failed already: no metadata within max.block.ms (the brokers are gone); this send fails now, not after every other one waited as long
        if (sent.isDone()) failFast(sent);
        inFlight.add(sent);
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

    private static void failFast(Future<RecordMetadata> sent) throws KafkaDeliveryFailed {
        try {
            sent.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) throw new KafkaDeliveryFailed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        inFlight.clear();
        if (failed != null) throw new KafkaDeliveryFailed(failed); // the worker sends the whole batch again
        if (rejected > 0) drops.drop("kafka-rejected", rejected);
        return Result.SUCCESS;
    }

    /** A record of the batch was not acknowledged by Kafka: the batch goes again (errors and health say why). */
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
