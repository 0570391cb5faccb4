package dev.sluice.config;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.driver.stdout.StdoutDestinationFactory;
import dev.sluice.driver.tcp.TcpSourceFactory;
import dev.sluice.driver.udp.UdpSourceFactory;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every configuration error is found before anything starts, and names pipeline, driver, key and line. */
class ConfigValidationTest {
    private static final NettyTransport TRANSPORT = new NettyTransport(1);
    private final PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new TcpSourceFactory(TRANSPORT),
            new UdpSourceFactory(TRANSPORT), new FileDestinationFactory(), new StdoutDestinationFactory()),
            new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));

    @AfterAll
    static void close() { TRANSPORT.close(); }

    static StandardEnvironment env(String resource) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> ps : new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource))) {
            env.getPropertySources().addFirst(ps);
        }
        return env;
    }

    @Test
    void unknown_type_unknown_key_and_bad_template_are_all_reported_with_their_lines() throws Exception {
        SluiceConfig config = ConfigLoader.load(env("config/typos.yaml"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> factory.build(config));
        assertThat(e.errors()).hasSize(3);
        assertThat(e.getMessage())
                .contains("pipeline 'main', driver 'syslog', key 'prot' (class path resource [config/typos.yaml] - 5:48): unknown key for driver type 'tcp'")
                .contains("pipeline 'main', driver 'other', key 'type' (class path resource [config/typos.yaml] - 6:24): unknown source type 'tcpp'; known: [tcp, udp]")
                .contains("pipeline 'main', driver 'out', key 'template'")
                .contains("unknown template function 'nosuch'");
    }

    @Test
    void two_sources_on_one_port_are_refused_before_binding() throws Exception {
        SluiceConfig config = ConfigLoader.load(env("config/clash.yaml"));
        assertThatThrownBy(() -> factory.build(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipeline 'b', driver 'second', key 'port'")
                .hasMessageContaining("tcp port 15600 is already used by pipeline 'a', driver 'first'")
                .hasMessageNotContaining("driver 'third'");
    }

    @Test
    void templates_and_paths_reach_drivers_raw_while_ports_resolve_placeholders() throws Exception {
        SluiceConfig config = ConfigLoader.load(env("config/raw.yaml"));
        var out = config.pipelines().get(0).destinations().get(0);
        assertThat(out.string("template", null)).isEqualTo("${PID} ${HOST} $(echo ${HOSTNAME})\n");
        assertThat(out.string("path", null)).isEqualTo("/tmp/$HOST.log");
        assertThat(config.pipelines().get(0).sources().get(0).string("port", null)).isEqualTo("16514");
        var rewrite = config.pipelines().get(0).parsers().get(1);
        assertThat(rewrite.node("rules").asList().get(0).asMap().get("set").asString()).isEqualTo("${.json.status}");
        assertThat(rewrite.node("rules").asList().get(0).asMap().get("if").asString()).isEqualTo("\"${.json.status}\" >= \"500\"");
        assertThat(rewrite.node("rules").asList().get(1).asMap().get("replacement").asString()).isEqualTo("${HOST}");
        assertThat(config.pipelines().get(0).parsers().get(0).string("prefix", null)).isEqualTo("${NOT_A_PLACEHOLDER}");
    }

    @Test
    void no_pipelines_means_the_embedded_default_pipeline() {
        SluiceConfig config = ConfigLoader.load(new StandardEnvironment());
        assertThat(config.pipelines()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("default");
            assertThat(p.sources()).extracting(s -> s.type()).containsExactly("tcp", "udp", "http");
        });
    }

    @Test
    void environment_variables_for_scalar_settings_are_not_read_as_pipeline_keys() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("env",
                java.util.Map.of("SLUICE_STATE_DIR", "/tmp/state", "SLUICE_MANAGEMENT_TOKEN", "t")));
        assertThat(ConfigLoader.load(env).pipelines()).extracting(PipelineConfig::name).containsExactly("default");
    }
}
