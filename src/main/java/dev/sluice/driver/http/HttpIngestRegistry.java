package dev.sluice.driver.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which running HTTP source serves which path; the controller looks requests up here. */
public final class HttpIngestRegistry {
    private final Map<String, HttpSource> byPath = new ConcurrentHashMap<>();

    void register(String path, HttpSource source) { byPath.put(path, source); }

    void unregister(String path, HttpSource source) { byPath.remove(path, source); }

    HttpSource find(String path) { return byPath.get(path); }
}
