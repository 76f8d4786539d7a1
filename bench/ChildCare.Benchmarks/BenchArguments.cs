using System.Globalization;

namespace ChildCare.Benchmarks;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches after the benchmark's name. Each benchmark reads the
/// ones it knows and then calls <see cref="ThrowIfUnknown"/>, so a misspelt option is an error, not a default.
/// </summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string?> _given = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArguments()
    {
    }

    /// <exception cref="BenchUsageException">An argument is not an option.</exception>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new BenchUsageException($"'{args[i]}' is not an option.");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._given[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return parsed;
    }

    /// <exception cref="BenchUsageException">The value is not a whole number from <paramref name="min"/> to <paramref name="max"/>.</exception>
    public int Number(string name, int fallback, int min, int max)
    {
        _read.Add(name);
        if (!_given.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new BenchUsageException($"--{name} takes a whole number from {min} to {max}.");
    }

    /// <summary>A free-text option, or null when it was not given.</summary>
    /// <exception cref="BenchUsageException">The option was given without a value.</exception>
    public string? Text(string name)
    {
        _read.Add(name);
        if (!_given.TryGetValue(name, out var text))
        {
            return null;
        }

        return text ?? throw new BenchUsageException($"--{name} takes a value.");
    }

    /// <exception cref="BenchUsageException">The switch was given a value.</exception>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_given.TryGetValue(name, out var text))
        {
            return false;
        }

        return text is null ? true : throw new BenchUsageException($"--{name} takes no value.");
    }

    /// <exception cref="BenchUsageException">An option was given that the benchmark did not read.</exception>
    public void ThrowIfUnknown()
    {
        var unknown = _given.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchUsageException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }
}
