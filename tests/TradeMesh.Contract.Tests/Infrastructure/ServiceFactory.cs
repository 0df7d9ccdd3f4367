using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TradeMesh.Contract.Tests.Infrastructure;

/// <summary>
/// One service in this process, from its own Program, with the settings given here over its
/// appsettings.json and the environment (which test.sh fills with its own run's values).
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As the process-based systems run them (ServiceProcess): the Development environment.
        builder.UseEnvironment("Development");
        // UseSetting reaches a minimal-hosting Program as command-line arguments, the source that wins;
        // settings added with ConfigureAppConfiguration were not seen by the services' Marten set-up.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}
