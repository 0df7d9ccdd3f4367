using Marten;
using Npgsql;
using NpgsqlTypes;
using TradeMesh.Projections.ReadModels;
using Weasel.Core;

namespace TradeMesh.Projections.Rebuilding;

/// <summary>The whole new contents of one document type's table (and its duplicated column, if any).</summary>
public sealed record TableContents(Type DocumentType, IEnumerable<IReadModel> Documents, string? DuplicatedColumn = null,
    Func<IReadModel, string>? Duplicated = null)
{
    public static TableContents Of<T>(IEnumerable<T> documents) where T : IReadModel => new(typeof(T), documents.Cast<IReadModel>());

    public static TableContents Of<T>(IEnumerable<T> documents, string column, Func<T, string> value) where T : IReadModel =>
        new(typeof(T), documents.Cast<IReadModel>(), column, d => value((T)d));
}

/// <summary>
/// Replaces whole document tables: each new table is filled by binary COPY (FREEZE, no index
/// yet), gets the old table's indexes built once at the end, and all of them take their old
/// tables' places in one short transaction. (Writing over the live rows with Marten's bulk upsert,
/// a COPY into a temporary table and then an upsert of every row, took 51 of the 70 s the rebuild
/// of 1M events used to take.) Queries go on reading the old tables until the swap, which waits
/// for the queries running then; no query ever sees a half-written set. Groups fill in parallel, each on its own
/// connection: PostgreSQL parses the JSON of one while this process serializes another.
/// </summary>
public sealed class DocumentTableSwap(IDocumentStore store, ILogger logger)
{
    private const string Suffix = "_rebuild";

    /// <summary>
    /// The columns of Marten's document tables this type writes itself, and those it leaves to their
    /// defaults. They are Marten's layout, not an API: DocumentTableSwapLayoutTests fails the day a
    /// Marten upgrade stores documents in other columns, before a rebuild writes them wrong.
    /// </summary>
    public static readonly IReadOnlyList<string> WrittenColumns = ["id", "data", "mt_version", "mt_dotnet_type"];
    public static readonly IReadOnlyList<string> DefaultedColumns = ["mt_last_modified"];

    private sealed record Staged(DbObjectName Table, IReadOnlyList<string> Indexes);

    /// <summary>
    /// Fills and swaps in the tables of every group; returns the number of documents written.
    /// <paramref name="beforeSwap"/> runs once the swap's transaction holds every table (so no other
    /// writer of them can commit until it ends): a throw there leaves the old tables in place.
    /// </summary>
    public async Task<int> ReplaceAsync(IReadOnlyList<IReadOnlyList<TableContents>> groups,
        Func<CancellationToken, Task> beforeSwap, CancellationToken ct)
    {
        var tables = groups.SelectMany(g => g).Select(c => TableOf(c.DocumentType).QualifiedName).ToList();
        try
        {
            var filled = await Task.WhenAll(groups.Select(g => Task.Run(() => FillAsync(g, ct), ct)));
            await SwapAsync([.. filled.SelectMany(f => f.Staged)], beforeSwap, ct);
            return filled.Sum(f => f.Documents);
        }
        finally
        {
            await DropStagingAsync(tables);
        }
    }

