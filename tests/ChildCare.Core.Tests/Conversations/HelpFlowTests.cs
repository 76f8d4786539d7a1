using ChildCare.Core.Conversations;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>Issue 15: the province someone names is the one answered, and every province can be picked.</summary>
public sealed class HelpFlowTests
{
    [Fact]
    public void Contacts_AProvinceNamedInTheMessage_WinsOverTheRememberedOne()
    {
        var chat = new ConversationDriver();
        chat.Say("so tong dai");
        chat.Say("thanh hoa");
        Assert.Equal("thanh-hoa", chat.State.ProvinceCode);

        chat.Say("số tổng đài Hà Nội");

        Assert.Equal("ha-noi", chat.State.ProvinceCode);
        Assert.Contains("Hà Nội", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("18001744", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thanh hoa")]
    [InlineData("Thanh Hóa")]
    public void ProvinceTypedAlone_AtTheMenu_AnswersWithItsContacts(string typed)
    {
        var chat = new ConversationDriver();
        chat.Say(typed);

        Assert.Equal(ConversationStep.Idle, chat.State.Step);
        Assert.Equal("thanh-hoa", chat.State.ProvinceCode);
        var text = chat.LastText;
        Assert.True(text.IndexOf("111", StringComparison.Ordinal) < text.IndexOf("18001744", StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData("can")]
    [InlineData("son")]
    public void AWordThatStartsAProvinceName_AtTheMenu_IsNotTakenForTheProvince(string typed)
    {
        var chat = new ConversationDriver();
        chat.Say(typed);

        Assert.Null(chat.State.ProvinceCode);
    }

    [Fact]
    public void Contacts_ForAProvinceWithoutALine_SaySoPlainlyAndGive111()
    {
        var chat = new ConversationDriver();
        chat.Say("so tong dai nghe an");

        var text = chat.LastText;
        Assert.Equal("nghe-an", chat.State.ProvinceCode);
        Assert.Contains("chưa có số đường dây riêng của Nghệ An", text, StringComparison.Ordinal);
        Assert.StartsWith("📞", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("111", StringComparison.Ordinal) < text.IndexOf("113", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Contacts_ForAProvinceWithALine_DoNotSayItHasNone()
    {
        var chat = new ConversationDriver();
        chat.Say("so tong dai quang ninh");

        Assert.Contains("18001769", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("chưa có số đường dây riêng", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void ProvinceButtons_ByRegion_OfferAll34Provinces()
    {
        var chat = new ConversationDriver();
        chat.Press("m:help");
        Assert.Equal(ConversationStep.HelpProvince, chat.State.Step);
        Assert.Contains("Thanh Hóa", chat.ButtonTexts);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in new[] { "Miền Bắc", "Miền Trung", "Miền Nam" })
        {
            chat.Press("m:help");
            chat.Tap(region);
            Assert.Equal(ConversationStep.HelpProvince, chat.State.Step);
            seen.UnionWith(chat.ButtonTexts.Where(b => b != "Bỏ qua"));
        }

        Assert.Equal(34, seen.Count);
        Assert.Contains("Cà Mau", seen);
        Assert.Contains("TP. Hồ Chí Minh", seen);

        chat.Tap("Cà Mau");
        Assert.Equal("ca-mau", chat.State.ProvinceCode);
        Assert.Contains("111", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void ProvinceQuestion_StillTakesATypedName_AfterARegionWasOpened()
    {
        var chat = new ConversationDriver();
        chat.Press("m:help");
        chat.Tap("Miền Nam");
        chat.Say("can tho");

        Assert.Equal("can-tho", chat.State.ProvinceCode);
        Assert.Equal(ConversationStep.Idle, chat.State.Step);
    }
}
