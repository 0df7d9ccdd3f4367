namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// The phases of a fault suite (FaultSuiteTests on one machine, CrossHostFaultTests across hosts):
/// each pushes a stream of releases, fires its fault only once work is seen in flight, and then
/// checks that every accepted release is applied exactly once, that the read models equal a fresh
/// rebuild and that the error queues hold only the poison the phase sent on purpose. Each phase is
/// a line of the suite's table.
/// </summary>
public sealed class FaultPhases(TradeMeshSystem system, ITestOutputHelper output, string label)
{
    public const int ReleasesPerPhase = 10, Cities = 1_000;
    private readonly List<string> _poison = [];
    private readonly StringBuilder _report = new(
        "| fault | in flight at the fault | pushes | accepted | applied (measured) | duplicates absorbed | detected after | healthy again after | all applied after |\n" +
        "|---|---|---|---|---|---|---|---|---|\n");

    public ReleaseStream Stream { get; } = new(system);

    /// <param name="inject">Fires the fault and brings the part back; answers what was seen of it and when the part was back (seconds from the fault).</param>
    public async Task RunAsync(int phase, string fault, Func<Task<(string Detected, double Back)>> inject)
    {
        var pushes = Stream.Pushes;
        var before = Stream.Accepted.Keys.ToHashSet();
        var duplicates = SystemChecks.DuplicatesAbsorbed(system);
        var pushing = PushReleasesAsync(phase);
        // The fault fires only once work is seen in flight: releases accepted and not yet applied.
        var inFlight = await InFlight.WaitAsync(system, Stream, TimeSpan.FromSeconds(60));
        Assert.True(inFlight.NotApplied > 0, $"phase {phase}: nothing in flight when the fault was due ({inFlight})");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} phase {phase}: {fault}, {inFlight}");
        var clock = Stopwatch.StartNew();
        var (detected, back) = await inject();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} phase {phase}: {detected}; part back at {back:F1} s");
        await system.WaitHealthyAsync(TimeSpan.FromMinutes(3));
        var healthy = clock.Elapsed.TotalSeconds;
        await pushing;
        _poison.Add($"poison of {label} phase {phase}: not a release");
        await ConfirmedAmqp.PublishAsync(system.Amqp, "trademesh.releases", "", [_poison[^1]]);

        Assert.Empty(Stream.WrongAnswers);
        await SystemChecks.AssertAppliedExactlyOnceAsync(system, Stream.Accepted);
        var appliedAfter = clock.Elapsed.TotalSeconds;
        await SystemChecks.AssertEqualToRebuildAsync(system);
        await AssertOnlyPoisonInErrorQueuesAsync();

        var phaseAccepted = Stream.Accepted.Keys.Except(before).ToList();
        var applied = await InFlight.AppliedAsync(system, phaseAccepted, Stream.Accepted);
        Assert.Equal(phaseAccepted.Count, applied);
        var line = $"| {fault} | {inFlight} | {Stream.Pushes - pushes} | {phaseAccepted.Count} | {applied} | " +
                   $"{SystemChecks.DuplicatesAbsorbed(system) - duplicates} | {detected} | {healthy:F1} s (part back at {back:F1} s) | {appliedAfter:F1} s |";
        _report.AppendLine(line);
        output.WriteLine(line);
    }

    /// <summary>The table so far, printed and written to TestResults/FILE under the title.</summary>
    public async Task WriteAsync(string file, string title)
    {
        output.WriteLine(_report.ToString());
        var path = Path.Combine(TestEnvironment.RepoRoot, "TestResults", file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, $"{title}, {DateTime.UtcNow:u}, {Environment.ProcessorCount} cores\n\n{_report}");
    }

    /// <summary>A release of the suite's own: every test city, figures that differ per year.</summary>
    public string Release(string id, int year) =>
        TestReleases.Json(id, $"{year}", Enumerable.Range(0, Cities).Select(c => (TestCodes.City(c), 50m + c + year % 7)));

    public string Id(int phase, string what) => $"{label}-{phase}-{what}";

    /// <summary>Ten releases, one every 300 ms, alternately over HTTP (through the gateway) and AMQP.</summary>
    private Task PushReleasesAsync(int phase) =>
        Task.WhenAll(Enumerable.Range(0, ReleasesPerPhase).Select(async i =>
        {
            await Task.Delay(300 * i);
            var id = Id(phase, $"{i}");
            var json = Release(id, 2200 + phase * 20 + i);
            await (i % 2 == 0 ? Stream.PushHttpAsync(id, json, Cities) : Stream.PushAmqpAsync(id, json, Cities));
        }));

    /// <summary>The poison sent on purpose lands in trademesh.releases_error; nothing else is in an error queue.</summary>
    private async Task AssertOnlyPoisonInErrorQueuesAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> releasesError;
        while ((releasesError = await SystemChecks.PeekQueueAsync(system, "trademesh.releases_error")).Count < _poison.Count && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.Equal(_poison.Order(), releasesError.Order());
        Assert.Empty(await SystemChecks.PeekQueueAsync(system, "trademesh.projections_error"));
    }
}
