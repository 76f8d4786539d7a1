using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Directory;

/// <summary>
/// The administrators' edits of the directory: hotlines (the first edit of a shipped line stores an override;
/// restoring deletes it), trusted places, and guide texts by topic and language. Every change is checked
/// (<see cref="DirectoryRules"/>), recorded in <c>directory_edits</c> with who and when, and counted in
/// <see cref="DirectoryVersion"/> in one transaction; then this node's <see cref="HelpDirectoryProvider"/> reloads.
/// </summary>
/// <remarks>
/// The <c>actor</c> of every method is who edits, as case records name people: "official:12".
/// A refused edit throws <see cref="DirectoryEditException"/> and changes nothing.
/// </remarks>
public sealed partial class DirectoryStore(IDbContextFactory<ChildCareDbContext> contexts, HelpDirectoryProvider provider, TimeProvider time, ILogger<DirectoryStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static HelpDirectory Shipped => HelpDirectoryProvider.Shipped;

    /// <summary>Everything the pages show, with the <paramref name="edits"/> latest edits.</summary>
    public async Task<DirectoryListing> ListAsync(int edits, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hotlines = await db.Set<HotlineRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var places = await db.Set<PlaceRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var guidance = await db.Set<GuidanceRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var recent = await db.Set<DirectoryEdit>().AsNoTracking().OrderByDescending(e => e.Id).Take(edits).ToListAsync(cancellationToken);
        return new DirectoryListing(DirectoryEntries.Hotlines(Shipped.Hotlines, hotlines), DirectoryEntries.Places(Shipped.Places, places), guidance, recent);
    }

    /// <summary>Adds a line (<paramref name="key"/> null) or edits one; answers the line's key.</summary>
    public async Task<string> SaveHotlineAsync(string? key, Hotline typed, string actor, CancellationToken cancellationToken)
    {
        var line = DirectoryRules.Checked(typed, Shipped, VietnamTime.Today(time));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await HotlinesAsync(db, cancellationToken);
        var entry = key is null ? null : Find(entries, key);
        if (entry is { IsFixed: true } && line.Number != entry.ShippedNumber)
        {
            throw new DirectoryEditException(DirectoryProblem.NumberFixed, nameof(Hotline.Number));
        }

        if ((entry?.Active ?? true) && entries.Any(e => e.Active && !ReferenceEquals(e, entry) && e.Line.Number == line.Number))
        {
            throw new DirectoryEditException(DirectoryProblem.NumberTaken, nameof(Hotline.Number));
        }

        var record = entry?.Record;
        if (record is null)
        {
            record = HotlineRecord.For(entry?.ShippedNumber, line, entry?.Active ?? true, actor, time.GetUtcNow());
            db.Add(record);
        }
        else
        {
            record.Set(line, actor, time.GetUtcNow());
        }

        var saved = entry ?? new HotlineEntry(null, line, true, record);
        await CommitAsync(db, () => "hotline:" + saved.Key, entry is null ? DirectoryAction.Added : DirectoryAction.Edited, record, actor, cancellationToken);
        return saved.Key;
    }

    /// <summary>Switches a line off (the bot stops giving it; it stays listed) or on again.</summary>
    public async Task SetHotlineActiveAsync(string key, bool active, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await HotlinesAsync(db, cancellationToken);
        var entry = Find(entries, key);
        if (!active && entry.IsFixed)
        {
            throw new DirectoryEditException(DirectoryProblem.AlwaysActive);
        }

        if (active && entries.Any(e => e.Active && !ReferenceEquals(e, entry) && e.Line.Number == entry.Line.Number))
        {
            throw new DirectoryEditException(DirectoryProblem.NumberTaken, nameof(Hotline.Number));
        }

        var record = entry.Record;
        if (record is null)
        {
            record = HotlineRecord.For(entry.ShippedNumber, entry.Line, active, actor, time.GetUtcNow());
            db.Add(record);
        }
        else
        {
            record.SetActive(active, actor, time.GetUtcNow());
        }

        await CommitAsync(db, () => "hotline:" + key, active ? DirectoryAction.Activated : DirectoryAction.Deactivated, record, actor, cancellationToken);
    }

    /// <summary>Forgets the edits of a shipped line: the bot gives it as shipped again ("Khôi phục mặc định").</summary>
    public async Task RestoreHotlineAsync(string key, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entry = Find(await HotlinesAsync(db, cancellationToken), key);
        if (entry is not { IsShipped: true, Record: { } record })
        {
            throw new DirectoryEditException(DirectoryProblem.NotFound);
        }

        db.Remove(record);
        await CommitAsync(db, () => "hotline:" + key, DirectoryAction.Restored, null, actor, cancellationToken);
    }

    /// <summary>Adds a place (<paramref name="id"/> null) or edits one; answers its id.</summary>
    public async Task<long> SavePlaceAsync(long? id, TrustedPlace typed, string actor, CancellationToken cancellationToken)
    {
        var place = DirectoryRules.Checked(typed, Shipped, VietnamTime.Today(time));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        PlaceRecord record;
        if (id is null)
        {
            record = new PlaceRecord();
            db.Add(record);
        }
        else
        {
            record = await FindPlaceAsync(db, id.Value, cancellationToken);
        }

        record.Set(place, actor, time.GetUtcNow());
        await CommitAsync(db, () => PlaceSubject(record.Id), id is null ? DirectoryAction.Added : DirectoryAction.Edited, record, actor, cancellationToken);
        return record.Id;
    }

    public async Task DeletePlaceAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Remove(await FindPlaceAsync(db, id, cancellationToken));
        await CommitAsync(db, () => PlaceSubject(id), DirectoryAction.Deleted, null, actor, cancellationToken);
    }

    /// <summary>Stores a guide's text in one language, used instead of the shipped one.</summary>
    public async Task SaveGuidanceAsync(GuidanceTopic topic, Language language, string? typed, string actor, CancellationToken cancellationToken)
    {
        var text = DirectoryRules.CheckedGuidance(typed);
        Known(topic, language);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<GuidanceRecord>().SingleOrDefaultAsync(g => g.Topic == topic && g.Language == language, cancellationToken);
        var action = record is null ? DirectoryAction.Added : DirectoryAction.Edited;
        if (record is null)
        {
            record = new GuidanceRecord { Topic = topic, Language = language };
            db.Add(record);
        }

        record.Set(text, actor, time.GetUtcNow());
        await CommitAsync(db, () => GuidanceSubject(topic, language), action, record, actor, cancellationToken);
    }

    /// <summary>Forgets the text of a guide in one language: the shipped one applies again.</summary>
    public async Task RestoreGuidanceAsync(GuidanceTopic topic, Language language, string actor, CancellationToken cancellationToken)
    {
        Known(topic, language);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<GuidanceRecord>().SingleOrDefaultAsync(g => g.Topic == topic && g.Language == language, cancellationToken)
            ?? throw new DirectoryEditException(DirectoryProblem.NotFound);
        db.Remove(record);
        await CommitAsync(db, () => GuidanceSubject(topic, language), DirectoryAction.Restored, null, actor, cancellationToken);
    }

    private static async Task<IReadOnlyList<HotlineEntry>> HotlinesAsync(ChildCareDbContext db, CancellationToken cancellationToken) =>
        DirectoryEntries.Hotlines(Shipped.Hotlines, await db.Set<HotlineRecord>().ToListAsync(cancellationToken));

    private static HotlineEntry Find(IReadOnlyList<HotlineEntry> entries, string key) =>
        entries.FirstOrDefault(e => e.Key == key) ?? throw new DirectoryEditException(DirectoryProblem.NotFound);

    private static async Task<PlaceRecord> FindPlaceAsync(ChildCareDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Set<PlaceRecord>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new DirectoryEditException(DirectoryProblem.NotFound);

    private static void Known(GuidanceTopic topic, Language language)
    {
        if (!Enum.IsDefined(topic) || !Enum.IsDefined(language))
        {
            throw new DirectoryEditException(DirectoryProblem.NotFound);
        }
    }

    private static string PlaceSubject(long id) => string.Create(CultureInfo.InvariantCulture, $"place:{id}");

    private static string GuidanceSubject(GuidanceTopic topic, Language language) => $"guidance:{topic}:{language.Code()}";

    /// <summary>
    /// Saves the change, its line in <c>directory_edits</c> and one more on the edit counter together, then
    /// reloads this node's directory. The subject is asked for after the first save, when an added row has its id.
    /// </summary>
    private async Task CommitAsync(ChildCareDbContext db, Func<string> subject, DirectoryAction action, object? value, string actor, CancellationToken cancellationToken)
    {
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                var edit = new DirectoryEdit
                {
                    At = time.GetUtcNow(),
                    Actor = actor,
                    Subject = subject(),
                    Action = action,
                    Value = value is null ? null : JsonSerializer.Serialize(value, Json),
                };
                db.Add(edit);
                await db.SaveChangesAsync(cancellationToken);
                await db.Set<DirectoryVersion>().Where(v => v.Id == DirectoryVersion.RowId)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogEdited(edit.Subject, action, actor);
            }
        }
        catch (DbUpdateException)
        {
            // Two first edits of one shipped line at once (its override is unique), or a row deleted meanwhile.
            throw new DirectoryEditException(DirectoryProblem.Conflict);
        }

        await provider.RefreshAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory: {Subject} {Action} by {Actor}")]
    private partial void LogEdited(string subject, DirectoryAction action, string actor);
}
