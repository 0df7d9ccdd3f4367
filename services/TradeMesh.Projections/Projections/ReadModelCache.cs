using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace TradeMesh.Projections.Projections;

/// <summary>
/// Keeps recently read ranking documents, and the movers sorted from them, in memory. A 5,000-city
/// ranking is about a megabyte of JSON; deserializing it for every request costs more than the rest
/// of the request.
/// Each read still asks PostgreSQL for the document's version (Marten's mt_version, a cheap index
/// lookup), so an answer is never older than the stored document, whichever replica wrote it.
/// </summary>
public sealed class ReadModelCache(IDocumentStore store)
{
    // Entries count one each: 64 rankings of 5,000 cities are about 64 MB of objects.
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = 64 });

    /// <summary>The document and the stored version it was read at (Guid.Empty when there is none).</summary>
    public async Task<(T? Document, Guid Version)> LoadAsync<T>(IQuerySession session, string id, CancellationToken ct) where T : class, IReadModel
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        var versions = await session.AdvancedSql.QueryAsync<Guid>($"select mt_version from {table} where id = ?", ct, id);
        if (versions.Count == 0) return (null, Guid.Empty);

        var version = versions[0];
        if (_documents.TryGetValue((typeof(T), id), out (Guid Version, object Document) cached) && cached.Version == version)
            return ((T)cached.Document, version);

        var document = await session.LoadAsync<T>(id, ct);
        if (document is null) return (null, Guid.Empty);
        // Tagged with the version read before loading: if the load saw a newer one, the next read reloads.
        Keep((typeof(T), id), version, document);
        return (document, version);
    }

    /// <summary>
    /// A value computed from a document at a stored version (movers sorted from a ranking), kept
    /// until the document changes.
    /// </summary>
    public TResult Derived<TResult>(string id, Guid version, Func<TResult> compute) where TResult : class
    {
        if (_documents.TryGetValue((typeof(TResult), id), out (Guid Version, object Document) cached) && cached.Version == version)
            return (TResult)cached.Document;
        var value = compute();
        Keep((typeof(TResult), id), version, value);
        return value;
    }

    private void Keep((Type, string) key, Guid version, object value) =>
        _documents.Set(key, (version, value), new MemoryCacheEntryOptions { Size = 1 });
}
