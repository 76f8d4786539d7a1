using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>
/// Drives the pure conversation the way the engine does, with a fake in place of the database: a filed draft
/// gets the next code, and a draft filed again gets its first code back.
/// </summary>
internal sealed class ConversationDriver(Language clientLanguage = Language.Vi)
{
    private static readonly HelpDirectory Directory = HelpDirectory.Shipped();
    private readonly Dictionary<Guid, string> _filed = [];

    public ConversationState State { get; set; } = ConversationState.New;

    public int ReportsInLastHour { get; set; }

    public TimeSpan ReportLimitWait { get; set; }

    /// <summary>The communes and wards of the report's province, as the engine loads them from the units.</summary>
    public IReadOnlyList<string> Communes { get; set; } = [];

    /// <summary>False for the web chat, which has no upload.</summary>
    public bool TakesPhotos { get; set; } = true;

    /// <summary>True for the web chat, whose session is replaced once a report is done.</summary>
    public bool ForgetsAfterReport { get; set; }

    /// <summary>Every <see cref="AddDetails"/> the engine was asked to carry out, by case code.</summary>
    public List<(string Code, ReportDraft Draft)> Added { get; } = [];

    public List<ConversationCommand> Commands { get; } = [];

    public IReadOnlyList<ChatReply> Last { get; private set; } = [];

    public int FiledCount => _filed.Count;

    public IReadOnlyList<ChatReply> Say(string text) => Run(ConversationInput.FromText(text));

    public IReadOnlyList<ChatReply> Press(string data) => Run(ConversationInput.FromButton(data));

    /// <summary>Presses the button of the last replies whose text contains <paramref name="label"/>.</summary>
    public IReadOnlyList<ChatReply> Tap(string label)
    {
        var button = Last.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(row => row)
            .FirstOrDefault(b => b.CallbackData is not null && b.Text.Contains(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No button '{label}' in: {string.Join(" | ", Last.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(row => row).Select(b => b.Text))}");
        return Press(button.CallbackData!);
    }

    public IReadOnlyList<ChatReply> Run(ConversationInput input)
    {
        var context = new ConversationContext(Directory, clientLanguage, new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), ReportsInLastHour, 3, Guid.NewGuid(), Communes, TakesPhotos, ReportLimitWait, ForgetsAfterReport: ForgetsAfterReport);
        var turn = Conversation.Handle(State, input, context);
        var replies = turn.Replies.ToList();
        if (turn.Command is { } command)
        {
            Commands.Add(command);
            var outcome = command switch
            {
                FileReport file => (CommandOutcome)new ReportFiled(file.Draft.Id, FileOnce(file.Draft.Id), FollowCode: ForgetsAfterReport ? "ABCD-EFGH" : null),
                LookUpStatus status => new StatusFound([], status.Code),
                AddDetails add => AddOnce(add),
                _ => throw new InvalidOperationException(),
            };
            turn = Conversation.Complete(turn.State, outcome, context);
            replies.AddRange(turn.Replies);
        }

        State = turn.State;
        Last = replies;
        return replies;
    }

    public string LastText => string.Join("\n---\n", Last.Select(r => r.Html));

    public IEnumerable<string> ButtonTexts => Last.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(row => row).Select(b => b.Text);

    private DetailsAdded AddOnce(AddDetails add)
    {
        Added.Add((add.Code, add.Draft));
        return new DetailsAdded(add.Code, _filed.TryGetValue(add.Draft.Id, out var code) && code == add.Code);
    }

    private string FileOnce(Guid draft)
    {
        if (!_filed.TryGetValue(draft, out var code))
        {
            code = Core.Cases.CaseCode.Format(2026, _filed.Count + 1);
            _filed[draft] = code;
        }

        return code;
    }
}
