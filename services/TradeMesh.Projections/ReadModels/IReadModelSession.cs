using Marten;

namespace TradeMesh.Projections.ReadModels;

/// <summary>Every read-model document is found by a string id.</summary>
public interface IReadModel
{
    string Id { get; }
}

/// <summary>
/// Where <see cref="TradeReadModels"/> loads and stores documents: Marten during live projection,
/// memory during a rebuild (which writes the result into new tables at the end).
/// </summary>
public interface IReadModelSession
{
    Task<IReadOnlyList<T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel;
    void Store<T>(T document) where T : class, IReadModel;
}

/// <summary>
/// One daemon batch's documents: each is loaded at most once (the steps of a batch all read the
/// comparison period, a period's figures are megabytes), and a document stored in the batch is the
/// one the batch sees from then on, as in <see cref="MemoryReadModelSession"/> during a rebuild.
/// </summary>
public sealed class MartenReadModelSession(IDocumentOperations operations) : IReadModelSession
{
    private readonly Dictionary<(Type, string), IReadModel?> _seen = [];

    public async Task<IReadOnlyList<T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel
    {
        var wanted = ids.Distinct().ToList();
        var missing = wanted.Where(id => !_seen.ContainsKey((typeof(T), id))).ToArray();
        if (missing.Length > 0)
        {
            var loaded = (await operations.LoadManyAsync<T>(ct, missing)).ToDictionary(d => d.Id);
            foreach (var id in missing) _seen[(typeof(T), id)] = loaded.GetValueOrDefault(id);
        }
        return [.. wanted.Select(id => _seen[(typeof(T), id)]).OfType<T>()];
    }

    public void Store<T>(T document) where T : class, IReadModel
    {
        _seen[(typeof(T), document.Id)] = document;
        operations.Store(document);
    }
}

public sealed class MemoryReadModelSession : IReadModelSession
{
    private readonly Dictionary<Type, Dictionary<string, IReadModel>> _documents = [];

    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel
    {
        var all = Of<T>();
        return Task.FromResult<IReadOnlyList<T>>([.. ids.Where(all.ContainsKey).Select(id => (T)all[id])]);
    }

    public void Store<T>(T document) where T : class, IReadModel => Of<T>()[document.Id] = document;

    public IEnumerable<T> All<T>() where T : class, IReadModel => Of<T>().Values.Cast<T>();

    private Dictionary<string, IReadModel> Of<T>()
    {
        if (!_documents.TryGetValue(typeof(T), out var documents)) _documents[typeof(T)] = documents = [];
        return documents;
    }
}
