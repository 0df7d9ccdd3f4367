namespace TradeMesh.Gateway.Diagnostics;

/// <summary>
/// GET /internal/memory, mapped only with Diagnostics:MemoryEndpoint=true (tests): the managed
/// heap after a full blocking collection, and the process's working set, so a test can show that
/// a flood leaves no state behind. Never on by default: a forced collection is expensive.
/// </summary>
public static class MemoryEndpoint
{
    public static void MapMemoryEndpointForTests(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Diagnostics:MemoryEndpoint", false)) return;
        app.MapGet("/internal/memory", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Ok(new { gcHeapBytes = GC.GetTotalMemory(false), workingSetBytes = process.WorkingSet64 });
        });
    }
}
