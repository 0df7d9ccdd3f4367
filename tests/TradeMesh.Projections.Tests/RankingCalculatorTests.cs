using TradeMesh.Contracts;
using TradeMesh.Projections.Rankings;
using static TradeMesh.Projections.Tests.Figures;

namespace TradeMesh.Projections.Tests;

public class RankingCalculatorTests
{
    [Fact]
    public void Ties_share_a_rank_are_listed_by_code_and_the_next_rank_skips()
    {
        var now = Period("2025", Event("2025", "300000", 50), Event("2025", "200000", 80), Event("2025", "100000", 80), Event("2025", "400000", 10));
        var ranking = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);

        Assert.Equal([1, 1, 3, 4], ranking.Entries.Select(e => e.Rank));
        Assert.Equal(["100000", "200000", "300000", "400000"], ranking.Entries.Select(e => e.CityCode));
        // The gap is to the nearest city ranked above, so tied cities have none between them.
        Assert.Equal([null, null, 30m, 40m], ranking.Entries.Select(e => e.GapToAbove));
    }

    [Fact]
    public void Share_is_of_the_national_total_when_reported_else_of_the_listed_cities()
    {
        var now = Period("2025", Event("2025", "100000", 30, exports: 20, imports: 10, national: 300), Event("2025", "200000", 10, exports: 5, imports: 5));

        var total = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);
        Assert.Equal("national", total.ShareBasis);
        Assert.Equal([10m, 3.33m], total.Entries.Select(e => e.SharePct));

        var exports = RankingCalculator.Compute(P("2025"), now, null, Measure.Exports);
        Assert.Equal("listed", exports.ShareBasis);
        Assert.Null(exports.NationalTotal);
        Assert.Equal([80m, 20m], exports.Entries.Select(e => e.SharePct));
    }

    [Fact]
    public void Later_stage_supersedes_earlier_whatever_the_arrival_order()
    {
        var revised = Event("2025", "100000", 120, ReleaseStage.Revised, Jan.AddDays(30), "rev");
        var preliminary = Event("2025", "100000", 100, ReleaseStage.Preliminary, Jan.AddDays(60), "pre-late");
        var official = Event("2025", "100000", 110, ReleaseStage.Official, Jan, "off");

        foreach (var order in new[] { new[] { revised, preliminary, official }, [official, preliminary, revised], [preliminary, revised, official] })
        {
            var entry = RankingCalculator.Compute(P("2025"), Period("2025", order), null, Measure.Total).Entries.Single();
            Assert.Equal(120m, entry.Value);
            Assert.Equal("revised", entry.Stage);
            Assert.Equal("rev", entry.ReleaseId);
        }
    }

    [Fact]
    public void At_equal_stage_the_later_publication_wins_and_as_of_sees_only_what_was_published()
    {
        var early = Event("2025", "100000", 100, ReleaseStage.Official, Jan, "early", national: 1000);
        var late = Event("2025", "100000", 90, ReleaseStage.Official, Jan.AddDays(1), "late");
        var now = Period("2025", late, early);

        var latest = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);
        Assert.Equal(90m, latest.Entries.Single().Value);
        Assert.Equal(1000m, latest.NationalTotal); // a release without a national total keeps the one before

        var asOf = RankingCalculator.Compute(P("2025"), now, null, Measure.Total, Jan.AddHours(1));
        Assert.Equal(100m, asOf.Entries.Single().Value);
        Assert.Empty(RankingCalculator.Compute(P("2025"), now, null, Measure.Total, Jan.AddHours(-1)).Entries);
    }

    [Fact]
    public void Growth_is_reported_for_total_and_computed_otherwise_with_previous_ranks()
    {
        var before = Period("2024-06-YTD", Event("2024-06-YTD", "100000", 200, exports: 100), Event("2024-06-YTD", "200000", 100, exports: 50));
        var now = Period("2025-06-YTD", Event("2025-06-YTD", "100000", 150, exports: 60, yoy: -25), Event("2025-06-YTD", "200000", 180, exports: 90));

        var total = RankingCalculator.Compute(P("2025-06-YTD"), now, before, Measure.Total);
        Assert.Equal("2024-06-YTD", total.ComparedWith);
        var first = total.Entries[0];
        Assert.Equal(("200000", 80.00m, 2, 1), (first.CityCode, first.YoyPct!.Value, first.PreviousRank!.Value, first.RankChange!.Value));
        Assert.Equal((-25m, -1), (total.Entries[1].YoyPct!.Value, total.Entries[1].RankChange!.Value));

        var exports = RankingCalculator.Compute(P("2025-06-YTD"), now, before, Measure.Exports);
        Assert.Equal([80m, -40m], exports.Entries.Select(e => e.YoyPct!.Value));
    }

    [Fact]
    public void Percentages_round_half_away_from_zero_and_money_is_never_rounded()
    {
        Assert.Equal(0.13m, Percent.Round(0.125m));
        Assert.Equal(-0.13m, Percent.Round(-0.125m));
        var now = Period("2025", Event("2025", "100000", 10508.6m), Event("2025", "200000", 9300.0001m));
        Assert.Equal(1208.5999m, RankingCalculator.Compute(P("2025"), now, null, Measure.Total).Entries[1].GapToAbove);
    }

    [Fact]
    public void A_release_counts_only_once_all_its_cities_are_stored()
    {
        CityTradeReported Part(string city, decimal total) => Event("2025", city, total, ReleaseStage.Revised, Jan.AddDays(9), "rev") with { ReleaseCityCount = 2 };
        var now = Period("2025", Event("2025", "100000", 100, national: 1000), Event("2025", "200000", 90), Part("100000", 50) with { NationalTotal = 2000 });

        var partial = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);
        Assert.Equal([100m, 90m], partial.Entries.Select(e => e.Value));
        Assert.Equal(1000m, partial.NationalTotal);

        now.Add(Part("200000", 40));
        var complete = RankingCalculator.Compute(P("2025"), now, null, Measure.Total);
        Assert.Equal([50m, 40m], complete.Entries.Select(e => e.Value));
        Assert.Equal(2000m, complete.NationalTotal);
    }

    [Fact]
    public void The_earliest_year_compares_with_a_year_it_cannot_have()
    {
        var ranking = RankingCalculator.Compute(P("1900"), Period("1900", Event("1900", "100000", 1)), null, Measure.Total);
        Assert.Equal("1899", ranking.ComparedWith);
    }
}
