using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TradeMesh.EndToEnd.Tests.Deployment.Kubernetes;

/// <summary>
/// deploy/k8s rendered per overlay and validated offline; then what the system needs from it:
/// replicas per overlay, probes and limits, one public surface, quorum queues, synchronous
/// replication, settings the services really read, and no secret value in the repository.
/// </summary>
public sealed class KubernetesManifestsTests
{
    public static TheoryData<string> Overlays => new() { "dev", "prod" };
    private static readonly string[] Services = ["gateway", "ingestion", "projections"];

    /// <summary>What every overlay holds: an empty or partial render fails here.</summary>
    private static readonly Dictionary<string, int> ExpectedKinds = new()
    {
        ["Namespace"] = 1, ["Deployment"] = 4 /* the three services and Jaeger */, ["Service"] = 5 /* + AMQPS */,
        ["PodDisruptionBudget"] = 3, ["HorizontalPodAutoscaler"] = 2, ["Ingress"] = 1, ["NetworkPolicy"] = 9,
        ["RabbitmqCluster"] = 1, ["User"] = 3, ["Permission"] = 3, ["Exchange"] = 1, ["Queue"] = 1, ["Binding"] = 1,
        ["Cluster"] = 1,
    };

    [Theory, MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_and_validates_offline_with_the_expected_kinds(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);

        Assert.Empty(render.Errors);
        var kinds = render.Documents.GroupBy(d => d.Str("kind")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ExpectedKinds.OrderBy(k => k.Key), kinds.OrderBy(k => k.Key));
        Assert.All(render.Documents.Where(d => d.Str("kind") != "Namespace"), d => Assert.Equal("trademesh", d.Str("metadata", "namespace")));
    }

