using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Plans;

/// <summary>
/// Plan import in an official's chat: a plan comes in (a file's text, or text after /kehoach), the items found
/// are listed with the sentence each came from and buttons (drop one, accept all, cancel); a typed "3 15/11/2026"
/// corrects an item's date. The draft is a row of <see cref="PlanDraft"/>, so a restart loses nothing. Accepting
/// imports the kept items into the official's unit (asked when they follow several). Returns the replies.
/// </summary>
public sealed partial class PlanChat(
    IDbContextFactory<ChildCareDbContext> contexts,
    PlanImport import,
    PlanReader reader,
    PlanSettings settings,
    TimeProvider time,
    ILogger<PlanChat> logger)
{
    public const string CallbackPrefix = "pl:";

    // Long text pasted right after a plan's first part is its continuation (Telegram cuts pasted text at 4096 characters).
    private static readonly TimeSpan ContinuationWindow = TimeSpan.FromMinutes(2);
    private const int ContinuationLength = 1000;

    // Text this long from an official that reads as a plan is taken for one without /kehoach.
    private const int PlanLikeLength = 600;
    private const int SourceInChat = 220;
    private const int DropButtonsPerRow = 5;
    private const int MaxDropButtons = 60;

    /// <summary>Whether the chat is an official's (someone who joined a unit).</summary>
    public async Task<bool> IsOfficialAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return await import.OfficialForChatAsync(person.Channel, person.ChatId, cancellationToken) is not null;
    }

    /// <summary>/kehoach [text]: the text reviewed, or how to send a plan; a chat that is no official's gets a polite no.</summary>
    public async Task<IReadOnlyList<OutboundMessage>> CommandAsync(ChatPerson person, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!await IsOfficialAsync(person, cancellationToken))
        {
            return [Say(person, PlanTexts.Get("ChatNotOfficial", person.Language))];
        }

        return string.IsNullOrWhiteSpace(text)
            ? [Say(person, PlanTexts.Get("ChatUsage", person.Language))]
            : await ReviewAsync(person, text, pasted: true, cancellationToken);
    }

    /// <summary>Why a sent file gave no text, in words.</summary>
    public static IReadOnlyList<OutboundMessage> Problem(ChatPerson person, PlanDocument.Problem problem)
    {
        ArgumentNullException.ThrowIfNull(person);
        return [Say(person, problem == PlanDocument.Problem.TooLarge
            ? PlanTexts.Format("ChatTooLarge", person.Language, PlanDocument.MaxMegabytes)
            : PlanTexts.Get("ChatUnreadable", person.Language))];
    }

    /// <summary>Finds the plan's items, keeps them as the chat's draft (replacing an earlier one) and lists them.</summary>
    public async Task<IReadOnlyList<OutboundMessage>> ReviewAsync(ChatPerson person, string text, bool pasted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(text);
        var (read, outcome) = await reader.ReadAsync(person.Channel + ":" + person.ChatId.ToString(CultureInfo.InvariantCulture), text, cancellationToken);
        if (read is not { } extraction)
        {
            return [Say(person, outcome == PlanReader.Outcome.TooMany
                ? PlanTexts.Get("ChatTooMany", person.Language)
                : PlanTexts.Format("ChatTooSlow", person.Language, (int)settings.ExtractionTimeLimit.TotalSeconds))];
        }

        if (extraction.Items.Count == 0)
        {
            return [Say(person, PlanTexts.Get("ChatNothingFound", person.Language))];
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Drafts nobody came back to are dropped whenever a new one is made: no sweeper needed.
        var stale = now - PlanDraft.Lifetime;
        await db.PlanDrafts.Where(d => d.UpdatedAt < stale || (d.Channel == person.Channel && d.ChatId == person.ChatId)).ExecuteDeleteAsync(cancellationToken);
        var draft = new PlanDraft
        {
            Channel = person.Channel,
            ChatId = person.ChatId,
            Year = extraction.Year,
            Title = extraction.Title is { } title ? title[..Math.Min(title.Length, 500)] : null,
            ItemsJson = PlanReview.ToJson([.. extraction.Items.Select(i => new ReviewItem(i))]),
            PastedText = pasted ? text : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PlanDrafts.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
        LogReviewed(draft.Id, extraction.Items.Count, extraction.Year);
        var replies = new List<OutboundMessage> { List(person, draft) };
        if (PlanReview.PassedWarning(PlanReview.PassedItems(extraction.Items, VietnamTime.Today(time)), person.Language) is { } passed)
        {
            replies.Add(Say(person, passed));
        }

        if (extraction.Truncated)
        {
            replies.Add(Say(person, PlanTexts.Format("ChatTruncated", person.Language, PlanText.MaxLines)));
        }

        return replies;
    }

    /// <summary>
    /// A typed text that belongs to plan import: a correction ("3 15/11/2026") of the chat's draft, the next part of
    /// a plan being pasted, or a long text that reads as a plan. Null when it is none of these (the help desk's).
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage>?> OnTextAsync(ChatPerson person, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(text);
        var correction = Correction().Match(text);
        if (!correction.Success && text.Length < Math.Min(ContinuationLength, PlanLikeLength))
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = await db.PlanDrafts.SingleOrDefaultAsync(d => d.Channel == person.Channel && d.ChatId == person.ChatId, cancellationToken);
        if (draft is not null && draft.IsExpired(now))
        {
            draft = null;
        }

        if (correction.Success && draft is not null)
        {
            return await CorrectAsync(db, person, draft, int.Parse(correction.Groups[1].Value, CultureInfo.InvariantCulture), correction.Groups[2].Value, cancellationToken);
        }

        if (draft is { PastedText: { } earlier, Edited: false } && now - draft.UpdatedAt < ContinuationWindow && text.Length >= ContinuationLength)
        {
            db.PlanDrafts.Remove(draft);
            await db.SaveChangesAsync(cancellationToken);
            var replies = await ReviewAsync(person, earlier + "\n" + text, pasted: true, cancellationToken);
            return [.. replies, Say(person, PlanTexts.Get("ChatContinued", person.Language))];
        }

        if (text.Length >= PlanLikeLength && LooksLikePlan(text) && await IsOfficialAsync(person, cancellationToken))
        {
            return await ReviewAsync(person, text, pasted: true, cancellationToken);
        }

        return null;
    }

    /// <summary>A plan button: drop an item, accept (into a unit), or cancel.</summary>
    public async Task<IReadOnlyList<OutboundMessage>> OnButtonAsync(ChatPerson person, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var parts = data[CallbackPrefix.Length..].Split(':');
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = parts.Length >= 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.PlanDrafts.SingleOrDefaultAsync(d => d.Id == id && d.Channel == person.Channel && d.ChatId == person.ChatId, cancellationToken)
            : null;
        if (draft is null || draft.IsExpired(time.GetUtcNow()))
        {
            return [Say(person, PlanTexts.Get("ChatExpired", person.Language))];
        }

        var argument = parts.Length > 2 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null;
        switch (parts[1])
        {
            case "d" when argument is { } item:
                return [await DropAsync(db, person, draft, (int)item, cancellationToken)];
            case "a":
                return [await AcceptAsync(db, person, draft, argument, cancellationToken)];
            case "x":
                db.PlanDrafts.Remove(draft);
                await db.SaveChangesAsync(cancellationToken);
                return [Say(person, PlanTexts.Get("ChatCancelled", person.Language))];
            default:
                return [];
        }
    }

    // A plan's header or its usual section words, on top of being long.
    private static bool LooksLikePlan(string text)
    {
        var folded = TextMatching.Fold(text.Length > 4000 ? text[..4000] : text);
        return folded.Contains("ke hoach", StringComparison.Ordinal)
            && (folded.Contains("to chuc thuc hien", StringComparison.Ordinal) || folded.Contains("nhiem vu", StringComparison.Ordinal) || folded.Contains("bao cao", StringComparison.Ordinal));
    }

    private async Task<OutboundMessage> DropAsync(ChildCareDbContext db, ChatPerson person, PlanDraft draft, int number, CancellationToken cancellationToken)
    {
        var items = PlanReview.FromJson(draft.ItemsJson);
        if (number < 1 || number > items.Count)
        {
            return Say(person, PlanTexts.Format("ChatNoSuchItem", person.Language, number));
        }

        items[number - 1] = items[number - 1] with { Dropped = true };
        await SaveAsync(db, draft, items, cancellationToken);
        var left = items.Count(i => !i.Dropped);
        return Say(person, PlanTexts.Format("ChatDropped", person.Language, number, left), Buttons(person, draft.Id, items));
    }

    private async Task<IReadOnlyList<OutboundMessage>> CorrectAsync(ChildCareDbContext db, ChatPerson person, PlanDraft draft, int number, string typed, CancellationToken cancellationToken)
    {
        var items = PlanReview.FromJson(draft.ItemsJson);
        if (number < 1 || number > items.Count)
        {
            return [Say(person, PlanTexts.Format("ChatNoSuchItem", person.Language, number))];
        }

        if (PlanReview.Correct(items[number - 1].Item, typed) is not { } corrected)
        {
            return [Say(person, PlanTexts.Format("ChatBadCorrection", person.Language, MessageHtml.Escape(typed.Trim())))];
        }

        items[number - 1] = new ReviewItem(corrected);
        await SaveAsync(db, draft, items, cancellationToken);
        var line = MessageHtml.Escape(corrected.Title) + " — " + PlanReview.Describe(corrected.Recurrence, person.Language, corrected.Until);
        return [Say(person, PlanTexts.Format("ChatChanged", person.Language, number, line), Buttons(person, draft.Id, items))];
    }

    private async Task<OutboundMessage> AcceptAsync(ChildCareDbContext db, ChatPerson person, PlanDraft draft, long? unitId, CancellationToken cancellationToken)
    {
        var official = await import.OfficialForChatAsync(person.Channel, person.ChatId, cancellationToken);
        var units = official is { } officialId ? await import.UnitsForOfficialAsync(officialId, cancellationToken) : [];
        if (units.Count == 0)
        {
            return Say(person, PlanTexts.Get("ChatNoUnit", person.Language));
        }

        var unit = unitId is { } wanted ? units.FirstOrDefault(u => u.Id == wanted) : units.Count == 1 ? units[0] : null;
        if (unit is null)
        {
            return Say(person, PlanTexts.Get("ChatPickUnit", person.Language), Keyboard.Inline(
                [.. units.Take(20).Select(u => (IReadOnlyList<KeyboardButton>)[KeyboardButton.Callback(u.Name(person.Language), Data(draft.Id, "a", u.Id))])]));
        }

        var kept = PlanReview.FromJson(draft.ItemsJson).Where(i => !i.Dropped).Select(i => i.Item).ToList();
        if (kept.Count == 0)
        {
            return Say(person, PlanTexts.Get("ChatNothingLeft", person.Language));
        }

        if (kept.Count > import.MaxItems)
        {
            return Say(person, PlanTexts.Format("ChatTooManyItems", person.Language, import.MaxItems, kept.Count));
        }

        var result = await import.AcceptAsync(unit.Code, draft.Year, draft.Title, kept, cancellationToken);
        if (!result.Succeeded)
        {
            return Say(person, PlanTexts.Format("ChatAcceptFailed", person.Language, MessageHtml.Escape(string.Join(" ", result.Problems))));
        }

        db.PlanDrafts.Remove(draft);
        await db.SaveChangesAsync(cancellationToken);
        LogAccepted(unit.Id, result.RulesAdded, result.RulesUpdated);
        var accepted = PlanTexts.Format("ChatAccepted", person.Language, result.RulesAdded, result.RulesUpdated, MessageHtml.Escape(unit.Name(person.Language)));
        return Say(person, PlanReview.PassedWarning(PlanReview.PassedItems(kept, VietnamTime.Today(time)), person.Language) is { } passed ? accepted + "\n" + passed : accepted);
    }

    private async Task SaveAsync(ChildCareDbContext db, PlanDraft draft, List<ReviewItem> items, CancellationToken cancellationToken)
    {
        draft.ItemsJson = PlanReview.ToJson(items);
        draft.Edited = true;
        draft.PastedText = null;
        draft.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The draft as one message: a numbered line per item with its date, kind, role and source sentence.</summary>
    private static OutboundMessage List(ChatPerson person, PlanDraft draft)
    {
        var language = person.Language;
        var items = PlanReview.FromJson(draft.ItemsJson);
        var text = new StringBuilder(PlanTexts.Format("ChatHeader", language,
            MessageHtml.Escape(draft.Title ?? PlanTexts.Get("ChatPlan", language)), items.Count,
            draft.Year?.ToString(CultureInfo.InvariantCulture) ?? PlanTexts.Get("ChatYearUnknown", language)));
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i].Item;
            var source = item.SourceText.Length <= SourceInChat ? item.SourceText : item.SourceText[..SourceInChat].TrimEnd() + "…";
            text.Append("\n\n").Append(PlanTexts.Format("ChatItem", language, i + 1, MessageHtml.Escape(Title(item, language)),
                PlanReview.Describe(item.Recurrence, language, item.Until), PlanTexts.Get("Kind_" + item.Kind, language),
                Owner(item, language), MessageHtml.Escape(source)));
            if (item.Theme is { } theme)
            {
                text.Append('\n').Append(PlanTexts.Format("ChatItemTheme", language, item.ThemeYear, MessageHtml.Escape(theme)));
            }
        }

        text.Append("\n\n").Append(PlanTexts.Get("ChatFooter", language));
        return Say(person, text.ToString(), Buttons(person, draft.Id, items));
    }

    // Who owes it: the body the plan names ("Ban Tuyên giáo Huyện ủy"), with the role it is reminded to.
    private static string Owner(ExtractedItem item, Language language) =>
        item.UnitText is { Length: > 0 } named
            ? MessageHtml.Escape(named) + " (" + ReminderTexts.Role(item.Role, language) + ")"
            : ReminderTexts.Role(item.Role, language);

    private static string Title(ExtractedItem item, Language language) =>
        language == Language.En && item.TitleEn is { } en ? en : item.Title;

    private static Keyboard Buttons(ChatPerson person, long draftId, List<ReviewItem> items)
    {
        var rows = items.Select((item, index) => (item, index)).Where(x => !x.item.Dropped).Take(MaxDropButtons)
            .Select(x => KeyboardButton.Callback(PlanTexts.Format("ButtonDrop", person.Language, x.index + 1), Data(draftId, "d", x.index + 1)))
            .Chunk(DropButtonsPerRow)
            .Select(row => (IReadOnlyList<KeyboardButton>)row)
            .ToList();
        rows.Add([KeyboardButton.Callback(PlanTexts.Format("ButtonAccept", person.Language, items.Count(i => !i.Dropped)), Data(draftId, "a", null))]);
        rows.Add([KeyboardButton.Callback(PlanTexts.Get("ButtonCancel", person.Language), Data(draftId, "x", null))]);
        return new Keyboard(rows);
    }

    private static string Data(long draftId, string action, long? argument) =>
        string.Create(CultureInfo.InvariantCulture, $"{CallbackPrefix}{draftId}:{action}{(argument is { } a ? ":" + a.ToString(CultureInfo.InvariantCulture) : "")}");

    private static OutboundMessage Say(ChatPerson person, string text, Keyboard? keyboard = null) =>
        new(person.ChatId, text, MessagePriority.Reply, MessagePurposes.Plan, keyboard, Channel: person.Channel);

    // "3 15/11/2026", "3. 15/11", "12: 25", "4 Q3/2026", "4 quý 4": an item's number, then its new date.
    [GeneratedRegex(@"^\s*(\d{1,3})\s*[.:)]?\s+(\d{1,2}(?:\s*[/.\-]\s*\d{1,2})?(?:\s*[/.\-]\s*\d{4})?(?:\s*[-–]\s*\d{1,2}\s*/\s*\d{1,2})?|(?:[Qq]|[Qq]u[ýyÝY])\s*(?:[1-4]|IV|III|II|I|iv|iii|ii|i)(?:\s*[/.\-]\s*\d{4})?)\s*$")]
    private static partial Regex Correction();

    [LoggerMessage(Level = LogLevel.Information, Message = "Plans: draft {DraftId} made with {Items} item(s), plan year {Year}")]
    private partial void LogReviewed(long draftId, int items, int? year);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plans: a draft accepted into unit {UnitId}: {Added} rule(s) added, {Updated} updated")]
    private partial void LogAccepted(long unitId, int added, int updated);
}
