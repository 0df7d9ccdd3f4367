using Marten;
using Microsoft.Extensions.Caching.Memory;
using TradeMesh.Projections.ReadModels;

namespace TradeMesh.Projections.Queries;

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
    /// Several documents at once: one query for their versions, one load for those not held at
    /// their stored version. Missing ids are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, T>> LoadManyAsync<T>(IQuerySession session, IReadOnlyCollection<string> ids, CancellationToken ct) where T : class, IReadModel
    {
        var result = new Dictionary<string, T>();
        if (ids.Count == 0) return result;
        var table = store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        var rows = await session.AdvancedSql.QueryAsync<string>($"select id || ' ' || mt_version::text from {table} where id = any(?)", ct, [ids.ToArray()]);
        var versions = rows.Select(r => r.Split(' ', 2)).ToDictionary(r => r[0], r => Guid.Parse(r[1]));
        var stale = new List<string>();
        foreach (var (id, version) in versions)
            if (_documents.TryGetValue((typeof(T), id), out (Guid Version, object Document) cached) && cached.Version == version) result[id] = (T)cached.Document;
            else stale.Add(id);
        if (stale.Count == 0) return result;
        foreach (var document in await session.LoadManyAsync<T>(ct, stale))
        {
            result[document.Id] = document;
            Keep((typeof(T), document.Id), versions[document.Id], document);
        }
        return result;
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
