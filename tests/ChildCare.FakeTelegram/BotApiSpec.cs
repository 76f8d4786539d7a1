using System.Text;
using System.Text.Json;

namespace ChildCare.FakeTelegram;

/// <summary>
/// The Bot API described by bot-api-10.1.json (methods with parameters, types with fields), and the checks
/// the real API makes on a call's parameters: known method, known parameters, required ones present, and
/// every value of a type the method or object field allows.
/// </summary>
internal sealed class BotApiSpec
{
    private readonly Dictionary<string, SpecMethod> _methods;
    private readonly Dictionary<string, SpecType> _types;

    private BotApiSpec(Dictionary<string, SpecMethod> methods, Dictionary<string, SpecType> types)
    {
        _methods = methods;
        _types = types;
    }

    public static BotApiSpec Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var methods = new Dictionary<string, SpecMethod>(StringComparer.OrdinalIgnoreCase);
        foreach (var method in root.GetProperty("methods").EnumerateObject())
        {
            methods[method.Name] = new SpecMethod(
                method.Name,
                Fields(method.Value),
                method.Value.TryGetProperty("returns", out var returns) ? [.. returns.EnumerateArray().Select(r => r.GetString()!)] : []);
        }

        var types = new Dictionary<string, SpecType>(StringComparer.Ordinal);
        foreach (var type in root.GetProperty("types").EnumerateObject())
        {
            types[type.Name] = new SpecType(
                type.Name,
                Fields(type.Value),
                type.Value.TryGetProperty("subtypes", out var subtypes) ? [.. subtypes.EnumerateArray().Select(s => s.GetString()!)] : []);
        }

        return new BotApiSpec(methods, types);
    }

    /// <summary>bot-api-10.1.json in the shared folder beside the repository (the folder holding ChildCare.sln).</summary>
    public static string FindDefaultPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChildCare.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "telegram", "bot-api-10.1.json"));
                return File.Exists(path)
                    ? path
                    : throw new FileNotFoundException($"The Bot API description is not at {path}; the shared folder belongs beside the repository.", path);
            }
        }

        throw new FileNotFoundException($"No ChildCare.sln above {AppContext.BaseDirectory}; cannot find shared/telegram/bot-api-10.1.json.");
    }

    public bool TryGetMethod(string name, out SpecMethod method) => _methods.TryGetValue(name, out method!);

    /// <summary>Checks a call's parameters; returns Telegram-style "Bad Request: ..." text, or null when they pass.</summary>
    public string? Validate(SpecMethod method, JsonElement parameters)
    {
        var known = method.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var property in parameters.EnumerateObject())
        {
            if (!known.TryGetValue(property.Name, out var field))
            {
                return $"Bad Request: parameter \"{property.Name}\" is unknown";
            }

            var problem = CheckAny(property.Value, field.Types, property.Name);
            if (problem is not null)
            {
                return $"Bad Request: parameter \"{property.Name}\" {problem}";
            }
        }

        var missing = method.Fields.FirstOrDefault(f => f.Required && !parameters.TryGetProperty(f.Name, out _));
        return missing is null ? null : $"Bad Request: parameter \"{missing.Name}\" is required";
    }

    private string? CheckAny(JsonElement value, IReadOnlyList<string> types, string path)
    {
        string? best = null;
        var bestScore = -1;
        foreach (var type in types)
        {
            var problem = Check(value, type, path);
            if (problem is null)
            {
                return null;
            }

            var score = Score(value, type);
            if (score > bestScore)
            {
                (best, bestScore) = (problem, score);
            }
        }

        // Several object types fit the JSON kind: report the problem of the one whose fields match best.
        return best ?? $"must be of type {string.Join(" or ", types)}";
    }

    private int Score(JsonElement value, string type)
    {
        if (value.ValueKind != JsonValueKind.Object || !_types.TryGetValue(type, out var spec))
        {
            return 0;
        }

        var names = AllFields(spec).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return 1 + value.EnumerateObject().Count(p => names.Contains(p.Name));
    }

    private IEnumerable<SpecField> AllFields(SpecType type) =>
        type.Subtypes.Count == 0
            ? type.Fields
            : type.Subtypes.SelectMany(s => _types.TryGetValue(s, out var sub) ? AllFields(sub) : []);

    private string? Check(JsonElement value, string type, string path)
    {
        const string ArrayOf = "Array of ";
        if (type.StartsWith(ArrayOf, StringComparison.Ordinal))
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return $"must be of type {type}";
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var problem = Check(item, type[ArrayOf.Length..], $"{path}[{index}]");
                if (problem is not null)
                {
                    return problem;
                }

                index++;
            }

            return null;
        }

        var ok = type switch
        {
            "Integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "Float" => value.ValueKind == JsonValueKind.Number,
            "String" or "InputFile" => value.ValueKind == JsonValueKind.String,
            "Boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "True" => value.ValueKind == JsonValueKind.True,
            _ => (bool?)null,
        };
        if (ok is { } simple)
        {
            return simple ? null : $"must be of type {type}";
        }

        if (!_types.TryGetValue(type, out var spec))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"must be of type {type}";
        }

        if (spec.Subtypes.Count > 0)
        {
            return CheckAny(value, spec.Subtypes, path);
        }

        if (spec.Fields.Count == 0)
        {
            return null;
        }

        var known = spec.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var fieldPath = $"{path}.{property.Name}";
            if (!known.TryGetValue(property.Name, out var field))
            {
                return $"has unknown field \"{fieldPath}\" ({type} has no such field)";
            }

            var problem = CheckAny(property.Value, field.Types, fieldPath);
            if (problem is not null)
            {
                return problem.StartsWith("must", StringComparison.Ordinal) ? $"has field \"{fieldPath}\" that {problem}" : problem;
            }
        }

        var missing = spec.Fields.FirstOrDefault(f => f.Required && !value.TryGetProperty(f.Name, out _));
        return missing is null ? null : $"is missing required field \"{path}.{missing.Name}\" of {type}";
    }

    private static List<SpecField> Fields(JsonElement element)
    {
        var fields = new List<SpecField>();
        if (element.TryGetProperty("fields", out var list))
        {
            foreach (var field in list.EnumerateArray())
            {
                fields.Add(new SpecField(
                    field.GetProperty("name").GetString()!,
                    [.. field.GetProperty("types").EnumerateArray().Select(t => t.GetString()!)],
                    field.GetProperty("required").GetBoolean()));
            }
        }

        return fields;
    }

    /// <summary>Length of HTML text as Telegram counts it: after tags are removed and entities decoded.</summary>
    public static int VisibleLength(string html)
    {
        var builder = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
            }
            else if (!inTag)
            {
                builder.Append(c);
            }
        }

        return System.Net.WebUtility.HtmlDecode(builder.ToString()).Length;
    }
}

internal sealed record SpecField(string Name, IReadOnlyList<string> Types, bool Required);

internal sealed record SpecMethod(string Name, IReadOnlyList<SpecField> Fields, IReadOnlyList<string> Returns);

internal sealed record SpecType(string Name, IReadOnlyList<SpecField> Fields, IReadOnlyList<string> Subtypes);
