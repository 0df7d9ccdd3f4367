using TradeMesh.Contracts;
using TradeMesh.Projections.Aggregates;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Cities.ListingCities;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Movers;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingProgress;
using TradeMesh.Projections.Releases.Warning;

namespace TradeMesh.Projections.ReadModels;

/// <summary>
/// Applies stored CityTradeReported events to every read model. Work is per batch, not per event:
/// each touched period and release document is loaded once and written once, and a period's
/// rankings are recomputed once. An event of period P changes P's models and those of P+1 (its
/// previous ranks, growth and movers), so the cost of a batch depends on the size of the periods
/// it touches, never on how many events the store holds. <see cref="ReadModelRebuilder"/> makes the
/// same documents from the same functions.
/// </summary>
public static class TradeReadModels
{
    /// <summary>Applies the events; returns the releases they completed and the periods they changed.</summary>
    public static async Task<(List<ReleaseProgress> Completed, Dictionary<string, PeriodFigures> Changed)> ApplyAsync(
        IReadModelSession session, IReadOnlyList<CityTradeReported> events, CancellationToken ct)
    {
        var completed = new List<ReleaseProgress>();
        if (events.Count == 0) return (completed, []);
        var changed = await ApplyFiguresAsync(session, events, ct, completed);
        // Rankings, aggregates and histories show complete releases only, so only a batch that
        // completes a release changes them: its period's, and the following period's (growth, previous
        // ranks). A 5,000-city release spans two or three batches (releases pushed together interleave
        // in the store), and every batch had rewritten the views of every period it touched.
        var shown = completed.Select(r => changed[r.Period]).Distinct().ToList();
        if (shown.Count == 0) return (completed, changed);
        var recomputed = await RecomputeAsync(session, shown, ct);
        var directory = (await session.LoadManyAsync<CityDirectory>([CityDirectory.TheId], ct)).FirstOrDefault() ?? new CityDirectory();
        var noted = false;
        foreach (var period in HistoriesChanged(completed, changed, recomputed).GroupBy(h => h.Period, h => h.City))
            foreach (var history in CityPeriodHistory.Shown(recomputed[period.Key].Figures, period, recomputed[period.Key].Points))
            {
                session.Store(history);
                noted |= directory.Note(history);
            }
        // The directory (every city, most of a megabyte) changes only when a city's name or its first or last period does.
        if (noted) session.Store(directory);
        return (completed, changed);
    }

    /// <summary>
    /// The (period, city) histories a batch changes: every city of a period where this batch
    /// completed a release (its figures join, and the ranks and shares of the others may move); and
    /// in the following period, the cities of those releases (their growth compares with the new
    /// figures). An event of a release still incomplete changes no history (histories show
    /// complete releases only), so none is written for it: writing them cost 1.8 history rows per
    /// event instead of 1 when a 5,000-city release spans two daemon batches.
    /// </summary>
    private static HashSet<(string Period, string City)> HistoriesChanged(List<ReleaseProgress> completed, Dictionary<string, PeriodFigures> periods,
        Dictionary<string, (PeriodFigures Figures, Dictionary<string, List<RankedPoint>> Points)> recomputed)
    {
        var result = new HashSet<(string Period, string City)>();
        foreach (var releases in completed.GroupBy(r => r.Period))
        {
            var figures = periods[releases.Key];
            var ids = releases.Select(r => r.Id).ToHashSet();
            foreach (var city in figures.Cities.Keys) result.Add((releases.Key, city));
            if (!recomputed.TryGetValue(Period.Parse(releases.Key).FollowingPeriod.ToString(), out var following)) continue;
            foreach (var (city, list) in figures.Cities)
                if (following.Figures.Cities.ContainsKey(city) && list.Any(f => ids.Contains(f.ReleaseId)))
                    result.Add((following.Figures.Id, city));
        }
        return result;
    }