    /// <summary>After a swap nothing is left; after a failure, the half-filled tables go (or the next rebuild drops them).</summary>
    private async Task DropStagingAsync(IReadOnlyList<string> tables)
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            foreach (var table in tables) await ExecuteAsync(connection, $"drop table if exists {table}{Suffix}", CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Could not drop the rebuild's staging tables; the next rebuild drops them");
        }
    }

    // Marten's own name for the type's table (schema-qualified), as its sessions use it.
    private DbObjectName TableOf(Type documentType) => store.Options.FindOrResolveDocumentType(documentType).TableName;

    private async Task<(List<Staged> Staged, int Documents)> FillAsync(IReadOnlyList<TableContents> group, CancellationToken ct)
    {
        var staged = new List<Staged>();
        var documents = 0;
        await using var connection = await OpenAsync(ct);
        foreach (var contents in group)
        {
            var name = TableOf(contents.DocumentType);
            var (table, staging) = (name.QualifiedName, name.QualifiedName + Suffix);
            await ExecuteAsync(connection, $"drop table if exists {staging}", ct);
            // FREEZE needs the table created in the same transaction; so do the indexes, to be atomic.
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // lz4: TOAST compression of the large documents (a ranking is a megabyte) at a fraction of pglz's cost.
            await ExecuteAsync(connection, $"create table {staging} (like {table} including defaults including constraints including storage); " +
                $"alter table {staging} alter column data set compression lz4", ct);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var rows = Copy(connection, staging, contents);
            var copied = watch.Elapsed.TotalSeconds;
            staged.Add(new Staged(name, await CopyIndexesAsync(connection, table, staging, ct)));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Filled {Table}: {Rows} documents in {Seconds:F1} s, indexes {IndexSeconds:F1} s",
                staging, rows, copied, watch.Elapsed.TotalSeconds - copied);
            documents += rows;
        }
        return (staged, documents);
    }

    /// <summary>Writes the rows as Marten would store them: id, JSON from Marten's serializer, a new version, the .NET type.</summary>
    private int Copy(NpgsqlConnection connection, string staging, TableContents contents)
    {
        var serializer = store.Options.Serializer();
        var dotnetType = contents.DocumentType.FullName;
        var columns = string.Join(", ", WrittenColumns) + (contents.DuplicatedColumn is { } column ? ", " + column : "");
        using var importer = connection.BeginBinaryImport($"copy {staging} ({columns}) from stdin (format binary, freeze)");
        importer.Timeout = TimeSpan.FromMinutes(30);
        var rows = 0;
        foreach (var document in contents.Documents)
        {
            importer.StartRow();
            importer.Write(document.Id, NpgsqlDbType.Varchar);
            importer.Write(serializer.ToJson(document), NpgsqlDbType.Jsonb);
            importer.Write(Guid.NewGuid(), NpgsqlDbType.Uuid);
            importer.Write(dotnetType, NpgsqlDbType.Varchar);
            if (contents.Duplicated is { } duplicated) importer.Write(duplicated(document), NpgsqlDbType.Varchar);
            rows++;
        }
        importer.Complete();
        return rows;
    }

    /// <summary>Builds each index of the live table on the staging one (named with the suffix); returns their names.</summary>
    private static async Task<List<string>> CopyIndexesAsync(NpgsqlConnection connection, string table, string staging, CancellationToken ct)
    {
        var indexes = new List<(string Name, string Definition, char? Constraint)>();
        await using (var command = new NpgsqlCommand("""
            select i.relname, pg_get_indexdef(i.oid), c.contype
            from pg_index x join pg_class i on i.oid = x.indexrelid
            left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
            where x.indrelid = $1::regclass
            """, connection) { Parameters = { new() { Value = table } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                indexes.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetChar(2)));

        foreach (var (name, definition, constraint) in indexes)
        {
            var head = $" {name} ON {table} ";
            if (!definition.Contains(head)) throw new InvalidOperationException($"Cannot copy index {name}: unexpected definition {definition}");
            await ExecuteAsync(connection, definition.Replace(head, $" {name}{Suffix} ON {staging} "), ct);
            // A primary key or unique constraint owns its index, under the same name.
            if (constraint is 'p' or 'u')
                await ExecuteAsync(connection, $"alter table {staging} add constraint {name}{Suffix} {(constraint == 'p' ? "primary key" : "unique")} using index {name}{Suffix}", ct);
        }
        return [.. indexes.Select(i => i.Name)];
    }

    /// <summary>Drops the old tables and renames the new ones (and their indexes) into their places, all at once.</summary>
    private async Task SwapAsync(IReadOnlyList<Staged> staged, Func<CancellationToken, Task> beforeSwap, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"lock table {string.Join(", ", staged.Select(s => s.Table.QualifiedName))} in access exclusive mode", ct);
        await beforeSwap(ct);
        foreach (var (table, indexes) in staged)
        {
            await ExecuteAsync(connection, $"drop table {table.QualifiedName}; alter table {table.QualifiedName}{Suffix} rename to {table.Name}", ct);
            foreach (var index in indexes) await ExecuteAsync(connection, $"alter index {table.Schema}.{index}{Suffix} rename to {index}", ct);
        }
        await transaction.CommitAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(ct);
    }
}
