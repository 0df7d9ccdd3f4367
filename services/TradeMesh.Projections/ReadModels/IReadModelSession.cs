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
/// One per daemon batch. What the batch loaded or stored is held until it ends: a period's figures
/// are asked for by the apply, the recompute and the feed digest, and were deserialized (1-3 MB of
/// JSON each) every time. A document stored in the batch is its current state, which Marten cannot
/// load back before the commit, so a later load gets the stored one, as in a rebuild's memory.
/// </summary>
public sealed class MartenReadModelSession(IDocumentOperations operations) : IReadModelSession
{
    private readonly Dictionary<(Type, string), IReadModel?> _held = [];

    public async Task<IReadOnlyList<T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel
    {
        var wanted = ids.Distinct().ToList();
        var missing = wanted.Where(id => !_held.ContainsKey((typeof(T), id))).ToArray();
        if (missing.Length > 0)
        {
            var found = (await operations.LoadManyAsync<T>(ct, missing)).ToDictionary(d => d.Id);
            foreach (var id in missing) _held[(typeof(T), id)] = found.GetValueOrDefault(id);
        }
        return [.. wanted.Select(id => _held[(typeof(T), id)]).OfType<T>()];
    }

    public void Store<T>(T document) where T : class, IReadModel
    {
        _held[(typeof(T), document.Id)] = document;
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
