namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// The CPU seconds (user + system) a process has used so far, from /proc. The difference over a
/// section is the service's own cost of it, which other work on the machine slows but does not
/// add to (unlike wall time).
/// </summary>
public readonly record struct ProcessUse(double CpuSeconds)
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
            return new ProcessUse(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // the process is gone
        }
    }

    public static ProcessUse operator -(ProcessUse a, ProcessUse b) => new(a.CpuSeconds - b.CpuSeconds);
}
