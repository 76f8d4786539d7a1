using System.Reflection;
using System.Resources;

namespace ChildCare.Core.Localization;

/// <summary>One resx family of texts people see (Vietnamese neutral, English satellite), in the assembly that embeds it.</summary>
public sealed class TextResource(string baseName, Assembly assembly)
{
    private readonly ResourceManager _manager = new(baseName, assembly);

    public string Get(string name, Language language) =>
        _manager.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No text named {name} in {baseName}.");

    /// <summary>The text, or null when there is none by that name (a name made from data, such as a job's).</summary>
    public string? TryGet(string name, Language language) => _manager.GetString(name, language.Culture());

    public string Format(string name, Language language, params object?[] args) =>
        string.Format(language.Culture(), Get(name, language), args);
}
