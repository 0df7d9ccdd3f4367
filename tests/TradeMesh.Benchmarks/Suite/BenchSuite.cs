namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// The issue-8 suite, in one run against a system started by deploy/local/bench.sh: the baselines
/// first, then the pipeline, the gateway, a steady run at half rate, and the rebuild from a store
/// of the full size. A section that fails is reported as failed and the others still run.
/// </summary>
public static class BenchSuite
{
    public static async Task<int> RunAsync(SuiteOptions o)
    {
        var endpoints = new Endpoints(o.State);
        var table = new ResultTable();
        var tag = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        await using var probe = new StoreProbe(endpoints.Postgres);
        await using var pusher = await ReleasePusher.ConnectAsync(endpoints);
        await using var feed = await EventFeed.ConnectAsync(endpoints.Amqp);
        var pipeline = new Pipeline(pusher, probe, o.WaitLimit);
        foreach (var line in MachineInfo.Describe(await probe.PostgresVersionAsync(), await MachineInfo.RabbitVersionAsync(endpoints.RabbitManagement, endpoints.RabbitPassword))) table.Machine(line);
        table.Machine($"sizes: {(o.Quick ? "--quick" : "full")}; figures marked x are value / baseline of the same run");
        table.Machine($"tracing: {Environment.GetEnvironmentVariable("TRADEMESH_TRACING") ?? "on"} (TRADEMESH_TRACING; span export to the trace viewer)");
        var failures = 0;

        async Task Section(string name, Func<Task> body)
        {
            if (o.Only is { } only && name != "warm-up" && !only.Contains(name)) return;
            Console.WriteLine($"==> {name}");
            try { await body(); }
            catch (Exception ex)
            {
                failures++;
                Console.Error.WriteLine($"{name} failed: {ex}");
                table.Add(new Figure($"{name}", $"FAILED: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}"));
            }
        }

        // JIT, connection pools and caches of every path warmed by one small release each, so the
        // first measured section does not pay for them.
        await Section("warm-up", async () =>
        {
            await pipeline.DirectAsync(feed, $"warm{tag}", 1, 1_000, 2990);
            await pipeline.BurstAsync("amqp", $"warm{tag}", 1, 1_000, 2992);
            await pipeline.BurstAsync("http", $"warm{tag}", 1, 1_000, 2994);
        });
        RabbitResult? rabbit = null;
        Burst? direct = null, http = null;
        string? rankingPeriod = null;
        await Section("RabbitMQ baseline", async () =>
        {
            var messages = RabbitBaseline.ChunkMessages(o.ReleaseCities);
            rabbit = await RabbitBaseline.RunAsync(endpoints.Amqp, messages, o.RabbitMessages);
            table.Add(new Figure($"RabbitMQ carrying the pipeline's chunk messages: {Format.N(o.RabbitMessages)} persistent messages of "
                + $"{Format.Bytes(rabbit.Bytes / rabbit.Messages)} (1,000 events), confirms (window {RabbitBaseline.Window}), a quorum queue, "
                + $"one consumer (prefetch {RabbitBaseline.Prefetch}) acking after a no-op",
                $"{Format.Rate(rabbit.EventRate, "events")} ({Format.Rate(rabbit.MessageRate, "msgs")})", Target: "baseline"));
            table.Stage("RabbitMQ, chunk messages", "publish with confirms alone", Format.Rate(rabbit.PublishRate, "msgs"));
        });
        // Binary COPY of the rows a section just stored, on one connection (the appender's: one batch
        // at a time) and on two (one per core): what PostgreSQL alone does with the same rows.
        async Task<double> CopyBaseline(string what, Burst burst)
        {
            var one = await PostgresBaseline.CopyStoredRowsAsync(endpoints.Postgres, burst.Events, 1);
            var two = await PostgresBaseline.CopyStoredRowsAsync(endpoints.Postgres, burst.Events, 2);
            table.Add(new Figure($"PostgreSQL binary COPY of the {Format.N(burst.Events)} mt_events rows {what} stored (table like mt_events), 1 connection",
                Format.Rate(one, "rows"), $"2 connections {Format.Rate(two, "rows")}", Target: "baseline"));
            return Math.Max(one, two);
        }
        // The projection service's CPU over a burst: its cost per event, which other
        // work on the machine slows but does not change, so runs on a busy machine still compare.
        async Task<Burst> Measured(string where, Func<Task<Burst>> run)
        {
            var before = ProcessUse.Of(endpoints.Pid("projections"));
            var burst = await run();
            if (ProcessUse.Of(endpoints.Pid("projections")) is { } after && before is { } b)
            {
                var used = after - b;
                table.Stage(where, "projection service: CPU seconds per 1,000 events", $"{used.CpuSeconds * 1000 / burst.Events:0.000} s");
            }
            return burst;
        }
        string RabbitColumn() => rabbit is null ? "" : $"RabbitMQ, same messages, {Format.Rate(rabbit.EventRate, "events")}";
        await Section("projection service called directly", async () =>
        {
            direct = await Measured("projection direct", () => pipeline.DirectAsync(feed, tag, o.DirectReleases, o.ReleaseCities, 2100));
            table.Add(new Figure($"projection service called directly: {o.DirectReleases} x {Format.N(o.ReleaseCities)} events to its queue -> applied",
                Format.Rate(direct.Rate, "events"), RabbitColumn(), rabbit is null ? null : direct.Rate / rabbit.EventRate, "baseline of the pipeline"));
            BurstStages(table, "projection direct", "every event confirmed by the broker (chunks of 1,000, window 16)", direct);
            var copy = await CopyBaseline("this section", direct);
            table.Stage("projection direct", "applied rate against the faster COPY of the same rows", $"{direct.Rate / copy:0.00}x");
        });
        foreach (var via in new[] { "amqp", "http" })
        {
            await Section($"pipeline {via}", async () =>
            {
                var burst = await Measured($"pipeline {via}", () => pipeline.BurstAsync(via, tag, o.SustainedReleases, o.ReleaseCities, via == "amqp" ? 2200 : 2250));
                if (via == "http") http = burst;
                table.Add(new Figure($"pipeline over {via.ToUpperInvariant()}: {o.SustainedReleases} x {Format.N(o.ReleaseCities)}-city releases, push -> applied",
                    Format.Rate(burst.Rate, "city-events"), RabbitColumn(), rabbit is null ? null : burst.Rate / rabbit.EventRate));
                BurstStages(table, $"pipeline {via}", via == "http" ? "every release answered 202 (4 POSTs at a time)" : "every release message confirmed by the broker", burst);
                if (direct is not null) table.Stage($"pipeline {via}", "rate against the projection service called directly", $"{burst.Rate / direct.Rate:0.00}x");
                var copy = await CopyBaseline($"the {via.ToUpperInvariant()} pipeline", burst);
                // The issue's 0.30x is the realistic workload's target; this workload is the best case (totals only, fresh periods).
                table.Add(new Figure($"the same, against the faster COPY of its own rows (best-case workload)", $"{burst.Rate / copy:0.00}x",
                    $"COPY {Format.Rate(copy, "rows")}", burst.Rate / copy, ">= 0.30x (target set for the realistic workload)"));
            });
        }
        await Section("pipeline realistic", async () =>
        {
            var work = RealisticReleases.Burst(tag, o.SustainedReleases, o.ReleaseCities, 2600);
            var burst = await Measured("pipeline realistic", () => pipeline.BurstAsync("http", work, (long)work.Count * o.ReleaseCities));
            table.Add(new Figure($"pipeline over HTTP, realistic: {work.Count} x {Format.N(o.ReleaseCities)}-city releases (all measures, national totals, "
                + "both levels, years, months and YTD, every fourth a revision of a published year), push -> applied",
                Format.Rate(burst.Rate, "city-events"), http is null ? "" : $"best case {Format.Rate(http.Rate, "city-events")}", http is null ? null : burst.Rate / http.Rate));
            BurstStages(table, "pipeline realistic", "every release answered 202 (4 POSTs at a time)", burst);
            var copy = await CopyBaseline("the realistic pipeline", burst);
            table.Add(new Figure("the same, against the faster COPY of its own rows", $"{burst.Rate / copy:0.00}x",
                $"COPY {Format.Rate(copy, "rows")}", burst.Rate / copy, ">= 0.30x", burst.Rate / copy >= 0.30));
        });
        // Best-case releases over both paths, then realistic ones (the issue's p99 target is for those).
        foreach (var (name, via, realistic) in new[] { ("lone release amqp", "amqp", false), ("lone release http", "http", false), ("lone release realistic", "http", true) })
        {
            await Section(name, async () =>
            {
                var baseYear = realistic ? 2700 : via == "amqp" ? 2300 : 2350;
                var lone = realistic
                    ? await pipeline.LoneAsync(via, RealisticReleases.Burst($"lone{tag}", o.LatencyRepetitions, o.ReleaseCities, baseYear))
                    : await pipeline.LoneAsync(via, tag, o.LatencyRepetitions, o.ReleaseCities, baseYear);
                if (!realistic) rankingPeriod = BenchEvents.MonthlyPeriod(baseYear, 0);
                var applied = lone.Select(l => l.Applied).ToList();
                var p99 = Stats.Percentile(applied, 0.99);
                // What the projection service alone needs for 5,000 events at its measured rate: the floor.
                var floor = direct is null ? (double?)null : o.ReleaseCities / direct.Rate * 1000;
                var (what, target, limit) = realistic
                    ? ("realistic release (all measures, years, months and YTD, every fourth a revision)", "p99 <= 500 ms", 500)
                    : ("release (best case)", "p99 <= 2 s", 2_000);
                table.Add(new Figure($"a {Format.N(o.ReleaseCities)}-city {what} over {via.ToUpperInvariant()}, push -> visible, median / p99 of {lone.Count}",
                    $"{Format.Ms(Stats.Median(applied))} / {Format.Ms(p99)}", floor is null ? "" : $"{Format.Ms(floor.Value)} (5,000 events at the direct rate)",
                    floor is null ? null : Stats.Median(applied) / floor, target, p99 <= limit));
                var where = $"{name} (medians)";
                table.Stage(where, via == "http" ? "push -> 202 (validated, events confirmed by the broker)" : "push -> broker confirm of the release message", Format.Ms(Stats.Median(lone.Select(l => l.Answered))));
                table.Stage(where, "push -> ingestion has every event confirmed (intake marked published)", Format.Ms(Stats.Median(lone.Select(l => l.Accepted ?? double.NaN))));
                table.Stage(where, "push -> last event stored in mt_events (append transaction start)", Format.Ms(Stats.Median(lone.Select(l => l.Stored))));
                table.Stage(where, "push -> applied, seen by polling every 25 ms", Format.Ms(Stats.Median(applied)));
            });
        }
        await Section("gateway against direct", async () =>
        {
            var path = $"/api/rankings/{rankingPeriod ?? "2025"}";
            var directRuns = new List<(double Rps, double Ms)>();
            var gatewayRuns = new List<(double Rps, double Ms)>();
            await Wrk.RunAsync(new Uri(endpoints.Gateway, path), 2); // warm both paths (caches, JIT, connections)
            for (var i = 0; i < o.WrkPairs; i++)
            {
                directRuns.Add(await Wrk.RunAsync(new Uri(endpoints.Projections, path), o.WrkSeconds, $"{StateCredentials.GatewaySecretHeader}: {endpoints.GatewaySecret}"));
                gatewayRuns.Add(await Wrk.RunAsync(new Uri(endpoints.Gateway, path), o.WrkSeconds));
            }
            double dRps = directRuns.Average(d => d.Rps), gRps = gatewayRuns.Average(g => g.Rps);
            double dMs = directRuns.Average(d => d.Ms), gMs = gatewayRuns.Average(g => g.Ms);
            var runs = $"wrk 2 threads, 8 connections, {o.WrkSeconds} s, {o.WrkPairs} alternating pair(s)";
            table.Add(new Figure($"GET {path} through the gateway, requests/s ({runs})", Format.Rate(gRps, "req"),
                $"direct {Format.Rate(dRps, "req")}", gRps / dRps, ">= 0.75x", gRps / dRps >= 0.75));
            table.Add(new Figure($"GET {path} through the gateway, median latency", $"{Format.Ms(gMs)} (+{gMs - dMs:0.00} ms)",
                $"direct {Format.Ms(dMs)}", gMs / dMs, "<= +0.5 ms", gMs - dMs <= 0.5));
        });
        // Before the steady run, which at today's rates stores millions of events: the rebuild is of a 1M store.
        await Section("rebuild", async () =>
        {
            var rebuild = new Rebuild(endpoints, probe, o.WaitLimit);
            var (added, feedSeconds) = await rebuild.FillAsync(pipeline, tag, o.StoredEvents, o.ReleaseCities, 2800);
            if (added > 0) table.Stage("store fill (realistic releases over HTTP, large store)", $"{Format.N(added)} events to applied", Format.Rate(added / feedSeconds, "events"));
            await rebuild.WaitCaughtUpAsync();
            var stored = await probe.StoredEventsAsync();
            var realistic = await probe.RealisticEventsAsync();
            var copyRate = await PostgresBaseline.CopyAsync(endpoints.Postgres, stored);
            var copySeconds = stored / copyRate;
            table.Add(new Figure($"PostgreSQL binary COPY of {Format.N(stored)} event rows (table like mt_events)", Format.Rate(copyRate, "rows"), Target: "baseline"));
            var insertRate = await PostgresBaseline.InsertAsync(endpoints.Postgres, o.InsertRows);
            table.Add(new Figure($"PostgreSQL batched INSERT of {Format.N(o.InsertRows)} event rows (1,000 per round trip and transaction)",
                Format.Rate(insertRate, "rows"), $"COPY {Format.Rate(copyRate, "rows")}", insertRate / copyRate, "baseline"));
            if (direct is not null) table.Stage("projection direct", "rate against the batched INSERT baseline", $"{direct.Rate / insertRate:0.00}x");
            var readSeconds = await probe.ReadAllEventsAsync();
            table.Stage("rebuild", $"reading the {Format.N(stored)} event rows in order with Npgsql (its first phase, without deserializing)", Format.S(readSeconds));
            ServiceMemory.ResetPeak(endpoints.Pid("projections"));
            var (answer, wall) = await rebuild.RunAsync();
            if (ServiceMemory.Read(endpoints.Pid("projections")) is { } during)
                table.Add(new Figure($"projections peak RSS during the rebuild of {Format.N(answer.Events)} events (VmHWM reset before it)", Format.Mb(during.Peak)));
            table.Stage("rebuild", "replaying the events into the periods' figures in memory (read, deserialize, apply)", Format.S(answer.ReplaySeconds));
            table.Stage("rebuild", "writing every document into new tables (COPY, in parallel) and swapping them in", Format.S(answer.WriteSeconds));
            table.Stage("rebuild", "documents written", $"{Format.N(answer.Documents)}, {answer.Documents / (double)answer.Events:0.00} per event");
            // The rebuild's three groups, each written on its own connection (ReadModelRebuilder).
            string[][] groups = [["mt_doc_cityperiodhistory"], ["mt_doc_periodfigures", "mt_doc_periodsummary", "mt_doc_releaseprogress", "mt_doc_citydirectory"],
                ["mt_doc_rankingview", "mt_doc_aggregateview"]];
            var (outputSeconds, outputBytes) = await PostgresBaseline.CopyRebuildOutputAsync(endpoints.Postgres, groups);
            table.Add(new Figure($"PostgreSQL taking the rebuild's own output ({Format.Bytes(outputBytes)} of rows): binary COPY with FREEZE into new tables, "
                + "indexes built after, the rebuild's 3 groups on 3 connections", Format.S(outputSeconds), Target: "baseline"));
            table.Add(new Figure("the rebuild's write phase (serialize, COPY, index, swap)", Format.S(answer.WriteSeconds),
                $"COPY of its output {Format.S(outputSeconds)}", answer.WriteSeconds / outputSeconds));
            table.Add(new Figure($"rebuild of every read model from {Format.N(answer.Events)} stored events ({Format.N(answer.Documents)} documents), "
                + $"{Format.N(realistic)} of them realistic, the rest best-case from the earlier sections",
                Format.S(wall), $"COPY of its output {Format.S(outputSeconds)}", wall / outputSeconds, "<= 1.5x", wall / outputSeconds <= 1.5));
            table.Stage("rebuild", $"against the COPY of the {Format.N(stored)} event rows it reads ({Format.S(copySeconds)})", $"{wall / copySeconds:0.00}x");
        });
        await Section("steady run", async () =>
        {
            var rate = (http?.Rate ?? 1_000) / 2;
            var steady = await new SteadyRun(pusher, probe, endpoints).RunAsync(tag, rate, o.SteadyReleaseCities, o.SteadyRun, 2400, o.WaitLimit);
            var about = $"{Format.Rate(steady.EventsPerSecond, "events")} over HTTP ({steady.Releases} x {Format.N(o.SteadyReleaseCities)}-city releases in {o.SteadyRun.TotalMinutes:0.#} min)";
            table.Add(new Figure($"projection lag p99 at half the sustainable rate, {about}: last event stored -> applied",
                Format.Ms(Stats.Percentile(steady.StoredToApplied, 0.99)), $"median {Format.Ms(Stats.Median(steady.StoredToApplied))}"));
            table.Add(new Figure("the same, push -> applied per release, p99", Format.Ms(Stats.Percentile(steady.PushToApplied, 0.99)),
                $"median {Format.Ms(Stats.Median(steady.PushToApplied))}"));
            foreach (var m in steady.Memory)
                table.Add(new Figure($"{m.Service} RSS slope in the steady run after {steady.Warmup.TotalMinutes:0.#} min of warm-up ({m.Samples} samples, one each {steady.SampleEvery.TotalSeconds:0} s)",
                    $"{m.SlopeMbPerHour:+0.0;-0.0} MB/h ({m.GrowthPctPerHour:+0.0;-0.0} % of the level per hour)", $"level {Format.Mb(m.LevelMb)}, max {Format.Mb(m.MaxMb)}",
                    Target: "< 5 % per hour", Met: m.GrowthPctPerHour < 5));
        });
        await Section("feed", async () =>
        {
            var feedLatency = new FeedLatency(endpoints);
            var times = await feedLatency.PushToFeedAsync(tag, o.Quick ? 5 : 20);
            table.Add(new Figure($"5,000-city release, 202 to its release-applied SSE event through the gateway ({times.Count} releases)",
                $"median {Format.Ms(Stats.Median(times))}, p99 {Format.Ms(Stats.Percentile(times, 0.99))}"));
            var (without, with) = await feedLatency.IdleClientsCostAsync(tag, 200, o.Quick ? 2 : 4, 5);
            var (medianWithout, medianWith) = (Stats.Median(without), Stats.Median(with));
            table.Add(new Figure($"5,000-city release over HTTP, push to applied, with 200 idle feed clients (median of {with.Count}, rounds alternating with none)",
                $"median {Format.Ms(medianWith)}, p90 {Format.Ms(Stats.Percentile(with, 0.9))}",
                $"none: median {Format.Ms(medianWithout)}, p90 {Format.Ms(Stats.Percentile(without, 0.9))}", medianWith / medianWithout, "no measurable cost"));
        });
        await Section("analyst reads", async () =>
        {
            var reads = new AnalystReads(endpoints, probe, o.WaitLimit);
            var (events, seconds) = await reads.FillAsync(feed, tag);
            table.Stage("analyst reads", $"store fill: {AnalystReads.Years} years x ({Format.N(AnalystReads.CityCodes)} cities + {Format.N(AnalystReads.Counties)} counties), fed directly",
                $"{Format.N(events)} events in {Format.S(seconds)}");
            var all = await reads.ReadModelBytesAsync();
            table.Stage("analyst reads", "read models stored (rankings, aggregates, city histories, period figures)", Format.Bytes(all));
            foreach (var (what, path, documents) in reads.Reads())
            {
                var r = await reads.MeasureAsync(what, path, documents, o.AnalystRepetitions);
                // Series and aggregates have the issue's target; the CSV rankings are reported beside them.
                var target = what.StartsWith("CSV", StringComparison.Ordinal) ? "" : "median <= 20 ms";
                double cold = Stats.Median(r.Cold), cached = Stats.Median(r.Cached);
                table.Add(new Figure($"{what} at the service, cold (documents not held by the service), median / p99 of {r.Cold.Count}",
                    $"{Format.Ms(cold)} / {Format.Ms(Stats.Percentile(r.Cold, 0.99))}", Target: target, Met: target == "" ? null : cold <= 20));
                table.Add(new Figure($"the same, cached, median / p99 of {r.Cached.Count}",
                    $"{Format.Ms(cached)} / {Format.Ms(Stats.Percentile(r.Cached, 0.99))}", $"cold {Format.Ms(cold)}", cached / cold, target, target == "" ? null : cached <= 20));
                table.Stage("analyst reads", r.Path, $"reads {documents.Count} document(s), {Format.Bytes(r.Bytes)} stored, of {Format.Bytes(all)} in the read models");
            }
        });
        foreach (var service in Endpoints.Services)
        {
            if (ServiceMemory.Read(endpoints.Pid(service)) is { } m)
                table.Add(new Figure($"{service} peak RSS over the whole run (VmHWM), RSS at the end", $"{Format.Mb(m.Peak)}, {Format.Mb(m.Rss)}"));
        }

        var markdown = table.ToMarkdown($"TradeMesh benchmark suite ({(o.Quick ? "quick" : "full")})");
        Directory.CreateDirectory(Path.GetDirectoryName(o.Output)!);
        await File.WriteAllTextAsync(o.Output, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"written to {o.Output}");
        return failures == 0 ? 0 : 1;
    }

    private static void BurstStages(ResultTable table, string where, string pushed, Burst b)
    {
        table.Stage(where, pushed, $"{Format.S(b.Pushed)} ({Format.Rate(b.Events / b.Pushed, "events")})");
        if (b.Accepted is { } a) table.Stage(where, "ingestion has every event confirmed by the broker", $"{Format.S(a)} ({Format.Rate(b.Events / a, "events")})");
        table.Stage(where, "every event stored in mt_events", $"{Format.S(b.Stored)} ({Format.Rate(b.Events / b.Stored, "events")})");
        table.Stage(where, "every event applied to the read models", $"{Format.S(b.Applied)} ({Format.Rate(b.Rate, "events")})");
    }
}
