using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;

namespace ChildCare.Bot.Tests.Localization;

/// <summary>
/// Every text family (a resx file and its English satellite) has the same names in both languages, and every name
/// composed from data ("Risk" + a risk level) has its text. A new composed name in the source must be listed here.
/// </summary>
public sealed partial class TextFamiliesTests
{
    private static readonly Assembly[] Assemblies = [typeof(CoreTexts).Assembly, typeof(Resources.BotTexts).Assembly];

    /// <summary>Family (short name), prefix, and every suffix the code can put after it.</summary>
    private static readonly (string Family, string Prefix, string[] Suffixes)[] Composed =
    [
        ("ConversationTexts", "Status", Enum.GetNames<CoarseStatus>()),
        ("ConversationTexts", "EmergencyLine", ["111", "113", "115"]),
        ("ConversationTexts", "EmergencyDo", [.. Enum.GetNames<DangerFamily>().Except([nameof(DangerFamily.None)]), "Injury", "Writer", .. DangerRules.Shipped().FirstAid.Select(a => a.Line)]),
        ("ConversationTexts", "Field", [.. EditableReportSteps()]),
        ("CaseTexts", "Category", Enum.GetNames<CaseCategory>()),
        ("ConversationTexts", "Suspect", [.. Enum.GetNames<SuspectRelation>().Except([nameof(SuspectRelation.Unknown), nameof(SuspectRelation.Other)])]),
        ("ConversationTexts", "Region", Enum.GetNames<ProvinceRegion>()),
        ("CoreTexts", "Role", Enum.GetNames<OfficialRole>()),
        ("CoreTexts", "Weekday", [.. Enumerable.Range(0, 7).Select(d => d.ToString(CultureInfo.InvariantCulture))]),
        ("CaseTexts", "Coarse", Enum.GetNames<CoarseStatus>()),
        ("CaseTexts", "Alert", Enum.GetNames<CaseAlertKind>()),
        ("CaseTexts", "Risk", [.. Enum.GetNames<RiskLevel>(), "None"]),
        ("CaseTexts", "Stage", Enum.GetNames<CaseStage>()),
        ("CaseTexts", "Age", Enum.GetNames<AgeBand>()),
        ("CaseTexts", "Sex", Enum.GetNames<ChildSex>()),
        ("CaseTexts", "Suspect", Enum.GetNames<SuspectRelation>()),
        ("CaseTexts", "Clock", ["Emergency", "Plan"]),
        ("CaseTexts", "Ask", ["Refer", "RefuseReferral", "Risk", "Close", "Reopen", "Note"]),
        ("DirectoryTexts", "Problem", Enum.GetNames<DirectoryProblem>()),
        ("DirectoryTexts", "Field", []),
        ("DirectoryTexts", "Language", Enum.GetNames<Language>()),
        ("DashboardTexts", "AlertKind", ["NewCase", "NewCaseUndelivered", "EmergencyWarning", "EmergencyExpired", "PlanWarning", "PlanExpired", "UntakenToSupervisor", "UntakenToProvince", "Unrouted", "Joined", "Referred", "Other"]),
        ("DashboardTexts", "Role", Enum.GetNames<OfficialRole>()),
        ("PlanTexts", "Event_", [.. PlanEvents.Ids]),
        ("PlanTexts", "Kind_", Enum.GetNames<PlanItemKind>()),
        ("PlanTexts", "Meeting_", ["monthly", "quarterly", "weekly"]),
        ("PlanTexts", "Report_", ["SixMonth", "Year", "Quarter", "Month"]),
    ];

    public static TheoryData<string> Families() => [.. FamilyNames()];

    private static List<string> FamilyNames() =>
    [
        .. Assemblies.SelectMany(a => a.GetManifestResourceNames())
            .Where(n => n.Contains(".Resources.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length]),
    ];

    [Fact]
    public void Families_AreFound_InBothAssemblies()
    {
        var names = FamilyNames();
        Assert.Contains("ChildCare.Core.Resources.CaseTexts", names);
        Assert.Contains("ChildCare.Bot.Resources.DashboardTexts", names);
        Assert.True(names.Count >= 9, $"only {names.Count} text families found");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Family_HasTheSameNames_InVietnameseAndEnglish(string baseName)
    {
        var vi = Names(baseName, CultureInfo.InvariantCulture);
        var en = Names(baseName, CultureInfo.GetCultureInfo("en"));
        Assert.NotEmpty(vi);
        Assert.Equal([], vi.Except(en).Order(StringComparer.Ordinal).ToList());
        Assert.Equal([], en.Except(vi).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void ComposedNames_HaveTheirText_ForEveryValue()
    {
        var missing = new List<string>();
        foreach (var (family, prefix, suffixes) in Composed)
        {
            var names = Names(BaseName(family), CultureInfo.InvariantCulture);
            missing.AddRange(suffixes.Select(s => prefix + s).Where(name => !names.Contains(name)).Select(name => $"{family}:{name}"));
        }

        Assert.Equal([], missing);
    }

    /// <summary>A name composed in the source ("Risk" + level) that the table above does not list fails here.</summary>
    [Fact]
    public void ComposedNames_InTheSource_AreAllListed()
    {
        var listed = Composed.Select(c => (c.Family, c.Prefix)).ToHashSet();
        var found = new HashSet<(string, string)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match m in ComposedCall().Matches(source))
            {
                found.Add((m.Groups["family"].Value, m.Groups["prefix"].Value));
            }

            // ReportFlow's local T(name) reads ConversationTexts.
            if (source.Contains("string T(string name) => ConversationTexts.Get", StringComparison.Ordinal))
            {
                foreach (Match m in LocalComposedCall().Matches(source))
                {
                    found.Add(("ConversationTexts", m.Groups["prefix"].Value));
                }
            }
        }

        Assert.Contains(("CaseTexts", "Risk"), found);
        Assert.Equal([], found.Where(f => !listed.Contains(f)).Select(f => $"{f.Item1}:{f.Item2}").Order(StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> EditableReportSteps() =>
        Enum.GetNames<ConversationStep>().Where(n => n is "ReportDanger" or "ReportProvince" or "ReportCommune" or "ReportVillage" or "ReportAddress"
            or "ReportChildAge" or "ReportChildSex" or "ReportChildName" or "ReportCategory" or "ReportDescription" or "ReportSuspect" or "ReportReporter");

    private static string BaseName(string family) =>
        FamilyNames().Single(n => n.EndsWith("." + family, StringComparison.Ordinal));

    private static HashSet<string> Names(string baseName, CultureInfo culture)
    {
        var assembly = Assemblies.Single(a => a.GetManifestResourceNames().Contains(baseName + ".resources"));
        var manager = new ResourceManager(baseName, assembly);
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new InvalidOperationException($"{baseName} has no {culture.Name} texts");
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChildCare.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ChildCare.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""(?<family>\w+Texts)\.(?:Get|Format|TryGet)\("(?<prefix>\w+)"\s*\+""")]
    private static partial Regex ComposedCall();

    [GeneratedRegex("""\bT\("(?<prefix>\w+)"\s*\+""")]
    private static partial Regex LocalComposedCall();
}
