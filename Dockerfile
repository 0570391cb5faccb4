# Sluice container image.
#   docker build -t sluice .
#   docker run -p 5514:5514 -p 8080:8080 -p 8081:8081 -v $PWD/config:/config:ro -v sluice-state:/var/lib/sluice sluice
# Configuration: /config/application.yaml (Spring Boot reads it); Python modules: /etc/sluice/python;
# state (Persist, bookmarks, disk buffers): the /var/lib/sluice volume.

# ---- build: the Maven wrapper, tests skipped (CI runs them)
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q --no-transfer-progress dependency:go-offline -DexcludeGroupIds=dev.sluice || true
COPY src/ src/
RUN ./mvnw -B -q --no-transfer-progress -DskipTests package \
 && mkdir -p /out \
 && java -Djarmode=tools -jar target/sluice.jar extract --layers --launcher --destination /out/app \
 && cp -r target/jit /out/jit

# ---- run: JDK 25 runtime (JVMCI needs a JDK, not a JRE), Graal JIT jars, non-root
FROM eclipse-temurin:25-jdk
RUN groupadd --system --gid 10001 sluice && useradd --system --uid 10001 --gid sluice --home /var/lib/sluice sluice \
 && mkdir -p /config /etc/sluice/python /var/lib/sluice /tmp/sluice && chown -R sluice:sluice /var/lib/sluice /tmp/sluice
WORKDIR /opt/sluice
COPY --from=build /out/jit/ jit/
# Spring Boot layers, least to most often changed, so a code change rebuilds only the last layers.
COPY --from=build /out/app/dependencies/ ./
COPY --from=build /out/app/spring-boot-loader/ ./
COPY --from=build /out/app/snapshot-dependencies/ ./
COPY --from=build /out/app/application/ ./
USER 10001:10001
ENV SLUICE_STATE_DIR=/var/lib/sluice \
    SLUICE_PYTHON_PATH=/etc/sluice/python \
    SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/config/ \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Xss4m -Djava.io.tmpdir=/tmp/sluice" \
    SLUICE_JVM_FLAGS="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=/opt/sluice/jit --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false"
VOLUME ["/var/lib/sluice"]
# syslog TCP/UDP (default pipeline), HTTP ingest, management (health, metrics, reload)
EXPOSE 5514/tcp 5514/udp 8080 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["sh", "-c", "exec java $SLUICE_JVM_FLAGS -cp /opt/sluice org.springframework.boot.loader.launch.JarLauncher \"$@\"", "sluice"]
