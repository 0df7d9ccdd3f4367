using TradeMesh.EndToEnd.Tests.Cli;

namespace TradeMesh.EndToEnd.Tests.Cluster;

/// <summary>
/// deploy/local/cluster-up.sh as a user runs it (issue 17): every service replica, RabbitMQ node and
/// PostgreSQL node in a host of its own, the sample releases loaded, the README's queries answered
/// on the loopback address as with up.sh, a publisher outside .NET (amqp-publish) pushing into the
/// cluster; cluster-down.sh --purge leaves no host behind. Hosts tmu-*, 10.231.7.0/24.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterCollection.Name)]
public sealed class ClusterUpTests
{
    private const string Prefix = "tmu";
    private static readonly string[] Services = ["projections1", "projections2", "ingestion1", "ingestion2", "gateway"];

    [Fact]
    public async Task Cluster_up_runs_every_part_in_its_own_host_and_answers_the_readme_queries()
    {
        var state = Path.Combine(TestEnvironment.RepoRoot, ".state", $"cluster-up-{Guid.NewGuid():N}"[..24]);
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["TRADEMESH_STATE"] = state, ["TRADEMESH_HOSTS_PREFIX"] = Prefix, ["TRADEMESH_HOSTS_NET"] = "10.231.7",
            ["TRADEMESH_GATEWAY_PORT"] = $"{port}", ["TRADEMESH_TRACING"] = "off", ["TRADEMESH_BUILT"] = "1",
        };
        try
        {
            await LocalScripts.RunAsync("\"$LOCAL_DIR/cluster-up.sh\"", environment: environment, timeout: TimeSpan.FromMinutes(8));

            // One host per part, each with an address of its own, each service inside its own.
            var hosts = (await File.ReadAllLinesAsync(Path.Combine(state, "hosts"))).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
            Assert.Superset(new[] { "mq1", "mq2", "mq3", "pgmon", "pg1", "pg2" }.Concat(Services).ToHashSet(), hosts.Keys.ToHashSet());
            Assert.Equal(hosts.Count, hosts.Values.Distinct().Count());
            foreach (var service in Services)
            {
                var pid = (await File.ReadAllTextAsync(Path.Combine(state, $"{service}.pid"))).Trim();
                Assert.Equal($"{Prefix}-{service}", await LocalScripts.RunAsync($"ip netns identify {pid}"));
            }

            // The README's queries, unchanged but for the port: the spec's answers for the samples.
            using var gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var samples = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "deploy", "sample-data"), "*.json")
                .Select(f => SpecRelease.Parse(File.ReadAllText(f))).ToList();
            var oracle = new SpecOracle(samples);
            ApiAssert.RankingEquals(oracle.Ranking("2025"), await gateway.GetJsonAsync("/api/rankings/2025"));
            ApiAssert.MoversEqual(oracle.Movers("2025"), await gateway.GetJsonAsync("/api/movers/2025"));

            // A publisher that is not .NET, as the publisher user, into the cluster's first node.
            var url = (await File.ReadAllTextAsync(Path.Combine(state, "publisher-amqp-url"))).Trim();
            Assert.Equal(hosts["mq1"], new Uri(url).Host);
            var id = $"cluster-up-amqp-{Guid.NewGuid():N}"[..28];
            var json = TestReleases.Json(id, "2019", [("440300", 123.4m), ("310000", 120m)]);
            await LocalScripts.RunAsync($"amqp-publish --url='{url}' -e trademesh.releases -r '' -p -C application/json -b '{json}'");
            await gateway.WaitAppliedAsync(id, TimeSpan.FromSeconds(60), () => "");
            var ranking = await gateway.GetJsonAsync("/api/rankings/2019");
            Assert.Equal("440300", ranking.GetProperty("entries")[0].GetProperty("cityCode").GetString());

            // The CLI given every node, the first one dead (nothing listens on 5672 at pgmon's
            // address): it publishes through the next, as the services' cluster configuration does.
            var cliId = $"cluster-up-cli-{Guid.NewGuid():N}"[..28];
            var file = Path.Combine(state, "cli-release.json");
            await File.WriteAllTextAsync(file, TestReleases.Json(cliId, "2018", [("310000", 99m), ("440300", 98m)]));
            await LocalScripts.RunAsync($"dotnet '{CliProcess.Dll}' push '{file}' --via amqp --amqp '{url}' " +
                $"--amqp-nodes '{hosts["pgmon"]}:5672,{hosts["mq2"]}:5672' --gateway http://127.0.0.1:{port} --wait --timeout 60");
            await gateway.WaitAppliedAsync(cliId, TimeSpan.FromSeconds(60), () => "");
            Assert.Equal("310000", (await gateway.GetJsonAsync("/api/rankings/2018")).GetProperty("entries")[0].GetProperty("cityCode").GetString());
        }
        finally
        {
            await LocalScripts.RunAsync("\"$LOCAL_DIR/cluster-down.sh\" --purge", environment: environment, timeout: TimeSpan.FromMinutes(5));
        }
        Assert.False(Directory.Exists(state));
        var namespaces = await LocalScripts.RunAsync("ip netns list");
        Assert.DoesNotContain($"{Prefix}-", namespaces);
        Assert.DoesNotContain($"{Prefix}-r0", await LocalScripts.RunAsync("ip -o link show"));
    }
}
