using ChildCare.Bot.Tests.Plans;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.WebChat;

/// <summary>Officials' commands in the web chat: the router answers an official signed in on the site as on Telegram.</summary>
public sealed class WebChatOfficialsTests
{
    private const long Official = 5_301;
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Deadlines:LoadDemoData"] = "false", ["Scheduler:InProcess"] = "false" };

    [Theory]
    [InlineData("/upcoming")]
    [InlineData("/hanchot")]
    public async Task Upcoming_AnswersAsOnTelegram_WhenAnOfficialIsSignedIn(string command)
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        await PlanTestApp.ImportUnitsAsync(app);
        await PlanTestApp.JoinAsync(app, Official, PlanTestApp.Commune);
        using var browser = await PlanTestApp.SignedInAsync(app, Official);
        var onTelegram = await app.Services.GetRequiredService<ReminderDesk>()
            .UpcomingAsync(new ChatPerson("telegram", Official, Language.Vi, "Lan"), CancellationToken.None);

        var onWeb = await WebChatTests.SendAsync(browser, new { text = command });

        Assert.Equal(Assert.Single(onTelegram).Text, Assert.Single(WebChatTests.Replies(onWeb)).Html);
        Assert.NotEqual(CoreTexts.Get("NotAnOfficial", Language.Vi), Assert.Single(onTelegram).Text);
    }

    [Fact]
    public async Task Upcoming_TellsHowOfficialsGetThemOnTheWeb_WhenNobodyIsSignedIn()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var onWeb = await WebChatTests.SendAsync(client, new { text = "/upcoming" });

        // Not the messengers' "send /join <code>": the web chat has no /join (officials join by the invite link).
        Assert.Equal(CoreTexts.Get("OfficialsOnTheWeb", Language.Vi), Assert.Single(WebChatTests.Replies(onWeb)).Html);
    }

    [Fact]
    public async Task Join_OnTheWebChat_JoinsNothing_AndTellsHowToJoinOnTheWeb()
    {
        await using var app = new ChildCareAppFactory(NoDemo);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var onWeb = await WebChatTests.SendAsync(client, new { text = "/join ABCDEF" });

        Assert.DoesNotContain(WebChatTests.Replies(onWeb), r => r.Html == CoreTexts.Get("JoinInvalid", Language.Vi));
        Assert.Equal(CoreTexts.Get("OfficialsOnTheWeb", Language.Vi), Assert.Single(WebChatTests.Replies(onWeb)).Html);
    }
}
