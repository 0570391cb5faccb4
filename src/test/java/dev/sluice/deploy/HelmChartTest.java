package dev.sluice.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart under helm itself (helm-java's bundled library): lint --strict, then templates rendered
 * with several value sets, parsed into typed Kubernetes objects with no unknown field.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("helm/sluice").toAbsolutePath();

    @Test
    void lint_strict_passes() {
        LintResult r = new Helm(CHART).lint().strict().call();
        assertThat(r.isFailed()).as("%s", r.getMessages()).isFalse();
    }

    @Test
    void default_values_render_a_statefulset_with_probes_ports_security_and_the_reload_sidecar() {
        List<HasMetadata> objects = render(t -> {});
        StatefulSet sts = one(objects, StatefulSet.class);
        assertThat(sts.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).containsExactly("state");
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        Container sluice = container(pod, "sluice");
        assertThat(sluice.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(sluice.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(sluice.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(sluice.getPorts()).extracting(p -> p.getName() + "/" + p.getContainerPort() + "/" + p.getProtocol())
                .contains("tcp-5514/5514/TCP", "udp-5514/5514/UDP", "http/8080/TCP", "management/8081/TCP");
        assertThat(sluice.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(sluice.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(sluice.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/config", "/etc/sluice/python", "/var/lib/sluice", "/tmp/sluice");

        Container reloader = container(pod, "config-reloader");
        String secretName = one(objects, Secret.class).getMetadata().getName();
        assertThat(reloader.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SLUICE_MANAGEMENT_TOKEN");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secretName);
        });
        assertThat(sluice.getEnv()).anySatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secretName));
        assertThat(String.join("\n", reloader.getArgs())).contains("Authorization: Bearer $SLUICE_MANAGEMENT_TOKEN")
                .contains("http://127.0.0.1:8081/actuator/reload");

        Service svc = objects.stream().filter(o -> o instanceof Service s && s.getSpec().getClusterIP() == null)
                .map(Service.class::cast).findFirst().orElseThrow();
        assertThat(svc.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("tcp-5514", "udp-5514", "http", "management");
        assertThat(one(objects, ConfigMap.class).getData().get("application.yaml")).contains("sluice:").contains("syslog-tcp");
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void without_persistence_it_is_a_deployment_with_an_empty_dir() {
        List<HasMetadata> objects = render(t -> t.set("persistence.enabled", false));
        assertThat(objects).noneMatch(o -> o instanceof StatefulSet);
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("state");
            assertThat(v.getEmptyDir()).isNotNull();
        });
    }

    @Test
    void checksum_reload_rolls_the_pods_instead_of_a_sidecar() {
        List<HasMetadata> a = render(t -> t.set("reload.mode", "checksum"));
        List<HasMetadata> b = render(t -> t.set("reload.mode", "checksum").set("config.pipelines.default.flow-control", false));
        PodSpec pod = one(a, StatefulSet.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("sluice");
        String before = one(a, StatefulSet.class).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        String after = one(b, StatefulSet.class).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        assertThat(before).isNotBlank().isNotEqualTo(after);
    }

    @Test
    void existing_config_maps_and_secret_are_used_as_they_are() {
        List<HasMetadata> objects = render(t -> t.set("existingConfigMap", "ops-config").set("existingPythonConfigMap", "ops-python")
                .set("management.existingSecret", "ops-token"));
        assertThat(objects).noneMatch(o -> o instanceof ConfigMap || o instanceof Secret);
        PodSpec pod = one(objects, StatefulSet.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap() != null && v.getConfigMap().getName().equals("ops-config")).isTrue());
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap() != null && v.getConfigMap().getName().equals("ops-python")).isTrue());
        assertThat(container(pod, "sluice").getEnv()).anySatisfy(e -> assertThat(
                e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef().getName().equals("ops-token")).isTrue());
    }

    @Test
    void the_two_tier_example_renders_an_autoscaled_edge_and_a_core_with_leases() {
        List<HasMetadata> edge = render(t -> t.withValuesFile(CHART.resolve("examples/two-tier-edge.yaml")));
        Deployment deployment = one(edge, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler sets the replicas").isNull();
        var hpa = one(edge, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(edge).noneMatch(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.Role);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

        List<HasMetadata> core = render(t -> t.withValuesFile(CHART.resolve("examples/two-tier-core.yaml")));
        StatefulSet sts = one(core, StatefulSet.class);
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        var role = one(core, io.fabric8.kubernetes.api.model.rbac.Role.class);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).contains("get", "create", "update");
        });
        var binding = one(core, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class);
        var account = one(core, io.fabric8.kubernetes.api.model.ServiceAccount.class);
        assertThat(binding.getSubjects()).singleElement().satisfies(sub -> {
            assertThat(sub.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(sub.getNamespace()).isEqualTo("observability");
        });
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        });
        assertThat(core).anySatisfy(o -> assertThat(o instanceof ConfigMap c && c.getData().getOrDefault("application.yaml", "")
                .contains("lease: sluice-audit-api")).isTrue());
    }

    @Test
    void a_python_driver_from_values_gets_its_module_its_config_and_its_ports() throws Exception {
        Path values = Files.createTempFile(Path.of("target"), "values", ".yaml");
        Files.writeString(values, """
                config:
                  pipelines:
                    app:
                      sources:
                        events: {type: tcp, port: 6514}
                      parsers:
                        - {type: python, class: enrich.AddTeam}
                      destinations:
                        out: {type: stdout}
                python:
                  enrich.py: |
                    class AddTeam:
                        def parse(self, msg):
                            msg["team"] = "payments"
                            return True
                serviceMonitor: {enabled: true}
                """);
        List<HasMetadata> objects = render(t -> t.withValuesFile(values));
        ConfigMap python = objects.stream().filter(o -> o instanceof ConfigMap c && c.getData().containsKey("enrich.py"))
                .map(ConfigMap.class::cast).findFirst().orElseThrow();
        assertThat(python.getData().get("enrich.py")).contains("class AddTeam");
        assertThat(objects).anySatisfy(o -> assertThat(o instanceof ConfigMap c && c.getData().getOrDefault("application.yaml", "")
                .contains("enrich.AddTeam")).isTrue());
        Service svc = objects.stream().filter(o -> o instanceof Service s && s.getSpec().getClusterIP() == null)
                .map(Service.class::cast).findFirst().orElseThrow();
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).contains("tcp-6514:6514");
        GenericKubernetesResource monitor = one(objects, GenericKubernetesResource.class);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getAdditionalProperties().toString()).contains("/actuator/prometheus");
    }

    private static List<HasMetadata> render(Consumer<com.marcnuri.helm.TemplateCommand> values) {
        com.marcnuri.helm.TemplateCommand t = new Helm(CHART).template().withName("logs").withNamespace("observability");
        values.accept(t);
        String yaml = t.call();
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
            Object parsed = Serialization.unmarshal(doc);
            assertThat(parsed).as(doc).isInstanceOf(HasMetadata.class);
            if (!(parsed instanceof GenericKubernetesResource)) assertNoUnknownFields(parsed, doc);
            out.add((HasMetadata) parsed);
        }
        return out;
    }

    /** Typed models keep fields they do not know in additionalProperties: there must be none, anywhere. */
    private static void assertNoUnknownFields(Object root, String doc) {
        walk(root, new IdentityHashMap<>(), doc);
    }

    private static void walk(Object o, IdentityHashMap<Object, Boolean> seen, String doc) {
        if (o == null || seen.put(o, true) != null) return;
        if (o instanceof Collection<?> c) {
            c.forEach(x -> walk(x, seen, doc));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(x -> walk(x, seen, doc));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.getName().equals("getClass")) continue;
            try {
                Object v = g.invoke(o);
                if (g.getName().equals("getAdditionalProperties") && v instanceof Map<?, ?> extra) {
                    assertThat(extra).as("unknown fields in %s of\n%s", o.getClass().getSimpleName(), doc).isEmpty();
                } else {
                    walk(v, seen, doc);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }
}
