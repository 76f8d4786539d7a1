using System.Resources;

namespace ChildCare.Core.Localization;

/// <summary>One resx family of texts people see (Vietnamese neutral, English satellite).</summary>
internal sealed class TextResource(string baseName)
{
    private readonly ResourceManager _manager = new(baseName, typeof(TextResource).Assembly);

    public string Get(string name, Language language) =>
        _manager.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No text named {name} in {baseName}.");

    public string Format(string name, Language language, params object?[] args) =>
        string.Format(language.Culture(), Get(name, language), args);
}
