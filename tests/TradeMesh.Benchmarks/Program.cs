using TradeMesh.Benchmarks;
using TradeMesh.Benchmarks.Suite;

// Usage: dotnet run --project tests/TradeMesh.Benchmarks -c Release -- [queries|push|apply|throughput ...]
// against a system started by deploy/local/up.sh (gateway :8080, projections :5102, RabbitMQ :5672);
// or `-- suite [--quick] [--state DIR] [--out FILE]`, the issue-8 suite that deploy/local/bench.sh runs;
// or `-- pipeline --state DIR --label NAME --base-year YEAR`, one burst (deploy/local/bench-tracing.sh).
if (args is ["suite", ..])
    return await BenchSuite.RunAsync(SuiteOptions.Parse(args[1..]));
if (args is ["pipeline", ..])
    return await PipelineRound.RunAsync(args[1..]);

var target = Target.FromEnvironment();
var scenarios = args.Length > 0 ? args : ["queries", "push", "apply", "throughput"];
foreach (var scenario in scenarios)
{
    var rows = scenario switch
    {
        "queries" => await Scenarios.QueriesAsync(target),
        "push" => await Scenarios.PushAsync(target),
        "apply" => await Scenarios.ApplyCostAsync(target),
        "throughput" => await Scenarios.ThroughputAsync(target),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    Console.WriteLine($"\n### {scenario}\n\n| measure | value |\n|---|---|");
    foreach (var (name, value) in rows) Console.WriteLine($"| {name} | {value} |");
}
return 0;
