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

public sealed class MartenReadModelSession(IDocumentOperations operations) : IReadModelSession
{
    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel =>
        operations.LoadManyAsync<T>(ct, ids);

    public void Store<T>(T document) where T : class, IReadModel => operations.Store(document);
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
