namespace TradeMesh.Cli.Releases;

/// <summary>
/// The release-level fields a CSV file cannot carry (it has one city per row), given as options.
/// They become query parameters over HTTP, or the top of the release JSON over AMQP. The CLI only
/// checks they are present: the server applies the rules and lists every reason.
/// </summary>
internal sealed record ReleaseFields(string ReleaseId, string Period, string Stage, string Unit, string PublishedAt, string? NationalTotal)
{
    public static readonly string[] Options = ["--release-id", "--period", "--stage", "--unit", "--published-at", "--national-total"];
    private static readonly string[] Required = Options[..^1];

    public static bool AnyGiven(Arguments args) => Options.Any(args.Has);

    public static ReleaseFields From(Arguments args)
    {
        var missing = Required.Where(o => string.IsNullOrEmpty(args.Value(o))).ToList();
        if (missing.Count > 0)
            throw new UsageException($"a CSV release needs {string.Join(", ", missing)} (the release fields the rows do not carry)");
        return new ReleaseFields(args.Value("--release-id")!, args.Value("--period")!, args.Value("--stage")!,
            args.Value("--unit")!, args.Value("--published-at")!, args.Value("--national-total"));
    }

    /// <summary>`?releaseId=&amp;period=&amp;stage=&amp;unit=&amp;publishedAt=&amp;nationalTotal=` as in the product contract.</summary>
    public string QueryString()
    {
        var pairs = new List<(string, string)>
        {
            ("releaseId", ReleaseId), ("period", Period), ("stage", Stage), ("unit", Unit), ("publishedAt", PublishedAt),
        };
        if (NationalTotal is not null) pairs.Add(("nationalTotal", NationalTotal));
        return "?" + string.Join('&', pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
