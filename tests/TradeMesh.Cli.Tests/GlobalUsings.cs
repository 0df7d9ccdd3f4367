// Namespaces most files here use, once instead of in each file's header.
global using System.Net;
global using System.Text;
global using System.Text.Json;
