using ChildCare.Bot.Tests.Conversations;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Cases;

/// <summary>What an official's case buttons answer in the chat (an outside tester's findings).</summary>
public sealed class CaseChatRepliesTests
{
    [Fact]
    public async Task Take_NamesTheHandlingUnit_AndOffersNoTakeAgain_WhenTheCaseIsTaken()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await CaseQueueTelegramTests.SetUpUnitsAndOfficialsAsync(client, fake, app);
        await app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = false, ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = "Cẩm Tân", AgeBand = AgeBand.Under6, ChildSex = ChildSex.Boy, Category = CaseCategory.Neglect,
            Description = "chau o nha mot minh", Suspect = SuspectRelation.Unknown, Anonymous = true,
        }, "telegram", 1, CancellationToken.None);
        var lan = new TelegramChat(fake, app, CaseQueueTelegramTests.Lan);
        await lan.WaitForAsync("Vụ việc mới");
        var open = lan.Button("Xem chi tiết");

        await lan.PressAsync(lan.Button("Nhận xử lý"), "take");

        Assert.Contains("Bạn đã nhận xử lý", lan.LastText, StringComparison.Ordinal);
        Assert.Contains("Đơn vị xử lý: Xã Cẩm Tân", lan.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("chưa xác định", lan.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(lan.ButtonTexts, b => b.Contains("Nhận xử lý", StringComparison.Ordinal));
        Assert.Contains(lan.ButtonTexts, b => b.Contains("Xem chi tiết", StringComparison.Ordinal));

        // The details name the suspect without empty dashes when nothing more was said of them.
        await lan.PressAsync(open, "open");
        Assert.Contains("Người nghi gây hại: chưa rõ\n", lan.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("— —", lan.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(lan.ButtonTexts, b => b.Contains("Nhận xử lý", StringComparison.Ordinal));
    }
}