    /// <summary>Adds the events' figures to their periods and release progress; returns the periods changed.</summary>
    public static async Task<Dictionary<string, PeriodFigures>> ApplyFiguresAsync(IReadModelSession session, IReadOnlyList<CityTradeReported> events,
        CancellationToken ct, List<ReleaseProgress>? completed = null)
    {
        var periods = await LoadOrCreateAsync<PeriodFigures>(session, events.Select(e => e.Period), id => new() { Id = id }, ct);
        var progress = await LoadOrCreateAsync<ReleaseProgress>(session, events.Select(e => e.ReleaseId), id => new() { Id = id }, ct);
        var comparisons = await ComparisonsAsync(session, periods, ct);
        var now = DateTimeOffset.UtcNow;

        foreach (var e in events)
        {
            var release = progress[e.ReleaseId];
            (release.Period, release.Cities, release.PublishedAt, release.Stage) = (e.Period, e.ReleaseCityCount, e.PublishedAt, e.Stage.Name());
            // An event applied again (a replay) is recognised by its id and counted once.
            if (!periods[e.Period].Add(e)) continue;
            release.Applied++;
            // Complete now: its warnings are judged against the comparison period as it stands at this event.
            if (release.Applied == release.Cities)
            {
                release.AppliedAt = now;
                release.Warnings = ReleaseWarnings.AtApply(e.ReleaseId, periods[e.Period], comparisons(Period.Parse(e.Period).ComparisonPeriod));
                completed?.Add(release);
            }
        }

        foreach (var p in periods.Values) { session.Store(p); session.Store(PeriodSummary.Of(p)); }
        foreach (var r in progress.Values) session.Store(r);
        return periods;
    }

    /// <summary>
    /// Recomputes the rankings of the changed periods and of the periods that compare with them.
    /// The changed periods are passed in as they are now: a store not yet committed cannot be
    /// loaded back. Returns each recomputed period's figures and its cities' ranked points.
    /// </summary>
    public static async Task<Dictionary<string, (PeriodFigures Figures, Dictionary<string, List<RankedPoint>> Points)>> RecomputeAsync(
        IReadModelSession session, IReadOnlyCollection<PeriodFigures> changed, CancellationToken ct)
    {
        var result = new Dictionary<string, (PeriodFigures, Dictionary<string, List<RankedPoint>>)>();
        var figures = changed.ToDictionary(f => f.Id);
        var periods = changed.Select(f => Period.Parse(f.Id)).ToList();
        var recompute = periods.Concat(periods.Select(p => p.FollowingPeriod)).Distinct().ToList();
        var missing = recompute.Concat(recompute.Select(p => p.ComparisonPeriod)).Select(p => p.ToString())
            .Where(id => !figures.ContainsKey(id)).Distinct().ToArray();
        foreach (var f in await session.LoadManyAsync<PeriodFigures>(missing, ct)) figures[f.Id] = f;

        foreach (var p in recompute)
        {
            if (!figures.TryGetValue(p.ToString(), out var current)) continue;
            var previous = figures.GetValueOrDefault(p.ComparisonPeriod.ToString());
            var views = RankingViews(p, current, previous).ToList();
            foreach (var view in views) session.Store(view);
            foreach (var view in AggregateCalculator.Views(p, current, previous)) session.Store(view);
            result[current.Id] = (current, CityPeriodHistory.PointsOf(views));
        }
        return result;
    }

    /// <summary>A period's ranking views, one per measure, from its figures and its comparison period's.</summary>
    public static IEnumerable<RankingView> RankingViews(Period period, PeriodFigures current, PeriodFigures? previous)
    {
        foreach (var measure in Measures.All)
        foreach (var level in (CityLevel[])[CityLevel.City, CityLevel.County])
        {
            var ranking = RankingCalculator.Compute(period, current, previous, measure, level: level);
            var previousValues = previous?.Effective(measure).ToDictionary(f => f.CityCode, f => f.Value(measure)!.Value) ?? [];
            yield return new RankingView
            {
                Id = RankingView.IdFor(period.ToString(), measure, level),
                Ranking = ranking,
                Overtakes = MoversCalculator.Overtakes(ranking.Entries),
                Milestones = MoversCalculator.Milestones(ranking.Entries, previousValues),
            };
        }
    }

    /// <summary>A lookup of the comparison periods of the given ones, the given ones (as they change) included.</summary>
    private static async Task<Func<Period, PeriodFigures?>> ComparisonsAsync(IReadModelSession session,
        Dictionary<string, PeriodFigures> periods, CancellationToken ct)
    {
        var ids = periods.Keys.Select(p => Period.Parse(p).ComparisonPeriod.ToString()).Where(id => !periods.ContainsKey(id)).Distinct().ToArray();
        var others = (await session.LoadManyAsync<PeriodFigures>(ids, ct)).ToDictionary(f => f.Id);
        return p => periods.GetValueOrDefault(p.ToString()) ?? others.GetValueOrDefault(p.ToString());
    }

    private static async Task<Dictionary<string, T>> LoadOrCreateAsync<T>(IReadModelSession session, IEnumerable<string> ids,
        Func<string, T> create, CancellationToken ct) where T : class, IReadModel
    {
        var wanted = ids.Distinct().ToArray();
        var found = (await session.LoadManyAsync<T>(wanted, ct)).ToDictionary(d => d.Id);
        foreach (var id in wanted) if (!found.ContainsKey(id)) found[id] = create(id);
        return found;
    }
}
