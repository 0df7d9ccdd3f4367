using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Aggregates;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Cities.ListingCities;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.ReadModels;

/// <summary>The event store and its projections, in one place.</summary>
public static class ProjectionsConfig
{
    public static void ConfigureEventStore(this StoreOptions opts)
    {
        // Stored JSON leaves out null members (a figure's absent exports, imports, growth): a tenth
        // fewer bytes for every event and document to write, parse and read back. Reading is the
        // same either way, so documents and events stored with nulls read as before.
        opts.UseSystemTextJsonForSerialization(configure: o => o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        // One stream per release, keyed by its id.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        // An event id is derived from (release, city, period): the store refuses it twice.
        opts.Events.EnableUniqueIndexOnEventId = true;
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.AddEventType<CityTradeReported>();
    }

    public static void ConfigureProjections(this StoreOptions opts)
    {
        opts.Projections.Add(new TradeProjection(), ProjectionLifecycle.Async, TradeProjection.Name, asyncConfiguration: o =>
        {
            // Big batches: a batch recomputes each touched period once, so fewer batches is less work.
            o.BatchSize = 5_000;
            o.MaximumHopperSize = 20_000;
            o.DeleteViewTypeOnTeardown<PeriodFigures>();
            o.DeleteViewTypeOnTeardown<RankingView>();
            o.DeleteViewTypeOnTeardown<CityPeriodHistory>();
            o.DeleteViewTypeOnTeardown<PeriodSummary>();
            o.DeleteViewTypeOnTeardown<ReleaseProgress>();
            o.DeleteViewTypeOnTeardown<AggregateView>();
            o.DeleteViewTypeOnTeardown<CityDirectory>();
        });
        // The daemon polls for new events; idle polling is what a lone release waits for.
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);

        opts.Schema.For<PeriodFigures>();
        opts.Schema.For<RankingView>();
        // A city's history is found by its code: an indexed column, not a scan of JSON.
        opts.Schema.For<CityPeriodHistory>().Duplicate(h => h.CityCode);
        opts.Schema.For<PeriodSummary>();
        opts.Schema.For<ReleaseProgress>();
        opts.Schema.For<AggregateView>();
        opts.Schema.For<CityDirectory>();
    }
}
