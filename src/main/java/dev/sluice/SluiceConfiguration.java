package dev.sluice;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.DriverAliases;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SluiceProperties;
import dev.sluice.python.PersistStore;
import dev.sluice.state.StateStore;
import dev.sluice.ops.ConfigReloader;
import dev.sluice.ops.PipelineMetrics;
import dev.sluice.ops.PipelinesEndpoint;
import dev.sluice.ops.PipelinesHealth;
import dev.sluice.ops.ReloadEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import dev.sluice.python.PythonBridge;
import dev.sluice.python.PythonDestinationFactory;
import dev.sluice.python.PythonFetcherFactory;
import dev.sluice.python.PythonHost;
import dev.sluice.python.PythonParserFactory;
import dev.sluice.python.PythonSourceFactory;
import dev.sluice.python.PythonTemplateFunction;
import org.springframework.beans.factory.ObjectProvider;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.csv.CsvParserFactory;
import dev.sluice.driver.date.DateParserFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.driver.file.FileSourceFactory;
import dev.sluice.driver.json.JsonParserFactory;
import dev.sluice.driver.kv.KvParserFactory;
import dev.sluice.driver.regexp.RegexpParserFactory;
import dev.sluice.driver.rewrite.RewriteStepFactory;
import dev.sluice.driver.syslog.SyslogParserStepFactory;
import dev.sluice.driver.http.HttpIngestRegistry;
import dev.sluice.driver.http.HttpDestinationFactory;
import dev.sluice.driver.kafka.KafkaDestinationFactory;
import dev.sluice.driver.kafka.KafkaSourceFactory;
import dev.sluice.driver.http.HttpSourceFactory;
import dev.sluice.driver.internal.InternalSourceFactory;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.driver.stdout.StdoutDestinationFactory;
import dev.sluice.driver.tcp.TcpDestinationFactory;
import dev.sluice.driver.tcp.TcpSourceFactory;
import dev.sluice.driver.udp.UdpDestinationFactory;
import dev.sluice.driver.udp.UdpSourceFactory;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.PipelineManager;
import dev.sluice.template.BuiltinFunctions;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Wires the engine: templates, the native drivers and the pipeline manager. */
@Configuration(proxyBeanMethods = false)
public class SluiceConfiguration {

