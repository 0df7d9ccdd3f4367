using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

public sealed record SubmitReleaseResponse(string ReleaseId, string Status, int Cities, string StatusUrl, string? TraceId);

/// <summary>POST /api/releases: validate, take in once, answer 202 only after the broker confirmed.</summary>
public static class SubmitRelease
{
    public static async Task<Results<Accepted<SubmitReleaseResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, CityRegistry registry, ReleaseIntakeService intake, CancellationToken ct)
    {
        var draft = JsonReleaseReader.Read(await ReadBodyAsync(request, ct));
        var (release, reasons) = ReleaseRules.Validate(draft, registry);
        if (release is null)
            return Problem(StatusCodes.Status400BadRequest, "The release was rejected", $"{reasons.Count} rule(s) failed; nothing was applied.", reasons);

        var (result, record) = await intake.SubmitAsync(release, ct);
        return result switch
        {
            IntakeResult.Accepted => TypedResults.Accepted($"/api/releases/{record.Id}",
                new SubmitReleaseResponse(record.Id, ReleaseStatuses.Accepted, record.Cities, $"/api/releases/{record.Id}", record.TraceId)),
            IntakeResult.Conflict => Problem(StatusCodes.Status409Conflict, "Release id already used",
                $"Release '{record.Id}' was already received with other content; send it under a new id.", []),
            _ => Problem(StatusCodes.Status503ServiceUnavailable, "Broker unavailable",
                "The message broker did not confirm the release; nothing was accepted. Send it again.", []),
        };
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<string> reasons) =>
        TypedResults.Problem(detail, statusCode: status, title: title,
            extensions: reasons.Count > 0 ? new Dictionary<string, object?> { ["reasons"] = reasons } : null);
}
