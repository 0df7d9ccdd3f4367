using TradeMesh.Contracts;
using TradeMesh.Projections.Movers;
using TradeMesh.Projections.Rankings;
using static TradeMesh.Projections.Tests.Figures;
using TradeMesh.Projections.ReadModels;

namespace TradeMesh.Projections.Tests;

public class MoversCalculatorTests
{
    private static PeriodMovers MoversOf(params (string City, decimal Before, decimal Now)[] cities)
    {
        var before = Period("2024", [.. cities.Where(c => c.Before > 0).Select(c => Event("2024", c.City, c.Before))]);
        var now = Period("2025", [.. cities.Where(c => c.Now > 0).Select(c => Event("2025", c.City, c.Now))]);
        return MoversCalculator.Compute(
            RankingCalculator.Compute(P("2025"), now, before, Measure.Total),
            RankingCalculator.Compute(P("2024"), before, null, Measure.Total));
    }

    [Fact]
    public void An_overtake_needs_both_cities_ranked_before_and_their_order_flipped()
    {
        var movers = MoversOf(("100000", 500, 400), ("200000", 450, 450), ("300000", 100, 420), ("400000", 0, 1000));
        Assert.Equal([("200000", "100000"), ("300000", "100000")],
            movers.Overtakes.Select(o => (o.CityCode, o.OvertakenCityCode)));
        // 400000 is new (no previous rank), so the others keep their ranks but 100000 falls from 1 to 4.
        Assert.Empty(movers.Climbers);
        Assert.Equal([("100000", -3)], movers.Fallers.Select(c => (c.CityCode, c.RankChange)));
    }

    [Fact]
    public void Cities_tied_before_do_not_overtake_each_other()
    {
        var movers = MoversOf(("100000", 100, 200), ("200000", 100, 150));
        Assert.Empty(movers.Overtakes);
        Assert.Equal([("200000", -1)], movers.Fallers.Select(f => (f.CityCode, f.RankChange)));
    }

    [Fact]
    public void Milestones_are_crossings_either_way_highest_threshold_first()
    {
        var movers = MoversOf(("100000", 900, 10_500), ("200000", 5_000, 4_999), ("300000", 999, 1_000), ("400000", 1_000, 1_100));
        Assert.Equal([("100000", 10_000m, "up"), ("100000", 5_000m, "up"), ("200000", 5_000m, "down"), ("100000", 1_000m, "up"), ("300000", 1_000m, "up")],
            movers.Milestones.Select(m => (m.CityCode, m.Threshold, m.Direction)));
    }

    [Fact]
    public void Milestones_of_one_threshold_list_the_larger_value_first_then_the_city_code()
    {
        var movers = MoversOf(("700000", 800, 1_200), ("500000", 900, 1_200), ("600000", 900, 1_500), ("800000", 1_100, 900));
        Assert.Equal([("600000", "up"), ("500000", "up"), ("700000", "up"), ("800000", "down")],
            movers.Milestones.Select(m => (m.CityCode, m.Direction)));
    }

    [Fact]
    public void The_movers_of_a_stored_ranking_view_are_those_computed_from_both_rankings()
    {
        var before = Period("2024", [.. Enumerable.Range(0, 60).Select(i => Event("2024", $"{100000 + i}", 900 + i * 37 % 400))]);
        var now = Period("2025", [.. Enumerable.Range(0, 60).Select(i => Event("2025", $"{100000 + i}", 950 + i * 53 % 500))]);
        var view = TradeMesh.Projections.ReadModels.TradeReadModels.RankingViews(P("2025"), now, before).First();
        var computed = MoversCalculator.Compute(view.Ranking, RankingCalculator.Compute(P("2024"), before, null, Measure.Total));

        var stored = MoversCalculator.Of(view);
        Assert.NotEmpty(computed.Overtakes);
        Assert.NotEmpty(computed.Milestones);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(computed), System.Text.Json.JsonSerializer.Serialize(stored));
    }

    [Fact]
    public void Growth_lists_are_ordered_and_declines_hold_only_negative_growth()
    {
        var movers = MoversOf(("100000", 100, 150), ("200000", 100, 90), ("300000", 100, 80), ("400000", 100, 150));
        Assert.Equal(["100000", "400000", "200000", "300000"], movers.FastestGrowth.Select(g => g.CityCode));
        Assert.Equal(["300000", "200000"], movers.SteepestDecline.Select(g => g.CityCode));
        Assert.Single(movers.Top(1).FastestGrowth);
    }
}
