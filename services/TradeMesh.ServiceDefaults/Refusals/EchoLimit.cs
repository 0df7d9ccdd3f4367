using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Problems quote the input they refuse ("period: '…' is not YYYY"). A quoted value is cut to
/// <see cref="MaxQuoted"/> characters and a whole text to <see cref="MaxText"/>, so a 4,000-character
/// bad value is not echoed back whole (nor logged twice by every proxy on the way).
/// </summary>
public static partial class EchoLimit
{
    public const int MaxQuoted = 64;
    public const int MaxText = 1_000;

    public static void Apply(ProblemDetails problem)
    {
        if (problem.Detail is { } detail) problem.Detail = Cut(detail);
        if (problem.Extensions.TryGetValue("reasons", out var reasons) && reasons is IEnumerable<string> list)
            problem.Extensions["reasons"] = list.Select(Cut).ToList();
    }

    public static string Cut(string text)
    {
        text = Quoted().Replace(text, m => m.Value[0] + Prefix(m.Groups["value"].Value, MaxQuoted) + "…" + m.Value[0]);
        return text.Length <= MaxText ? text : Prefix(text, MaxText) + "…";
    }

    /// <summary>The first <paramref name="length"/> characters, never half a surrogate pair.</summary>
    private static string Prefix(string text, int length) =>
        char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    [GeneratedRegex("'(?<value>[^']{65,})'|\"(?<value>[^\"]{65,})\"")]
    private static partial Regex Quoted();
}
