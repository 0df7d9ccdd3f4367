using System.CommandLine;

namespace TradeMesh.Cli.Releases;

/// <summary>
/// The release-level fields a CSV file cannot carry (it has one city per row), given as options.
/// They become query parameters over HTTP, or the top of the release JSON over AMQP. The CLI only
/// checks they are present: the server applies the rules and lists every reason.
/// </summary>
internal sealed record ReleaseFields(string ReleaseId, string Period, string Stage, string Unit, string PublishedAt, string? NationalTotal)
{
    /// <summary>The options of `push` that carry the fields, in the order of the contract.</summary>
    public sealed class Options
    {
        private readonly Option<string>[] _required =
        [
            new("--release-id") { HelpName = "ID", Description = "CSV only: the release id" },
            new("--period") { HelpName = "PERIOD", Description = "CSV only: YYYY, YYYY-MM or YYYY-MM-YTD" },
            new("--stage") { HelpName = "STAGE", Description = "CSV only: preliminary, official or revised" },
            new("--unit") { HelpName = "UNIT", Description = "CSV only: CNY, CNY_10K, CNY_100M, CNY_BN or CNY_TN" },
            new("--published-at") { HelpName = "INSTANT", Description = "CSV only: an ISO-8601 instant" },
        ];
        private readonly Option<string> _nationalTotal = new("--national-total") { HelpName = "N", Description = "CSV only, optional: the national total" };

        public IEnumerable<Option> All => [.. _required, _nationalTotal];

        public bool AnyGiven(ParseResult result) => _required.Append(_nationalTotal).Any(o => result.GetResult(o) is not null);

        public ReleaseFields From(ParseResult result)
        {
            var missing = _required.Where(o => string.IsNullOrEmpty(result.GetValue(o))).Select(o => o.Name).ToList();
            if (missing.Count > 0)
                throw new UsageException($"a CSV release needs {string.Join(", ", missing)} (the release fields the rows do not carry)");
            string Value(int i) => result.GetValue(_required[i])!;
            return new ReleaseFields(Value(0), Value(1), Value(2), Value(3), Value(4), result.GetValue(_nationalTotal));
        }
    }

    /// <summary>`?releaseId=&amp;period=&amp;stage=&amp;unit=&amp;publishedAt=&amp;nationalTotal=` as in the product contract.</summary>
    public string QueryString() => Commands.Query.Build(("releaseId", ReleaseId), ("period", Period), ("stage", Stage), ("unit", Unit),
        ("publishedAt", PublishedAt), ("nationalTotal", NationalTotal));
}
