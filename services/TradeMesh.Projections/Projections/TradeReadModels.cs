using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Movers;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Projections;

/// <summary>
/// Applies one batch of stored CityTradeReported events to every read model. Work is per batch,
/// not per event: each touched period, city and release document is loaded once and written once,
/// and a period's ranking and movers are recomputed once. An event of period P changes P's models
/// and those of P+1 (its previous ranks, growth and movers), so the cost of a batch depends on the
/// size of the periods it touches, never on how many events the store holds.
/// </summary>
public static class TradeReadModels
{
    public static async Task ApplyAsync(IDocumentOperations ops, IReadOnlyList<CityTradeReported> events, CancellationToken ct)
    {
        if (events.Count == 0) return;

        // Periods whose figures change, plus their neighbours needed to recompute rankings.
        var changed = events.Select(e => Period.Parse(e.Period)).Distinct().ToList();
        var recompute = changed.Concat(changed.Select(p => p.FollowingPeriod)).Distinct().ToList();
        var needed = recompute.Concat(recompute.Select(p => p.ComparisonPeriod)).Select(p => p.ToString()).Distinct().ToArray();

        var figures = (await ops.LoadManyAsync<PeriodFigures>(ct, needed)).ToDictionary(f => f.Id);
        foreach (var e in events)
        {
            if (!figures.TryGetValue(e.Period, out var period)) figures[e.Period] = period = new PeriodFigures { Id = e.Period };
            period.Add(e);
        }

        foreach (var p in changed.Select(p => p.ToString()))
        {
            ops.Store(figures[p]);
            ops.Store(Summarize(figures[p]));
        }

        foreach (var p in recompute)
        {
            var current = figures.GetValueOrDefault(p.ToString());
            if (current is null) continue;
            var previous = figures.GetValueOrDefault(p.ComparisonPeriod.ToString());
            foreach (var measure in Measures.All)
            {
                var ranking = RankingCalculator.Compute(p.ToString(), current, previous, measure);
                var previousRanking = RankingCalculator.Compute(p.ComparisonPeriod.ToString(), previous, null, measure);
                var id = RankingView.IdFor(p.ToString(), measure);
                ops.Store(new RankingView { Id = id, Ranking = ranking });
                ops.Store(new MoversView { Id = id, Movers = MoversCalculator.Compute(ranking, previousRanking) });
            }
        }

        await ApplyHistoriesAsync(ops, events, ct);
        await ApplyProgressAsync(ops, events, ct);
    }

    private static async Task ApplyHistoriesAsync(IDocumentOperations ops, IReadOnlyList<CityTradeReported> events, CancellationToken ct)
    {
        var codes = events.Select(e => e.CityCode).Distinct().ToArray();
        var histories = (await ops.LoadManyAsync<CityHistoryView>(ct, codes)).ToDictionary(h => h.Id);
        foreach (var e in events)
        {
            if (!histories.TryGetValue(e.CityCode, out var history)) histories[e.CityCode] = history = new CityHistoryView { Id = e.CityCode };
            history.Add(e);
        }
        foreach (var history in histories.Values) ops.Store(history);
    }

    private static async Task ApplyProgressAsync(IDocumentOperations ops, IReadOnlyList<CityTradeReported> events, CancellationToken ct)
    {
        var releases = events.GroupBy(e => e.ReleaseId).ToList();
        var progress = (await ops.LoadManyAsync<ReleaseProgress>(ct, releases.Select(r => r.Key).ToArray())).ToDictionary(p => p.Id);
        foreach (var release in releases)
        {
            var first = release.First();
            if (!progress.TryGetValue(release.Key, out var p))
                progress[release.Key] = p = new ReleaseProgress { Id = release.Key, Period = first.Period, Cities = first.ReleaseCityCount, PublishedAt = first.PublishedAt };
            // The event store holds each event id once, so counting events counts cities.
            p.Applied += release.Count();
            ops.Store(p);
        }
    }

    private static PeriodSummary Summarize(PeriodFigures figures)
    {
        var all = figures.Cities.Values.SelectMany(f => f).ToList();
        return new PeriodSummary
        {
            Id = figures.Id,
            Cities = figures.Cities.Count,
            Releases = all.Select(f => f.ReleaseId).Distinct().Count(),
            FirstPublishedAt = all.Min(f => f.PublishedAt),
            LastPublishedAt = all.Max(f => f.PublishedAt),
        };
    }
}
