using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Ingestion.Releases.OpeningTrace;
using TradeMesh.Ingestion.Releases.Rejecting;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

public sealed record SubmitReleaseResponse(string ReleaseId, ReleaseStatus Status, int Cities, string StatusUrl, string? TraceId, string? TraceUrl,
    IReadOnlyList<ReleaseWarning> Warnings, int WarningCount);

/// <summary>
/// POST /api/releases (JSON, or CSV with the release fields in the query): validate, take in
/// once, answer 202 only after the broker confirmed every event.
/// </summary>
public static class SubmitRelease
{
    /// <summary>The largest release body taken (HTTP and AMQP); 5,000 cities fit in about 1 MiB.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    public static async Task<Results<Accepted<SubmitReleaseResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, ReleaseIntakeService intake, ReleaseRejections rejections, IConfiguration configuration, CancellationToken ct)
    {
        if (ReleaseMediaType.Of(request.ContentType) is not { } mediaType)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send a release as {string.Join(" or ", ReleaseMediaType.Supported)} (charset, if given, utf-8); CSV carries the release fields as query parameters.",
                [$"Content-Type: '{request.ContentType}' is not supported"], new() { ["supported"] = ReleaseMediaType.Supported });
        var isCsv = mediaType == ReleaseMediaType.Csv;

        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Release too large",
                $"A release body may hold at most {MaxBodyBytes / (1024 * 1024)} MiB; nothing was applied.", []);

        var draft = isCsv
            ? CsvReleaseReader.Read(request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()), body.Value.Span)
            : JsonReleaseReader.Read(body.Value);
        var (release, refused) = ReleaseRules.Validate(draft);
        if (release is null)
        {
            var reasons = Reason.Texts(refused);
            // Recorded so that its status URL says why (an id too malformed to look up is not).
            if (ReleaseRules.IsValidReleaseId(draft.ReleaseId))
                await rejections.RecordAsync(draft.ReleaseId!, reasons, ct);
            return Problem(StatusCodes.Status400BadRequest, "The release was rejected", $"{reasons.Count} rule(s) failed; nothing was applied.", reasons);
        }

        var (result, record) = await intake.SubmitAsync(release, ct);
        return result switch
        {
            IntakeResult.Accepted => TypedResults.Accepted($"/api/releases/{record.Id}",
                new SubmitReleaseResponse(record.Id, ReleaseStatus.Accepted, record.Cities, $"/api/releases/{record.Id}", record.TraceId,
                    TraceLink.For(configuration, record.TraceId), [.. record.Warnings.Take(ReleaseWarning.Listed)], record.Warnings.Count)),
            IntakeResult.Conflict => Problem(StatusCodes.Status409Conflict, "Release id already used",
                $"Release '{record.Id}' was already received with other content; send it under a new id.", []),
            _ => Problem(StatusCodes.Status503ServiceUnavailable, "Broker unavailable",
                "The message broker did not confirm the release; nothing was accepted. Send it again.", []),
        };
    }

    /// <summary>The body, or null when it is larger than the limit (read no further than that).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<string> reasons,
        Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        if (reasons.Count > 0) extensions["reasons"] = reasons;
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions.Count > 0 ? extensions : null);
    }
}
