using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Tests.Chat;

/// <summary>The router's precedence, with fake features: no database, no channel.</summary>
public sealed class ChatRouterTests
{
    private static readonly ChatPerson Telegram = new(OutboxMessage.TelegramChannel, 42, Language.Vi, "Lan");
    private static readonly ChatPerson Web = new(ConversationEngine.WebChatChannel, 7, Language.Vi, null);
    private static readonly ChatPerson SignedIn = new(OutboxMessage.TelegramChannel, 42, Language.Vi, "Lan");

    private readonly FakeFeature _helpDesk = new(new ChatRoutes("help desk", [], ["m:", "r:"], IsFallback: true));
    private readonly FakeFeature _officials = new(new ChatRoutes("officials", [new("start", "join-", ["telegram"]), new("deadlines"), new("upcoming")], ["dl:"], ForOfficials: true));
    private readonly FakeFeature _cases = new(new ChatRoutes("cases", [], ["cs:"], TextPrecedence: 10, ForOfficials: true, Channels: ["telegram"]));
    private readonly FakeFeature _plans = new(new ChatRoutes("plans", [new("kehoach")], ["pl:"], TextPrecedence: 20, ForOfficials: true, Channels: ["telegram"]));

    private ChatRouter Router() => new([_helpDesk, _officials, _cases, _plans]);

    [Fact]
    public async Task RouteAsync_GivesCommandToItsOwnerAndDropsTheWaitingPrompt_WhenACasePromptWaits()
    {
        _cases.WantsText = true;

        var outcome = await Router().RouteAsync(Text(Telegram, "/deadlines"), CancellationToken.None);

        Assert.Equal("officials", outcome.Feature);
        Assert.Equal(ChatRouteKind.Command, Assert.Single(_officials.Calls).Kind);
        Assert.Equal(1, _cases.Forgotten);
        Assert.Empty(_cases.Calls);
    }

    [Fact]
    public async Task RouteAsync_GivesTextToTheWaitingCasePrompt_BeforeThePlanDraft()
    {
        (_cases.WantsText, _plans.WantsText) = (true, true);

        var outcome = await Router().RouteAsync(Text(Telegram, "Trẻ đã về nhà bà"), CancellationToken.None);

        Assert.Equal("cases", outcome.Feature);
        Assert.Empty(_plans.Calls);
        Assert.Empty(_helpDesk.Calls);
    }

    [Fact]
    public async Task RouteAsync_GivesTextToThePlanDraft_WhenNoCasePromptWaits()
    {
        (_cases.WantsText, _plans.WantsText) = (false, true);

        var outcome = await Router().RouteAsync(Text(Telegram, "3 15/11/2026"), CancellationToken.None);

        Assert.Equal("plans", outcome.Feature);
        Assert.Equal(ChatRouteKind.Text, Assert.Single(_cases.Calls).Kind);
        Assert.Empty(_helpDesk.Calls);
    }

    [Fact]
    public async Task RouteAsync_GivesTextToTheHelpDesk_WhenNoFeatureWantsIt()
    {
        var outcome = await Router().RouteAsync(Text(Telegram, "con tôi bị bắt nạt"), CancellationToken.None);

        Assert.Equal("help desk", outcome.Feature);
        Assert.Equal(ChatRouteKind.Fallback, Assert.Single(_helpDesk.Calls).Kind);
        Assert.Single(_cases.Calls);
        Assert.Single(_plans.Calls);
    }

    [Fact]
    public async Task RouteAsync_GivesPhotoToTheHelpDesk_EvenWhenAPromptWaits()
    {
        _cases.WantsText = true;

        var outcome = await Router().RouteAsync(new ChatInput(Telegram, ConversationInput.FromPhoto("file-1", "ảnh")), CancellationToken.None);

        Assert.Equal("help desk", outcome.Feature);
        Assert.Empty(_cases.Calls);
    }

    [Theory]
    [InlineData("cs:take:5", "cases")]
    [InlineData("pl:9:ok", "plans")]
    [InlineData("dl:done:3", "officials")]
    [InlineData("m:menu", "help desk")]
    [InlineData("zz:unknown", "help desk")]
    [InlineData("cs", "help desk")]
    public async Task RouteAsync_GivesTapToThePrefixOwner_OrTheHelpDeskWhenNobodyDeclaredIt(string data, string feature)
    {
        var outcome = await Router().RouteAsync(new ChatInput(Telegram, ConversationInput.FromButton(data)), CancellationToken.None);

        Assert.Equal(feature, outcome.Feature);
    }

    [Fact]
    public async Task RouteAsync_GivesTapToTheHelpDesk_WhenItsOwnerDeclines()
    {
        _officials.Declines = true;

        var outcome = await Router().RouteAsync(new ChatInput(Telegram, ConversationInput.FromButton("dl:nonsense")), CancellationToken.None);

        Assert.Equal("help desk", outcome.Feature);
        Assert.Single(_officials.Calls);
    }

