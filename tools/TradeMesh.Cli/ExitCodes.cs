namespace TradeMesh.Cli;

/// <summary>
/// What a script can test after running the CLI. Kept few and coarse on purpose: a script mostly
/// needs to know whether to fix its input (1, 2), retry later (3) or look elsewhere (4).
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 1;
    public const int Refused = 2;
    public const int Unavailable = 3;
    public const int NotFound = 4;

    /// <summary>
    /// The exit code for an HTTP answer. A 400 on a query names a bad argument of ours (a usage
    /// error); on a release it is the server refusing the release.
    /// </summary>
    public static int ForHttpStatus(int status, bool isQuery) => status switch
    {
        >= 200 and < 300 => Success,
        404 => NotFound,
        >= 500 => Unavailable,
        _ => isQuery ? Usage : Refused, // 400, 401, 403, 409 and the other 4xx
    };
}

/// <summary>Ends the command with a message and an exit code; Program prints it to stderr.</summary>
internal class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Bad arguments or an unreadable file: the usage hint is printed after the message.</summary>
internal sealed class UsageException(string message) : CliException(ExitCodes.Usage, message);
