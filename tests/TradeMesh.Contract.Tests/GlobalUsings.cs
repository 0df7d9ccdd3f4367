// Namespaces nearly every test here uses, once instead of in each file's header.
global using System.Diagnostics;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text;
global using System.Text.Json;
global using TradeMesh.Contract.Tests.Infrastructure;
global using TradeMesh.EndToEnd.Tests.Infrastructure;
global using TradeMesh.EndToEnd.Tests.Spec;
global using Xunit;