    [Theory]
    [InlineData("/start join-ABC123", "officials")]
    [InlineData("/start", "help desk")]
    [InlineData("/start report", "help desk")]
    [InlineData("/kehoach", "plans")]
    [InlineData("/nosuchcommand", "help desk")]
    public async Task RouteAsync_GivesCommandToItsDeclarer_OrTheHelpDesk(string text, string feature)
    {
        var outcome = await Router().RouteAsync(Text(Telegram, text), CancellationToken.None);

        Assert.Equal(feature, outcome.Feature);
    }

    [Fact]
    public async Task RouteAsync_AnswersTheSignedInOfficial_WhenTheWebChatGivesOne()
    {
        var outcome = await Router().RouteAsync(Text(Web, "/upcoming") with { Official = SignedIn }, CancellationToken.None);

        Assert.Equal("officials", outcome.Feature);
        Assert.Equal(SignedIn, Assert.Single(_officials.Calls).Person);
    }

    [Fact]
    public async Task RouteAsync_AnswersTheWebChatItself_WhenNobodySignedIn()
    {
        await Router().RouteAsync(Text(Web, "/upcoming"), CancellationToken.None);

        Assert.Equal(Web, Assert.Single(_officials.Calls).Person);
    }

    [Theory]
    [InlineData("/kehoach")]
    [InlineData("/start join-ABC123")]
    [InlineData("3 15/11/2026")]
    public async Task RouteAsync_LeavesFeaturesOfOtherChannels_ToTheHelpDesk(string text)
    {
        (_cases.WantsText, _plans.WantsText) = (true, true);

        var outcome = await Router().RouteAsync(Text(Web, text), CancellationToken.None);

        Assert.Equal("help desk", outcome.Feature);
        Assert.Empty(_plans.Calls);
        Assert.Empty(_cases.Calls);
        Assert.Equal(0, _cases.Forgotten);
    }

    [Fact]
    public async Task RouteAsync_OffersADocumentToTextTakers_BeforeTheHelpDesk()
    {
        _plans.WantsText = true;
        var document = new ChatDocument("ke-hoach.docx", null, 100, _ => Task.FromResult(new ChatDownload([1])));

        var outcome = await Router().RouteAsync(new ChatInput(Telegram, new ConversationInput(InputKind.Other)) { Document = document }, CancellationToken.None);

        Assert.Equal("plans", outcome.Feature);
    }

    [Fact]
    public void Constructor_Throws_WhenAPrefixIsOwnedTwice()
    {
        var second = new FakeFeature(new ChatRoutes("second cases", [], ["cs:"]));

        var error = Assert.Throws<ChatRoutingException>(() => new ChatRouter([_helpDesk, _cases, second]));

        Assert.Contains("cs:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Throws_WhenOnePrefixStartsAnother()
    {
        var greedy = new FakeFeature(new ChatRoutes("greedy", [], ["c"]));

        Assert.Throws<ChatRoutingException>(() => new ChatRouter([_helpDesk, _cases, greedy]));
    }

    [Fact]
    public void Constructor_Throws_WhenACommandIsClaimedTwice()
    {
        var other = new FakeFeature(new ChatRoutes("other", [new("deadlines")], []));

        Assert.Throws<ChatRoutingException>(() => new ChatRouter([_helpDesk, _officials, other]));
    }

    [Fact]
    public void Constructor_Throws_WhenTwoTextTakersShareAPrecedence()
    {
        var other = new FakeFeature(new ChatRoutes("other", [], [], TextPrecedence: 10));

        Assert.Throws<ChatRoutingException>(() => new ChatRouter([_helpDesk, _cases, other]));
    }

    [Fact]
    public void Constructor_Throws_WhenThereIsNoHelpDesk()
    {
        Assert.Throws<ChatRoutingException>(() => new ChatRouter([_officials, _cases]));
    }

    [Fact]
    public void Constructor_Accepts_ThePrefixOnTwoChannelsThatDoNotMeet()
    {
        var zaloOnly = new FakeFeature(new ChatRoutes("zalo cases", [], ["cs:"], Channels: ["zalo"]));

        _ = new ChatRouter([_helpDesk, _cases, zaloOnly]);
    }

    [Fact]
    public void Constructor_Accepts_CoresOwnFeatures_WithCasePromptsBeforePlanDrafts()
    {
        // Their declarations only: the services behind them are not called.
        var router = new ChatRouter([new HelpDeskChat(null!), new OfficialDeskChat(null!, null!), new CaseDeskChat(null!), new PlanDeskChat(null!)]);

        Assert.Equal(["cases", "plans"], router.TextTakers.Select(r => r.Feature));
    }

    private static ChatInput Text(ChatPerson person, string text) => new(person, ConversationInput.FromText(text));

    private sealed class FakeFeature(ChatRoutes routes) : IChatFeature
    {
        public ChatRoutes Routes => routes;

        public bool WantsText { get; set; }

        public bool Declines { get; set; }

        public List<ChatRequest> Calls { get; } = [];

        public int Forgotten { get; private set; }

        public Task<ChatOutcome?> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            Calls.Add(request);
            var declined = Declines || (request.Kind == ChatRouteKind.Text && !WantsText);
            return Task.FromResult(declined ? null : new ChatOutcome(routes.Feature, []));
        }

        public Task ForgetWaitingAsync(ChatPerson person, CancellationToken cancellationToken)
        {
            Forgotten++;
            return Task.CompletedTask;
        }
    }
}
