using System.Collections.Concurrent;

namespace TradeMesh.EndToEnd.Tests.Deployment.Kubernetes;

/// <summary>
/// An overlay of deploy/k8s as `kubectl kustomize` renders it, with what the offline validator
/// (deploy/k8s/validate, installed by deploy/local/test.sh) says about it. kubectl runs with a
/// kubeconfig whose only server is https://127.0.0.1:1, so it can never reach a cluster.
/// </summary>
public sealed record RenderedOverlay(IReadOnlyList<JsonElement> Documents, IReadOnlyList<string> Errors)
{
    public static readonly string K8sDir = Path.Combine(TestEnvironment.RepoRoot, "deploy", "k8s");
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Renders = new();

    public static Task<RenderedOverlay> Of(string overlay) =>
        Renders.GetOrAdd(overlay, o => new(() => RenderAsync(o))).Value;

    public IEnumerable<JsonElement> OfKind(string kind) => Documents.Where(d => d.Str("kind") == kind);

    public JsonElement Single(string kind, string name) =>
        Assert.Single(OfKind(kind), d => d.GetProperty("metadata").Str("name") == name);

    public static async Task<RenderedOverlay> ValidateAsync(string manifests)
    {
        var validator = Path.Combine(K8sDir, "validate");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")),
            $"the validator's packages are missing: deploy/local/test.sh installs them (npm ci --prefix {validator})");
        var (_, output, errors) = await RunAsync("node", [Path.Combine(validator, "validate.mjs")], validator, manifests);
        using var json = JsonDocument.Parse(output.Length > 0 ? output : throw new InvalidOperationException("validator printed nothing: " + errors));
        return new(
            json.RootElement.GetProperty("documents").EnumerateArray().Select(d => d.Clone()).ToList(),
            json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    private static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"trademesh-no-cluster-{Environment.ProcessId}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{ name: none, cluster: { server: "https://127.0.0.1:1" } }]
            contexts: [{ name: none, context: { cluster: none } }]
            current-context: none
            """);
        var (exit, yaml, errors) = await RunAsync("kubectl", ["kustomize", Path.Combine(K8sDir, "overlays", overlay)], K8sDir, null,
            new() { ["KUBECONFIG"] = kubeconfig });
        Assert.True(exit == 0, $"kubectl kustomize {overlay} failed: {errors}");
        return await ValidateAsync(yaml);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string file, string[] args, string directory,
        string? input, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory,
        };
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}

internal static class ManifestJson
{
    public static string? Str(this JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : e.GetRawText();
    }

    public static JsonElement? Get(this JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        return e;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static Dictionary<string, string> Labels(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : [];

    public static string Name(this JsonElement e) => e.Str("metadata", "name")!;

    /// <summary>The first container of a workload's pod template.</summary>
    public static JsonElement Container(this JsonElement workload) =>
        workload.Get("spec", "template", "spec", "containers").Items().First();

    /// <summary>A label selector's matchLabels all present in the labels (matchExpressions: In only).</summary>
    public static bool Selects(this JsonElement? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not { ValueKind: JsonValueKind.Object } s) return false;
        var matchLabels = s.Get("matchLabels").Labels();
        var expressions = s.Get("matchExpressions").Items().ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0) return true;
        return matchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
            && expressions.All(x => x.Str("operator") == "In" && labels.TryGetValue(x.Str("key")!, out var v)
                && x.Get("values").Items().Any(value => value.GetString() == v));
    }
}
