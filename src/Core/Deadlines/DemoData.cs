using ChildCare.Core.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// The deadlines and events of the three seed plans (Cẩm Tân 2024, Cẩm Phả 2023, Sơn Tây 2025), shipped as
/// import files. Their standing obligations (yearly reports, monthly updates, Action Month, Mid-Autumn...)
/// are carried forward as rules without an end date, as each year's plan repeats them.
/// </summary>
public sealed partial class DemoData(IDbContextFactory<Persistence.ChildCareDbContext> contexts, DeadlineAdmin admin, ILogger<DemoData> logger)
{
    private const string Prefix = "ChildCare.Core.Deadlines.DemoData.";

    public static IReadOnlyList<string> Names { get; } =
        typeof(DemoData).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public static string Read(string name)
    {
        using var stream = typeof(DemoData).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"No resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Imports the demo plans when the database has no unit yet; returns whether it did. The plans go in as one import
    /// (one transaction): a start stopped halfway through leaves no unit, so the next start loads them all, where
    /// plan by plan it left the first ones alone and the next start, seeing units, never added the others.
    /// </summary>
    public async Task<bool> LoadIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Units.AnyAsync(cancellationToken))
            {
                return false;
            }
        }

        var result = await admin.ImportAllAsync([.. Names.Select(name => PlanFile.Parse(Read(name)))], planLater: false, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo plans do not import: {string.Join(" ", result.Problems)}");
        }

        LogLoaded(Names.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlines: demo data loaded ({Plans} seed plans)")]
    private partial void LogLoaded(int plans);
}
