package dev.sluice.driver.http;

import dev.sluice.message.LogMessage;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Receives {@code POST /ingest/…} for the HTTP sources; answers 202 with the count accepted. */
@RestController
public class HttpIngestController {
    private final HttpIngestRegistry registry;
    private final JsonMapper json = JsonMapper.builder().build();

    public HttpIngestController(HttpIngestRegistry registry) { this.registry = registry; }

    @PostMapping("/ingest/**")
    public ResponseEntity<Map<String, Object>> ingest(HttpServletRequest request) throws IOException, InterruptedException {
        HttpSource source = registry.find(request.getRequestURI());
        if (source == null) return error(HttpStatus.NOT_FOUND, "no HTTP source serves " + request.getRequestURI());
        HttpSource.Settings s = source.settings();
        if (s.token() != null && !tokenMatches(request.getHeader("Authorization"), s.token())) {
            source.context().dropped("unauthorized");
            return error(HttpStatus.UNAUTHORIZED, "missing or wrong bearer token");
        }
        if (request.getContentLengthLong() > s.maxBodySize()) {
            source.context().dropped("body-too-large");
            return error(HttpStatus.CONTENT_TOO_LARGE, "body larger than max-body-size " + s.maxBodySize());
        }
        byte[] body = readLimited(request.getInputStream(), s.maxBodySize());
        if (body == null) {
            source.context().dropped("body-too-large");
            return error(HttpStatus.CONTENT_TOO_LARGE, "body larger than max-body-size " + s.maxBodySize());
        }
        String peer = request.getRemoteAddr();
        List<LogMessage> messages;
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("application/json")) {
            try {
                messages = source.json(json.readValue(body, Object.class), peer);
            } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
                source.context().dropped("bad-request");
                return error(HttpStatus.BAD_REQUEST, "invalid JSON body: " + e.getMessage());
            }
        } else {
            messages = source.lines(body, peer);
        }
        source.post(messages);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("accepted", messages.size()));
    }

    private static boolean tokenMatches(String header, String token) {
        if (header == null || !header.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readLimited(InputStream in, long max) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return data.length > max ? null : data;
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
