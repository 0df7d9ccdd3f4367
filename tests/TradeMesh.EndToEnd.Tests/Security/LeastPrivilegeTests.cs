using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Security;

/// <summary>
/// Least privilege in the stores and on the machine: each service's database role (deploy/postgres/
/// roles.sql) owns its schema and nothing else; passwords live in 0600 files; the daemons listen on
/// loopback only; the scripts open no folder outside the repository.
/// </summary>
// The tests and the scripts run on Linux only (PostgreSQL and RabbitMQ as Debian processes).
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(SystemCollection.Name)]
public sealed class LeastPrivilegeTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private async Task<string?> RefusalAsync(string service, string sql)
    {
        await using var connection = new NpgsqlConnection(_system.ServicePostgres(service));
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException e) { return e.SqlState; }
    }

    [Theory]
    [InlineData("ingestion", "ingestion", "trademesh")]
    [InlineData("projections", "trademesh", "ingestion")]
    public async Task A_service_role_owns_its_schema_and_cannot_touch_the_other_or_create_a_database(string service, string own, string other)
    {
        // Its own schema: it may create and drop (Marten migrates as the owner).
        Assert.Null(await RefusalAsync(service, $"create table {own}.probe_{service} (id int); drop table {own}.probe_{service}"));
        // The other's tables (the services made them by now) and schema: permission denied (42501).
        var otherTable = await ScalarAsync($"select table_name from information_schema.tables where table_schema = '{other}' limit 1");
        Assert.False(string.IsNullOrEmpty(otherTable), $"no table in {other} yet");
        Assert.Equal("42501", await RefusalAsync(service, $"select * from {other}.{otherTable}"));
        Assert.Equal("42501", await RefusalAsync(service, $"create table {other}.probe (id int)"));
        Assert.Equal("42501", await RefusalAsync(service, "create table public.probe (id int)"));
        Assert.Equal("42501", await RefusalAsync(service, $"create database probe_{Guid.NewGuid():N}"));
        Assert.Equal("42501", await RefusalAsync(service, $"create role probe_{Guid.NewGuid():N}"));
        Assert.Equal("false", await ScalarAsync($"select rolsuper::text from pg_roles where rolname = 'trademesh_{service}'"));
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_system.PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    [Fact]
    public async Task Generated_credentials_are_kept_in_a_file_only_its_owner_reads()
    {
        var state = Path.Combine(TestEnvironment.RepoRoot, ".state", $"credentials-{Guid.NewGuid():N}");
        try
        {
            // Without the test run's variables: everything is generated.
            await LocalScripts.RunAsync($"for v in \"${{CREDENTIALS[@]}}\"; do unset \"$v\"; done; ensure_credentials '{state}'");
            var file = Path.Combine(state, "credentials.env");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var lines = File.ReadAllLines(file);
            Assert.True(lines.Length >= 8, string.Join('\n', lines.Select(l => l.Split('=')[0])));
            Assert.All(lines, l => Assert.Matches("^TRADEMESH_[A-Z_]+=[0-9a-f]{32}$", l));
            Assert.Equal(lines.Length, lines.Select(l => l.Split('=')[1]).Distinct().Count());
            // A second start keeps them.
            await LocalScripts.RunAsync($"for v in \"${{CREDENTIALS[@]}}\"; do unset \"$v\"; done; ensure_credentials '{state}'");
            Assert.Equal(lines, File.ReadAllLines(file));
        }
        finally { Directory.Delete(state, recursive: true); }
    }

    [Fact]
    public async Task A_state_folder_the_daemons_cannot_reach_moves_their_data_instead_of_opening_its_parents()
    {
        var parent = Path.Combine(TestEnvironment.RepoRoot, ".state", $"closed-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var state = Path.Combine(parent, "state");
        try
        {
            await LocalScripts.RunAsync($"d=$(daemon_dir '{state}' pg); case \"$d\" in /var/tmp/trademesh/*) ;; *) echo \"kept in $d\" >&2; exit 1 ;; esac; runuser -u postgres -- test -x \"$d\"");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(parent));
            Assert.NotNull(new FileInfo(Path.Combine(state, "pg")).LinkTarget);
        }
        finally
        {
            await LocalScripts.RunAsync($"wipe_state '{state}'");
            Directory.Delete(parent, recursive: true);
        }
    }

    /// <summary>
    /// test.sh's PostgreSQL and RabbitMQ node (AMQP, management, Erlang distribution), started by
    /// lib.sh as up.sh starts them, and epmd listen on 127.0.0.1 only.
    /// </summary>
    [Fact]
    public async Task The_dependencies_listen_on_loopback_only()
    {
        var state = Path.Combine(TestEnvironment.RepoRoot, ".state", "test");
        var beam = File.ReadAllText(Path.Combine(state, "rabbitmq", "rabbitmq.pid")).Trim();
        var postgres = File.ReadLines(Path.Combine(state, "pg", "data", "postmaster.pid")).First().Trim();
        var info = new ProcessStartInfo("ss", ["-Hltnp"]) { RedirectStandardOutput = true };
        using var ss = Process.Start(info)!;
        var lines = (await ss.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await ss.WaitForExitAsync();
        var daemons = lines.Where(l => l.Contains($"pid={beam},") || l.Contains("\"epmd\"") || l.Contains($"pid={postgres},")).ToList();
        Assert.True(daemons.Count(l => l.Contains($"pid={beam},")) >= 3, string.Join('\n', daemons)); // AMQP, management, distribution
        Assert.Contains(daemons, l => l.Contains("\"epmd\""));
        Assert.Contains(daemons, l => l.Contains($"pid={postgres},"));
        // Column 4 is the local address:port.
        // epmd always adds the IPv6 loopback to the addresses it is given.
        Assert.All(daemons, l => Assert.Matches(@"^(127\.0\.0\.1|\[::1\]):\d+$", l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]));
    }
}
