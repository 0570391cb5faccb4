package dev.sluice.config;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.csv.CsvParserFactory;
import dev.sluice.driver.date.DateParserFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.driver.json.JsonParserFactory;
import dev.sluice.driver.kv.KvParserFactory;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.driver.regexp.RegexpParserFactory;
import dev.sluice.driver.rewrite.RewriteStepFactory;
import dev.sluice.driver.syslog.SyslogParserStepFactory;
import dev.sluice.driver.tcp.TcpSourceFactory;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The parsing steps, HTTP and Kafka drivers as configured: the README's examples build, and mistakes are reported where they are. */
class ParserStepsConfigTest {
    private static final NettyTransport TRANSPORT = new NettyTransport(1);
    private final PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new TcpSourceFactory(TRANSPORT),
            new FileDestinationFactory(), new JsonParserFactory(), new KvParserFactory(), new CsvParserFactory(), new RegexpParserFactory(),
            new DateParserFactory(), new RewriteStepFactory(), new SyslogParserStepFactory(), new dev.sluice.driver.http.HttpDestinationFactory(),
            new dev.sluice.driver.kafka.KafkaSourceFactory(), new dev.sluice.driver.kafka.KafkaDestinationFactory()),
            new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));

    @AfterAll
    static void close() { TRANSPORT.close(); }

    private static SluiceConfig load(String yaml) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("secrets",
                java.util.Map.of("ES_PASSWORD", "pw", "HEC_TOKEN", "hec", "COLLECTOR_TOKEN", "tok")));
        var resource = new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
        for (PropertySource<?> ps : new YamlPropertySourceLoader().load("test.yaml", resource)) env.getPropertySources().addFirst(ps);
        return ConfigLoader.load(env);
    }

    /** The first yaml block after {@code heading} in the README. */
    private static String readmeBlock(String heading) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf(heading);
        assertThat(section).as(heading).isPositive();
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void the_readme_examples_build() throws Exception {
        String parsing = "sluice:\n  sources:\n    net: {type: tcp, ip: 127.0.0.1, port: 0}\n" + readmeBlock("### Parsing and rewriting").indent(2);
        assertThat(factory.build(load(parsing))).extracting(p -> p.name()).containsExactly("nginx", "firewall");
        String http = "sluice:\n  pipelines:\n    p:\n      sources: {in: {type: tcp, ip: 127.0.0.1, port: 0}}\n"
                // the example's CA file is the reader's; a TLS block without files builds here
                + readmeBlock("**HTTP APIs.**").replace("tls: {ca-file: /etc/sluice/es-ca.pem}", "tls: {peer-verify: none}").indent(6);
        assertThat(factory.build(load(http))).singleElement().satisfies(p -> assertThat(p.destinations()).hasSize(4));
        String tiers = "sluice:\n" + readmeBlock("## Scaling out").replace("port: 601", "ip: 127.0.0.1, port: 0").indent(2);
        List<dev.sluice.pipeline.Pipeline> built = factory.build(load(tiers));
        assertThat(built).extracting(p -> p.name()).containsExactly("edge", "core", "audit");
        assertThat(built.get(2).sources().get(0).source()).isInstanceOf(dev.sluice.cluster.LeaderElectedSource.class);
    }

    @Test
    void mistakes_in_steps_name_the_step_and_key() throws Exception {
        String yaml = """
                sluice:
                  pipelines:
                    p:
                      sources: {in: {type: tcp, ip: 127.0.0.1, port: 0}}
                      parsers:
                        - {type: regexp, patterns: ['(?<a>unclosed']}
                        - {type: csv, delimiters: ','}
                        - {type: date, format: '%Q'}
                        - {type: rewrite, rules: [{set: x, value: ISODATE}, {subst: '[', replacement: y}]}
                        - {type: json, prefx: j.}
                      destinations: {out: {type: file, path: /tmp/x.log}}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> factory.build(load(yaml)));
        assertThat(e.getMessage())
                .contains("driver 'parser[0]', key 'patterns'").contains("invalid regular expression")
                .contains("driver 'parser[1]', key 'columns'")
                .contains("driver 'parser[2]', key 'format'").contains("unsupported directive '%Q'")
                .contains("driver 'parser[3]', key 'rules'").contains("rules[0].value: 'ISODATE' is a macro")
                .contains("rules[1].subst: invalid regular expression")
                .contains("driver 'parser[4]', key 'prefx'").contains("unknown key");
    }
}
