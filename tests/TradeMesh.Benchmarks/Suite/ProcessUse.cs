namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// What a process has used so far, from /proc: CPU seconds (user + system) and bytes read
/// (rchar: every read call, sockets included, so what it received from PostgreSQL and RabbitMQ).
/// The difference over a section is the service's own cost of it, which other work on the
/// machine slows but does not add to (unlike wall time).
/// </summary>
public readonly record struct ProcessUse(double CpuSeconds, long BytesRead)
{
    // USER_HZ: the unit of utime and stime, 100 on Linux.
    private const double TicksPerSecond = 100;

    public static ProcessUse? Of(int? pid)
    {
        if (pid is null) return null;
        try
        {
            // Fields after the command name (which may hold spaces) in ")": utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var rchar = File.ReadLines($"/proc/{pid}/io").First(l => l.StartsWith("rchar:", StringComparison.Ordinal))["rchar:".Length..].Trim();
            return new ProcessUse(ticks / TicksPerSecond, long.Parse(rchar, CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null; // the process is gone
        }
    }

    public static ProcessUse operator -(ProcessUse a, ProcessUse b) => new(a.CpuSeconds - b.CpuSeconds, a.BytesRead - b.BytesRead);
}
