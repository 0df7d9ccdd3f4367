using Marten;
using Weasel.Postgresql.Tables;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Rebuilding;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Tests;

/// <summary>
/// The rebuild writes Marten's document tables by COPY, column by column. These are the tables
/// Marten itself defines for this store's configuration: if an upgrade adds, drops or renames a
/// column, this fails instead of a rebuild silently writing documents Marten reads differently.
/// </summary>
public class DocumentTableSwapLayoutTests
{
    private static readonly DocumentStore Store = DocumentStore.For(o =>
    {
        o.Connection("Host=127.0.0.1;Port=1;Database=none"); // never opened: only the mappings are read
        o.DatabaseSchemaName = "trademesh";
        o.ConfigureEventStore();
        o.ConfigureProjections();
    });

    public static TheoryData<Type, string?> ReadModels => new()
    {
        { typeof(PeriodFigures), null },
        { typeof(RankingView), null },
        { typeof(CityPeriodHistory), "city_code" },
        { typeof(PeriodSummary), null },
        { typeof(ReleaseProgress), null },
    };

    [Theory]
    [MemberData(nameof(ReadModels))]
    public void Martens_table_holds_exactly_the_columns_the_rebuild_writes_or_leaves_to_defaults(Type documentType, string? duplicated)
    {
        var name = ((IDocumentStore)Store).Options.FindOrResolveDocumentType(documentType).TableName;
        var table = Store.Options.Storage.FindFeature(documentType).Objects.OfType<Table>().Single(t => t.Identifier.Equals(name));
        var expected = DocumentTableSwap.WrittenColumns.Concat(DocumentTableSwap.DefaultedColumns)
            .Concat(duplicated is null ? [] : [duplicated]).Order().ToList();
        Assert.Equal(expected, table.Columns.Select(c => c.Name).Order().ToList());
        Assert.All(DocumentTableSwap.DefaultedColumns, c => Assert.False(string.IsNullOrEmpty(table.ColumnFor(c)!.DefaultExpression), $"{c} has no default"));
    }
}
