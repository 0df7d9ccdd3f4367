using System.Text.RegularExpressions;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>Runs wrk (2 threads, 8 connections) against one URL: requests/s and median latency.</summary>
public static partial class Wrk
{
    public static async Task<(double Rps, double MedianMs)> RunAsync(Uri url, int seconds, string? header = null)
    {
        string[] arguments = header is null ? ["-t2", "-c8", $"-d{seconds}s", "--latency", url.ToString()]
            : ["-t2", "-c8", $"-d{seconds}s", "--latency", "-H", header, url.ToString()];
        var info = new ProcessStartInfo("wrk", arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {await process.StandardError.ReadToEndAsync()}");
        // Any non-2xx answer (e.g. 429 from a rate limit left on) would make the figures meaningless.
        if (output.Contains("Non-2xx", StringComparison.Ordinal)) throw new InvalidOperationException($"wrk saw non-2xx answers from {url}:\n{output}");
        var rps = double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var median = Median().Match(output);
        var value = double.Parse(median.Groups[1].Value, CultureInfo.InvariantCulture);
        var ms = median.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        return (rps, ms);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"\s50%\s+([0-9.]+)(us|ms|s)\b")]
    private static partial Regex Median();
}
