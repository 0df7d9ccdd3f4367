namespace TradeMesh.Cli;

/// <summary>
/// The command line after the command name, parsed by hand: positional arguments, `--name value`
/// (or `--name=value`) options and `--flag`s. Each command says which names it accepts, so a typo
/// is an error instead of an option silently ignored.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    public IReadOnlyList<string> Positionals { get; }

    private Arguments(List<string> positionals, Dictionary<string, string> values, HashSet<string> flags)
    {
        Positionals = positionals; _values = values; _flags = flags;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name) || _flags.Contains(name);

    public bool Flag(string name) => _flags.Contains(name);

    public static Arguments Parse(IEnumerable<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var positionals = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var onlyPositionals = false;

        using var tokens = args.GetEnumerator();
        while (tokens.MoveNext())
        {
            var token = tokens.Current;
            // "--" lets a file whose name starts with "--" through, as in most Unix tools.
            if (onlyPositionals || !token.StartsWith("--", StringComparison.Ordinal) || token == "--")
            {
                if (token == "--" && !onlyPositionals) onlyPositionals = true;
                else positionals.Add(token);
                continue;
            }

            var (name, inline) = token.IndexOf('=') is var eq and > 0 ? (token[..eq], token[(eq + 1)..]) : (token, null);
            if (flagOptions.Contains(name))
            {
                if (inline is not null) throw new UsageException($"{name} takes no value");
                flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string value;
                if (inline is not null) value = inline;
                else if (tokens.MoveNext()) value = tokens.Current;
                else throw new UsageException($"{name} needs a value");
                if (!values.TryAdd(name, value)) throw new UsageException($"{name} is given twice");
            }
            else
            {
                throw new UsageException($"unknown option {name}");
            }
        }
        return new Arguments(positionals, values, flags);
    }

    /// <summary>A positive whole number option (e.g. --top), or null when absent.</summary>
    public int? PositiveInt(string name)
    {
        if (Value(name) is not { } text) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"{name} must be a whole number above 0, not '{text}'");
    }
}
