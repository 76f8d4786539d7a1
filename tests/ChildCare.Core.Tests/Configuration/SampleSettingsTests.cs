using System.Text.RegularExpressions;
using ChildCare.Testing;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Tests.Configuration;

/// <summary>appsettings.sample.json lists every setting the code reads, so operators can trust it.</summary>
public sealed partial class SampleSettingsTests
{
    [Fact]
    public void Sample_ContainsEveryKeyTheCodeReads()
    {
        var sample = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false, reloadOnChange: false)
            .Build();
        var documented = sample.AsEnumerable().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var read = System.IO.Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SettingKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(read);
        Assert.Contains("Database:Provider", read);
        Assert.All(read, key => Assert.True(documented.Contains(key), $"appsettings.sample.json does not document {key}"));
    }

    // Keys are declared as constants ("...Key = \"Section:Name\"") or read inline through SettingsReader.
    [GeneratedRegex("""(?:Key\s*=\s*|SettingsReader\.\w+(?:<\w+>)?\(\s*[\w.]+\s*,\s*)"(?<key>[A-Z][A-Za-z]+(?::[A-Z][A-Za-z]+)+)""")]
    private static partial Regex SettingKey();
}