    [Theory, InlineData("dev", 1), InlineData("prod", 3)]
    public async Task Replicas_follow_the_overlay(string overlay, int replicas)
    {
        var render = await RenderedOverlay.Of(overlay);

        Assert.All(Services, s => Assert.Equal(replicas.ToString(), render.Single("Deployment", s).Str("spec", "replicas")));
        Assert.All(render.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(replicas.ToString(), h.Str("spec", "minReplicas")));
        Assert.Equal(overlay == "dev" ? "1" : "3", render.Single("RabbitmqCluster", "trademesh-rabbitmq").Str("spec", "replicas"));
        var postgres = render.Single("Cluster", "trademesh-pg");
        Assert.Equal(overlay == "dev" ? "1" : "3", postgres.Str("spec", "instances"));
        if (overlay == "prod")
        {
            // A commit waits for a standby: the ack the projection service sends after it survives a failover.
            var sync = postgres.Get("spec", "postgresql", "synchronous")!.Value;
            Assert.True(int.Parse(sync.Str("number")!) >= 1);
            Assert.Equal("required", sync.Str("dataDurability"));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Each_service_has_probes_limits_a_service_and_a_disruption_budget(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);

        foreach (var name in Services)
        {
            var deployment = render.Single("Deployment", name);
            var podLabels = deployment.Get("spec", "template", "metadata", "labels").Labels();
            var container = deployment.Container();
            Assert.Equal("/alive", container.Str("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health", container.Str("readinessProbe", "httpGet", "path"));
            foreach (var bound in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                Assert.NotNull(container.Str("resources", bound, resource));
            Assert.True(deployment.Get("spec", "selector").Selects(podLabels), $"{name}: its selector misses its own pods");
            Assert.Single(render.OfKind("PodDisruptionBudget"), p => p.Get("spec", "selector").Selects(podLabels));
            var service = render.Single("Service", name);
            Assert.True(service.Get("spec", "selector").Selects(podLabels));
        }
        var scaled = render.OfKind("HorizontalPodAutoscaler").Select(h => h.Str("spec", "scaleTargetRef", "name")).Order();
        Assert.Equal(["gateway", "projections"], scaled);
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Only_the_gateway_and_amqps_for_publishers_are_reachable_from_outside(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);

        var ingress = Assert.Single(render.OfKind("Ingress"));
        var backends = ingress.Get("spec", "rules").Items().SelectMany(r => r.Get("http", "paths").Items())
            .Select(p => p.Str("backend", "service", "name")).ToList();
        Assert.NotEmpty(backends);
        Assert.All(backends, b => Assert.Equal("gateway", b));

        var published = render.OfKind("Service").Where(s => s.Str("spec", "type") is "LoadBalancer" or "NodePort").ToList();
        var amqps = Assert.Single(published);
        Assert.Equal(["5671"], amqps.Get("spec", "ports").Items().Select(p => p.Str("port")));
        var rabbit = render.Single("RabbitmqCluster", "trademesh-rabbitmq");
        Assert.NotNull(rabbit.Str("spec", "tls", "secretName"));

        // Every pod is behind a default deny; a rule open to any source applies only to the
        // gateway's HTTP port and the broker's TLS port.
        var policies = render.OfKind("NetworkPolicy").ToList();
        Assert.Contains(policies, p => p.Get("spec", "podSelector") is { } s && !s.EnumerateObject().Any()
            && p.Get("spec", "policyTypes").Items().Any(t => t.GetString() == "Ingress") && !p.Get("spec", "ingress").Items().Any());
        var rabbitPods = new Dictionary<string, string> { ["app.kubernetes.io/name"] = rabbit.Name() };
        foreach (var policy in policies)
        foreach (var rule in policy.Get("spec", "ingress").Items().Where(r => !r.Get("from").Items().Any()))
        {
            var ports = rule.Get("ports").Items().Select(p => p.Str("port")).ToList();
            var selector = policy.Get("spec", "podSelector");
            if (selector.Selects(PodLabels(render, "gateway"))) Assert.Equal(["8080"], ports);
            else if (selector.Selects(rabbitPods)) Assert.Equal(["5671"], ports);
            else Assert.Fail($"NetworkPolicy {policy.Name()} opens {string.Join(",", ports)} to any source");
        }

        // The services accept only the gateway (projections also ingestion's status calls).
        Assert.Equal(["gateway"], AllowedSources(render, policies, "ingestion"));
        Assert.Equal(["gateway", "ingestion"], AllowedSources(render, policies, "projections"));
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Every_TradeMesh_queue_is_a_quorum_queue_and_the_publisher_may_only_publish(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);
        var cluster = render.Single("RabbitmqCluster", "trademesh-rabbitmq").Name();

        var queue = Assert.Single(render.OfKind("Queue"));
        Assert.Equal(("trademesh.releases", "quorum", "true"), (queue.Str("spec", "name"), queue.Str("spec", "type"), queue.Str("spec", "durable")));
        var exchange = Assert.Single(render.OfKind("Exchange"));
        Assert.Equal(("trademesh.releases", "fanout"), (exchange.Str("spec", "name"), exchange.Str("spec", "type")));
        var binding = Assert.Single(render.OfKind("Binding"));
        Assert.Equal(("trademesh.releases", "trademesh.releases", "queue"),
            (binding.Str("spec", "source"), binding.Str("spec", "destination"), binding.Str("spec", "destinationType")));

        // Every user's permissions are those of the one definitions file of the local run and compose.
        foreach (var expected in BrokerDefinitions.Permissions().Where(p => p.User != "trademesh"))
        {
            var granted = Assert.Single(render.OfKind("Permission"), p => p.Str("spec", "user") == expected.User);
            Assert.Equal((expected.Configure, expected.Write, expected.Read),
                (granted.Str("spec", "permissions", "configure"), granted.Str("spec", "permissions", "write"), granted.Str("spec", "permissions", "read")));
        }
        var publisher = Assert.Single(render.OfKind("Permission"), p => p.Str("spec", "user") == "publisher");
        Assert.Equal("^$", publisher.Str("spec", "permissions", "read"));
        Assert.Equal("^$", publisher.Str("spec", "permissions", "configure"));
        var write = publisher.Str("spec", "permissions", "write")!;
        Assert.Matches(write, "trademesh.releases");
        Assert.DoesNotMatch(write, "trademesh.projections");

        var topology = new[] { "User", "Permission", "Exchange", "Queue", "Binding" }.SelectMany(render.OfKind).ToList();
        Assert.All(topology, r => Assert.Equal(cluster, r.Str("spec", "rabbitmqClusterReference", "name")));
        // The services declare their own queues as quorum queues (SetQuorumQueue in their consumer definitions).
        foreach (var service in new[] { "Ingestion", "Projections" })
            Assert.Contains(Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "services", $"TradeMesh.{service}"), "*Definition.cs", SearchOption.AllDirectories),
                f => File.ReadAllText(f).Contains("SetQuorumQueue()"));
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Services_get_the_settings_they_really_read_pointing_at_the_operators_services(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);
        var rabbit = render.Single("RabbitmqCluster", "trademesh-rabbitmq").Name();
        var postgres = render.Single("Cluster", "trademesh-pg").Name();

        foreach (var (name, project) in new[] { ("gateway", "gateway/TradeMesh.Gateway"), ("ingestion", "services/TradeMesh.Ingestion"), ("projections", "services/TradeMesh.Projections") })
        {
            var settings = FlattenedKeys(Path.Combine(TestEnvironment.RepoRoot, project, "appsettings.json"));
            var env = render.Single("Deployment", name).Container().Get("env").Items().ToList();
            var names = env.Select(e => e.Str("name")!).ToList();
            Assert.All(names.Where(n => n.Contains("__")), n => Assert.Contains(n.Replace("__", ":"), settings));
            // $(VAR) expands only variables defined before it in the same container.
            for (var i = 0; i < env.Count; i++)
                foreach (Match m in Regex.Matches(env[i].Str("value") ?? "", @"\$\((\w+)\)"))
                    Assert.Contains(m.Groups[1].Value, names.Take(i));
            Assert.Equal("http://jaeger:4317", env.Single(e => e.Str("name") == "OTEL_EXPORTER_OTLP_ENDPOINT").Str("value"));
            if (name == "gateway")
            {
                Assert.Equal("trademesh-api-keys", env.Single(e => e.Str("name") == "TRADEMESH_API_KEYS").Str("valueFrom", "secretKeyRef", "name"));
                continue;
            }
            Assert.StartsWith($"Host={postgres}-rw;", env.Single(e => e.Str("name") == "ConnectionStrings__postgres").Str("value"));
            Assert.EndsWith($"@{rabbit}:5672/", env.Single(e => e.Str("name") == "ConnectionStrings__rabbitmq").Str("value"));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task No_secret_value_is_in_the_repository_and_every_secret_used_is_documented(string overlay)
    {
        var render = await RenderedOverlay.Of(overlay);
        var readme = File.ReadAllText(Path.Combine(RenderedOverlay.K8sDir, "README.md"));

        Assert.Empty(render.OfKind("Secret"));
        var used = render.Documents.SelectMany(SecretsReferenced).Distinct().Order().ToList();
        Assert.Equal(
            ["trademesh-api-keys", "trademesh-gateway-secret", "trademesh-ingress-tls", "trademesh-pg-ingestion", "trademesh-pg-owner",
             "trademesh-pg-projections", "trademesh-rabbitmq-ingestion", "trademesh-rabbitmq-projections", "trademesh-rabbitmq-publisher",
             "trademesh-rabbitmq-tls"], used);
        Assert.All(used, s => Assert.Matches($@"kubectl -n trademesh create secret [a-z-]+ {s}\b", readme));
    }

    [Fact]
    public async Task The_validator_refuses_broken_manifests()
    {
        var render = await RenderedOverlay.Of("prod");
        var broken = render.Documents.Select(d => JsonNode.Parse(d.GetRawText())!.AsObject()).ToList();
        broken.Single(d => (string?)d["kind"] == "Deployment" && (string?)d["metadata"]!["name"] == "gateway")["spec"]!.AsObject().Remove("selector");
        broken.Single(d => (string?)d["kind"] == "RabbitmqCluster")["spec"]!["replicas"] = "three";
        broken.Single(d => (string?)d["kind"] == "Cluster")["spec"]!.AsObject().Remove("instances");
        broken.Single(d => (string?)d["kind"] == "Queue")["spec"]!["type"] = "mirrored";
        broken.Add(new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } });

        // JSON is YAML: the documents go to the validator as they are.
        var result = await RenderedOverlay.ValidateAsync(string.Join("\n---\n", broken.Select(d => d.ToJsonString())));

        Assert.Contains(result.Errors, e => e.StartsWith("apps/v1/Deployment gateway:") && e.Contains("selector"));
        Assert.Contains(result.Errors, e => e.StartsWith("rabbitmq.com/v1beta1/RabbitmqCluster") && e.Contains("spec.replicas"));
        Assert.Contains(result.Errors, e => e.StartsWith("postgresql.cnpg.io/v1/Cluster") && e.Contains("spec.instances"));
        Assert.Contains(result.Errors, e => e.StartsWith("rabbitmq.com/v1beta1/Queue") && e.Contains("spec.type"));
        Assert.Contains(result.Errors, e => e.StartsWith("example.com/v1/Widget") && e.Contains("not a built-in kind"));
        Assert.Equal(5, result.Errors.Count);
    }

    /// <summary>Names of the Secrets a manifest reads: secretKeyRef, the operators' secret references, TLS secrets.</summary>
    private static IEnumerable<string> SecretsReferenced(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
            return e.EnumerateArray().SelectMany(SecretsReferenced);
        if (e.ValueKind != JsonValueKind.Object) return [];
        return e.EnumerateObject().SelectMany(p => p.Name switch
        {
            "secretName" => [p.Value.GetString()!],
            "secretKeyRef" or "passwordSecret" or "importCredentialsSecret" or "secret" when p.Value.Str("name") is { } name => [name],
            _ => SecretsReferenced(p.Value),
        });
    }

    private static Dictionary<string, string> PodLabels(RenderedOverlay render, string deployment) =>
        render.Single("Deployment", deployment).Get("spec", "template", "metadata", "labels").Labels();

    /// <summary>The Deployments whose pods some NetworkPolicy lets into the named service's pods.</summary>
    private static List<string> AllowedSources(RenderedOverlay render, List<JsonElement> policies, string service)
    {
        var target = PodLabels(render, service);
        var sources = policies.Where(p => p.Get("spec", "podSelector").Selects(target))
            .SelectMany(p => p.Get("spec", "ingress").Items()).SelectMany(r => r.Get("from").Items()).ToList();
        return render.OfKind("Deployment").Select(d => d.Name())
            .Where(d => sources.Any(s => s.Get("podSelector").Selects(PodLabels(render, d)) && s.Get("namespaceSelector") is null))
            .Order().ToList();
    }

    private static HashSet<string> FlattenedKeys(string appsettings)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Walk(JsonElement e, string prefix)
        {
            if (e.ValueKind != JsonValueKind.Object) { keys.Add(prefix); return; }
            foreach (var p in e.EnumerateObject()) Walk(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}");
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(appsettings));
        Walk(doc.RootElement, "");
        return keys;
    }
}
