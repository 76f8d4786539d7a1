using System.Globalization;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Benchmarks;

/// <summary>Synthetic units (one province, districts of 100 communes), rules and subscribed officials, written in bulk.</summary>
internal static class BenchData
{
    public static async Task CreateAsync(IDbContextFactory<ChildCareDbContext> contexts, DateTimeOffset now, int unitCount, IReadOnlyList<string> recurrences, int officials)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        string[] unitColumns = ["code", "parent_id", "name_vi", "name_en", "kind"];
        await BulkSql.InsertIgnoringDuplicatesAsync(db, "units", unitColumns, "code", [["p", null, "Tỉnh Thử", "Test province", "Province"]], CancellationToken.None);
        var root = await db.Units.Where(u => u.Code == "p").Select(u => u.Id).SingleAsync();
        var districts = Math.Max(1, (unitCount - 1 + 100) / 101);
        await BulkSql.InsertIgnoringDuplicatesAsync(db, "units", unitColumns, "code",
            Enumerable.Range(0, districts).Select(d => new object?[] { Code(d), root, $"Huyện {d}", $"District {d}", "District" }), CancellationToken.None);
        var districtIds = await db.Units.Where(u => u.ParentId == root).ToDictionaryAsync(u => u.Code, u => u.Id);
        var communes = Math.Max(0, unitCount - 1 - districts);
        await BulkSql.InsertIgnoringDuplicatesAsync(db, "units", unitColumns, "code",
            Enumerable.Range(0, communes).Select(c => new object?[] { $"{Code(c % districts)}/c{c}", districtIds[Code(c % districts)], $"Xã {c}", $"Commune {c}", "Commune" }), CancellationToken.None);

        var unitIds = await db.Units.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var stamp = db.TimeValue(now);
        await BulkSql.InsertIgnoringDuplicatesAsync(db, "deadline_rules",
            ["code", "unit_id", "role", "kind", "title_vi", "title_en", "recurrence", "lead_days", "plan_code", "updated_at"], "code",
            unitIds.SelectMany(unit => recurrences.Select((recurrence, i) => new object?[]
            {
                string.Create(CultureInfo.InvariantCulture, $"bench/{unit}/{i}"), unit, "ChildProtection",
                recurrence.StartsWith("range", StringComparison.Ordinal) || recurrence.StartsWith("lunar", StringComparison.Ordinal) ? "Event" : "Deadline",
                $"Việc {i}", $"Task {i}", recurrence, "", "bench", stamp,
            })), CancellationToken.None);

        await BulkSql.InsertIgnoringDuplicatesAsync(db, "officials", ["channel", "chat_id", "display_name", "language", "joined_at", "is_administrator"], "channel, chat_id",
            Enumerable.Range(1, officials).Select(i => new object?[] { "telegram", 1_000_000L + i, null, i % 5 == 0 ? "En" : "Vi", stamp, false }), CancellationToken.None);
        var officialIds = await db.Officials.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        var since = db.TimeValue(now.AddDays(-30));
        await BulkSql.InsertIgnoringDuplicatesAsync(db, "subscriptions", ["official_id", "unit_id", "role", "since"], "official_id, unit_id, role",
            officialIds.Select((official, i) => new object?[] { official, unitIds[(i / 2) % unitIds.Count], "ChildProtection", since }), CancellationToken.None);
        await transaction.CommitAsync();

        static string Code(int district) => string.Create(CultureInfo.InvariantCulture, $"p/d{district}");
    }
}
