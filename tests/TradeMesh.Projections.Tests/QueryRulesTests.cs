using TradeMesh.Projections.Figures;
using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.Rankings;
using static TradeMesh.Projections.Tests.Figures;

namespace TradeMesh.Projections.Tests;

public class QueryRulesTests
{
    [Theory]
    [InlineData("2026-02-01")]
    [InlineData("02/01/2026")]
    [InlineData("2026-02-01T00:00:00")]
    [InlineData("tomorrow")]
    public void AsOf_without_a_full_instant_and_zone_is_named(string text)
    {
        var args = new QueryArguments();
        Assert.Null(args.AsOf(text));
        Assert.StartsWith("asOf:", Assert.Single(args.Problems));
    }

    [Theory]
    [InlineData("2026-02-01T00:00:00Z", 0)]
    [InlineData("2026-02-01T08:00:00+08:00", 8)]
    [InlineData("2026-02-01T08:00:00 08:00", 8)] // an unencoded '+' arrives as a space
    public void AsOf_takes_an_instant_with_its_zone(string text, int offsetHours)
    {
        var args = new QueryArguments();
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), args.AsOf(text));
        Assert.Empty(args.Problems);
        Assert.Equal(offsetHours, args.AsOf(text)!.Value.Offset.Hours);
    }

    [Fact]
    public void Every_unparsable_parameter_is_named_at_once()
    {
        var args = new QueryArguments();
        args.Top("abc", 50);
        args.Offset("-1");
        args.Unit("USD");
        args.Level("town");
        args.Province("Atlantis");
        args.Measure("weight");
        Assert.Equal(["top", "offset", "unit", "level", "province", "measure"], args.Problems.Select(p => p[..p.IndexOf(':')]));
    }

    [Theory]
    [InlineData("Guangdong")]
    [InlineData("guangdong")]
    [InlineData("广东")]
    [InlineData("44")]
    public void A_province_is_found_by_English_Chinese_name_or_code(string text) =>
        Assert.Equal("44", new QueryArguments().Province(text)!.Code);

    [Fact]
    public void Money_converts_exactly_in_every_unit()
    {
        // 10,508.6 亿元 is 1,050,860,000,000 yuan.
        Assert.Equal(1_050_860_000_000m, Money.In(10508.6m, TradeUnit.CNY));
        Assert.Equal(105_086_000m, Money.In(10508.6m, TradeUnit.CNY_10K));
        Assert.Equal(1050.86m, Money.In(10508.6m, TradeUnit.CNY_BN));
        Assert.Equal(1.05086m, Money.In(10508.6m, TradeUnit.CNY_TN));
        Assert.Equal(10508.6m, Money.In(10508.6m, TradeUnit.CNY_100M));
    }

    [Fact]
    public void Periods_sort_newest_end_first_then_the_longer_span()
    {
        string[] periods = ["2025-12", "2024", "2025-11", "2025", "2025-11-YTD", "2026-01"];
        Assert.Equal(["2026-01", "2025", "2025-12", "2025-11-YTD", "2025-11", "2024"], periods.Order(PeriodOrder.NewestFirst));
    }

    [Fact]
    public void Cities_and_counties_are_ranked_apart()
    {
        // Jinhua (city) and Yiwu (a county inside it): never in one ranking.
        var now = Period("2025", Event("2025", "330700", 10508.6m), Event("2025", "330782", 6000m), Event("2025", "320583", 7000m));
        var cities = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);
        var counties = RankingCalculator.Compute(P("2025"), now, null, Measure.Total, level: CityLevel.County);
        Assert.Equal(["330700"], cities.Entries.Select(e => e.CityCode));
        Assert.Equal(["320583", "330782"], counties.Entries.Select(e => e.CityCode));
        Assert.Equal([1, 2], counties.Entries.Select(e => e.Rank));
        Assert.Equal("county", counties.Level);
        // The code decides the province and the registry gives the Chinese names.
        Assert.Equal(("Zhejiang", "义乌", "浙江"), (counties.Entries[1].Province, counties.Entries[1].NameZh, counties.Entries[1].ProvinceZh));
    }

    [Fact]
    public async Task History_and_periods_show_a_release_only_once_all_its_cities_are_stored()
    {
        var events = new[] { "110000", "310000", "440300" }
            .Select(c => Event("2025", c, 100m, release: "three") with { ReleaseCityCount = 3 }).ToList();
        var session = new MemoryReadModelSession();

        await TradeReadModels.ApplyAsync(session, events[..2], CancellationToken.None);
        // No history is written for a release still incomplete (it would be rewritten at completion).
        Assert.Empty(session.All<CityPeriodHistory>());
        Assert.Equal(0, Assert.Single(session.All<PeriodSummary>()).Cities);

        // A city whose only figure is of another release, still incomplete, gets no history when "three" completes.
        var pending = Event("2025", "320500", 50m, release: "pending") with { ReleaseCityCount = 2 };
        await TradeReadModels.ApplyAsync(session, [pending, events[2]], CancellationToken.None);
        // The cities of the first batch are stored again once the release is complete.
        Assert.Equal(3, session.All<CityPeriodHistory>().Count(h => h.Figures.Count == 1));
        Assert.DoesNotContain(session.All<CityPeriodHistory>(), h => h.CityCode == "320500");
        // The rebuild stores the histories the same rule gives.
        var period = session.All<PeriodFigures>().Single();
        Assert.Equal(CityPeriodHistory.Shown(period, period.Cities.Keys).Select(h => h.Id).Order(),
            session.All<CityPeriodHistory>().Select(h => h.Id).Order());
        Assert.Equal((3, 1), (session.All<PeriodSummary>().Single().Cities, session.All<PeriodSummary>().Single().Releases));
    }

    [Fact]
    public async Task Only_a_batch_that_completes_a_release_recomputes_its_period_and_the_next()
    {
        var session = new MemoryReadModelSession();
        // 2025 holds data first; 2024 (its comparison period) arrives later, over two batches.
        await TradeReadModels.ApplyAsync(session, [Event("2025", "110000", 120m), Event("2025", "310000", 90m, release: "2025-b")], CancellationToken.None);
        var total2025 = RankingView.IdFor("2025", Measure.Total);
        Assert.All(session.All<RankingView>().Single(v => v.Id == total2025).Ranking.Entries, e => Assert.Null(e.YoyPct));

        var year2024 = new[] { "110000", "310000" }.Select(c => Event("2024", c, 100m, release: "2024-two") with { ReleaseCityCount = 2 }).ToList();
        await TradeReadModels.ApplyAsync(session, year2024[..1], CancellationToken.None);
        // Incomplete: no ranking of 2024 yet, and 2025's growth still has nothing to compare with.
        Assert.DoesNotContain(session.All<RankingView>(), v => v.Id.StartsWith("2024", StringComparison.Ordinal));
        Assert.All(session.All<RankingView>().Single(v => v.Id == total2025).Ranking.Entries, e => Assert.Null(e.YoyPct));

        await TradeReadModels.ApplyAsync(session, year2024[1..], CancellationToken.None);
        // Complete: both periods' views are what the rebuild computes from the final figures.
        var figures = session.All<PeriodFigures>().ToDictionary(f => f.Id);
        foreach (var (period, previous) in new[] { ("2024", (PeriodFigures?)null), ("2025", figures["2024"]) })
            foreach (var expected in TradeReadModels.RankingViews(P(period), figures[period], previous))
            {
                var stored = session.All<RankingView>().Single(v => v.Id == expected.Id);
                Assert.Equal(expected.Ranking.Entries.Select(e => (e.CityCode, e.Rank, e.YoyPct)), stored.Ranking.Entries.Select(e => (e.CityCode, e.Rank, e.YoyPct)));
            }
        Assert.Contains(session.All<RankingView>().Single(v => v.Id == total2025).Ranking.Entries, e => e.CityCode == "110000" && e.YoyPct == 20m);
    }

    [Fact]
    public void History_growth_is_the_rankings_where_none_was_reported()
    {
        var before = Period("2024", Event("2024", "110000", 80m));
        var now = Period("2025", Event("2025", "110000", 100m));
        var history = CityPeriodHistory.ToHistory("110000", [CityPeriodHistory.Of(before, "110000"), CityPeriodHistory.Of(now, "110000")],
            Measure.Total, null, TradeUnit.CNY_100M);
        var ranking = RankingCalculator.Compute(P("2025"), now, before, Measure.Total);
        Assert.Equal(ranking.Entries[0].YoyPct, history.Periods[1].Effective.YoyPct);
        Assert.Equal(25m, history.Periods[1].Effective.YoyPct);
    }
}
