namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>
/// One reason a release is refused: the field it is about, named as the format names it
/// ("period", "cities[3].total", "row 4, column total"), and what is wrong there. A reason about a
/// city or one of its values also carries the city (<see cref="CityDraft.Where"/>), so the rules ask
/// "has this city a reason already?" of a field, not of the text. The API answers it as "field: message".
/// </summary>
public sealed record Reason(string Field, string Message, string? City = null)
{
    public const string Body = "body";

    /// <summary>
    /// "field: message", with control characters shown as \uXXXX: a reason quotes the input it
    /// refuses, and PostgreSQL's jsonb (where refusals are stored) takes no \u0000.
    /// </summary>
    public override string ToString() => Visible($"{Field}: {Message}");

    private static string Visible(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) : text;

    /// <summary>The reasons as the API answers them (HTTP problem, AMQP rejection, status URL).</summary>
    public static List<string> Texts(IEnumerable<Reason> reasons) => [.. reasons.Select(r => r.ToString())];
}
