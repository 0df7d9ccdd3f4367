// Namespaces most files here use, once instead of in each file's header.
global using System.Diagnostics;
global using System.Globalization;
global using System.Net.Http.Json;
global using System.Text;
global using System.Text.Json;