    @Bean(destroyMethod = "close")
    NettyTransport nettyTransport() {
        return new NettyTransport(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Bean
    TemplateCompiler templateCompiler(List<TemplateFunction> extraFunctions) {
        List<TemplateFunction> all = new ArrayList<>(BuiltinFunctions.all());
        all.addAll(extraFunctions);
        return new TemplateCompiler(all);
    }

    @Bean HttpIngestRegistry httpIngestRegistry() { return new HttpIngestRegistry(); }

    @Bean TcpSourceFactory tcpSourceFactory(NettyTransport t) { return new TcpSourceFactory(t); }
    @Bean UdpSourceFactory udpSourceFactory(NettyTransport t) { return new UdpSourceFactory(t); }
    @Bean HttpSourceFactory httpSourceFactory(HttpIngestRegistry r) { return new HttpSourceFactory(r); }
    @Bean InternalSourceFactory internalSourceFactory() { return new InternalSourceFactory(); }
    @Bean FileDestinationFactory fileDestinationFactory() { return new FileDestinationFactory(); }
    @Bean FileSourceFactory fileSourceFactory() { return new FileSourceFactory(); }
    @Bean StdoutDestinationFactory stdoutDestinationFactory() { return new StdoutDestinationFactory(); }
    @Bean TcpDestinationFactory tcpDestinationFactory() { return new TcpDestinationFactory(); }
    @Bean UdpDestinationFactory udpDestinationFactory() { return new UdpDestinationFactory(); }
    @Bean HttpDestinationFactory httpDestinationFactory() { return new HttpDestinationFactory(); }
    @Bean KafkaSourceFactory kafkaSourceFactory() { return new KafkaSourceFactory(); }
    @Bean KafkaDestinationFactory kafkaDestinationFactory() { return new KafkaDestinationFactory(); }
    @Bean JsonParserFactory jsonParserFactory() { return new JsonParserFactory(); }
    @Bean KvParserFactory kvParserFactory() { return new KvParserFactory(); }
    @Bean CsvParserFactory csvParserFactory() { return new CsvParserFactory(); }
    @Bean RegexpParserFactory regexpParserFactory() { return new RegexpParserFactory(); }
    @Bean DateParserFactory dateParserFactory() { return new DateParserFactory(); }
    @Bean RewriteStepFactory rewriteStepFactory() { return new RewriteStepFactory(); }
    @Bean SyslogParserStepFactory syslogParserStepFactory() { return new SyslogParserStepFactory(); }

    @Bean(destroyMethod = "close")
    StateStore stateStore(SluiceProperties props) throws IOException {
        SluiceProperties.State s = props.getState();
        return StateStore.open(props.getStateDir(), new StateStore.Settings(s.getSyncInterval(), s.getJournalSize().toBytes()));
    }

    @Bean PersistStore persistStore(StateStore state) { return new PersistStore(state); }

    @Bean
    PythonBridge pythonBridge(PersistStore persist, ObjectProvider<TemplateCompiler> templates) {
        return new PythonBridge(persist, templates::getObject);
    }

    @Bean(destroyMethod = "close")
    PythonHost pythonHost(SluiceProperties props, PythonBridge bridge) {
        PythonHost.Interpreter interpreter = PythonHost.Interpreter.of(props.getPython().getInterpreter());
        PythonHost host = new PythonHost(props.getStateDir(), props.getPython().getPath(), bridge, props.getPython().compat3(),
                interpreter == null ? PythonHost.Interpreter.PER_DRIVER : interpreter); // a wrong value is refused by the config check
        host.setWarmUp(props.getPython().getWarmUp().getMessages(), props.getPython().getWarmUp().getMaxTime());
        return host;
    }

    @Bean PythonTemplateFunction pythonTemplateFunction(PythonHost host) { return new PythonTemplateFunction(host); }
    @Bean PythonFetcherFactory pythonFetcherFactory(PythonHost host) { return new PythonFetcherFactory(host); }
    @Bean PythonSourceFactory pythonSourceFactory(PythonHost host) { return new PythonSourceFactory(host); }
    @Bean PythonParserFactory pythonParserFactory(PythonHost host) { return new PythonParserFactory(host); }
    @Bean PythonDestinationFactory pythonDestinationFactory(PythonHost host) { return new PythonDestinationFactory(host); }

    @Bean
    PipelineFactory pipelineFactory(List<DriverFactory<?>> factories, TemplateCompiler templates, SluiceProperties props,
                                    StateStore state) {
        return new PipelineFactory(factories, new DriverContext(templates, props.getStateDir(), state));
    }

    @Bean ConfigReloader configReloader(ConfigurableEnvironment env, PipelineManager manager, SluiceProperties props,
                                        MeterRegistry registry) {
        return new ConfigReloader(env, manager, props, registry);
    }

    @Bean PipelinesEndpoint pipelinesEndpoint(PipelineManager manager) { return new PipelinesEndpoint(manager); }
    @Bean ReloadEndpoint reloadEndpoint(ConfigReloader reloader) { return new ReloadEndpoint(reloader); }
    /** Health contributor "pipelines" (in the readiness group). */
    @Bean PipelinesHealth pipelines(PipelineManager manager) { return new PipelinesHealth(manager); }
    @Bean(destroyMethod = "close") PipelineMetrics pipelineMetrics(PipelineManager manager) { return new PipelineMetrics(manager); }

    @Bean
    PipelineManager pipelineManager(PipelineFactory factory, ConfigurableEnvironment env, PythonHost python, SluiceProperties props) {
        SluiceConfig config = ConfigLoader.load(env);
        List<ConfigError> errors = new ArrayList<>();
        DriverAliases aliases = DriverAliases.discover(config.driverAliases(), props.getPython().getPath(), errors);
        if (!errors.isEmpty()) throw new ConfigException(errors);
        python.setInlineCode(config.pythonCode());
        if (env.getProperty("validate-only", Boolean.class, false)) return PipelineManager.validateOnly(factory, config, aliases);
        return new PipelineManager(factory, config, aliases, python);
    }
}
