using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>Issue 15: a child in danger now is reported in a few answers; communes matched; one consent question.</summary>
public sealed class ReportFlowTests
{
    private static readonly string[] ThanhHoaCommunes = ["Xã Cẩm Tân", "Xã Cẩm Tâm", "Xã Cẩm Vân", "Phường Hạc Thành"];

    [Fact]
    public void EmergencyFirstMessage_IsFiledAsUrgentWithinFiveExchanges_WithTheCode()
    {
        var chat = new ConversationDriver();
        var exchanges = 0;
        void Say(string text)
        {
            exchanges++;
            chat.Say(text);
        }

        Say("Cứu! Bé đang bị đánh");
        Assert.StartsWith("🚨", chat.Last[0].Html, StringComparison.Ordinal);
        Say("thanh hoa");
        Say("xa cam tan");
        exchanges++;
        chat.Run(ConversationInput.FromLocation(19.95, 105.5));
        Assert.Equal(ConversationStep.ReportContact, chat.State.Step);
        Say("bo qua");

        Assert.True(exchanges <= 5, $"{exchanges} exchanges");
        var filed = Assert.IsType<FileReport>(Assert.Single(chat.Commands)).Draft;
        Assert.True(filed.DangerNow);
        Assert.True(filed.Urgent);
        Assert.Equal("thanh-hoa", filed.ProvinceCode);
        Assert.Equal("xa cam tan", filed.Commune);
        Assert.NotNull(filed.Location);
        Assert.Equal("Cứu! Bé đang bị đánh", filed.Description);
        Assert.True(filed.Anonymous);
        Assert.Contains("TE-2026-000001", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("khẩn", chat.LastText, StringComparison.Ordinal);
        Assert.Contains(chat.ButtonTexts, b => b.Contains("Bổ sung thông tin", StringComparison.Ordinal));
    }

    [Fact]
    public void EmergencyFirstMessage_InEnglish_IsFiledInEnglish_AndOffersToAddDetails()
    {
        var chat = new ConversationDriver(Core.Localization.Language.En);
        chat.Say("help me, a child is being beaten");
        Assert.Contains("Which province", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("North", chat.ButtonTexts);
        chat.Say("hanoi");
        chat.Say("Hoan Kiem ward");
        chat.Say("skip");
        Assert.Contains("call you back", chat.LastText, StringComparison.Ordinal);
        chat.Say("skip");

        Assert.Single(chat.Commands);
        Assert.Contains("urgent", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("➕ Add details", chat.ButtonTexts);
    }

    [Fact]
    public void DangerNowYes_AsksOnlyWhereWhatAndAPhone_ThenFilesAtOnce()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("co");
        Assert.StartsWith("🚨", chat.Last[0].Html, StringComparison.Ordinal);
        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
        chat.Say("quang ninh");
        chat.Say("phuong Cam Dong");
        chat.Say("to 5 khu 3");
        Assert.Equal(ConversationStep.ReportDescription, chat.State.Step);
        chat.Say("bo duong dang danh chau, chau chay mau dau");
        Assert.Equal(ConversationStep.ReportContact, chat.State.Step);
        Assert.Contains("đồng ý", chat.LastText, StringComparison.Ordinal);
        chat.Say("0912 345 678");

        var filed = Assert.IsType<FileReport>(Assert.Single(chat.Commands)).Draft;
        Assert.True(filed.DangerNow);
        Assert.Equal("quang-ninh", filed.ProvinceCode);
        Assert.Equal("to 5 khu 3", filed.Address);
        Assert.False(filed.Anonymous);
        Assert.Equal("0912345678", filed.ReporterPhone);
        Assert.True(filed.ContactConsent);
        Assert.Null(filed.ChildAge);
        Assert.Equal(CaseCategory.Violence, filed.Category);
        Assert.Equal("TE-2026-000001", chat.State.LastSentCode);
    }

    [Fact]
    public void AfterAnUrgentFiling_AddDetails_AsksTheRestAndAddsItToTheSameCase()
    {
        var chat = UrgentFiled();
        var filedId = Assert.IsType<FileReport>(Assert.Single(chat.Commands)).Draft.Id;

        chat.Tap("Bổ sung thông tin");
        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        chat.Say("thon 3");
        chat.Say("7");
        chat.Say("gai");
        chat.Say("bo qua");
        Assert.Equal(ConversationStep.ReportCategory, chat.State.Step);
        chat.Say("bao luc");
        chat.Say("bo duong");
        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Contains("TE-2026-000001", chat.LastText, StringComparison.Ordinal);
        chat.Tap("Sửa");
        Assert.DoesNotContain(chat.ButtonTexts, b => b.Contains("Tỉnh", StringComparison.Ordinal));
        Assert.DoesNotContain(chat.ButtonTexts, b => b.Contains("Xã/phường", StringComparison.Ordinal));
        chat.Tap("Tuổi");
        chat.Say("8");
        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        chat.Tap("Gửi bổ sung");

        var (code, added) = Assert.Single(chat.Added);
        Assert.Equal("TE-2026-000001", code);
        Assert.Equal(filedId, added.Id);
        Assert.Equal(8, added.ChildAge);
        Assert.Equal(ChildSex.Girl, added.ChildSex);
        Assert.Equal("thon 3", added.Village);
        Assert.Equal(SuspectRelation.Parent, added.Suspect);
        Assert.Equal(1, chat.FiledCount);
        Assert.Null(chat.State.Report);
        Assert.Contains("Đã bổ sung", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddDetails_ShowsNothingOfTheFiledReport_WhenItWasFiledWithAPhoneAndALocation(bool web)
    {
        var chat = new ConversationDriver { ForgetsAfterReport = web, TakesPhotos = !web };
        chat.Say("Cứu! Bé đang bị đánh ở nhà bên cạnh");
        chat.Say("thanh hoa");
        chat.Say("xa cam tan");
        chat.Run(ConversationInput.FromLocation(21.03125, 105.85125));
        chat.Say("0243 987 6543");
        Assert.Equal("TE-2026-000001", chat.State.LastSentCode);

        // What the next person on a shared phone could reach: the details draft, its questions and its review.
        var seen = new List<string>();
        seen.AddRange(chat.Tap("Bổ sung thông tin").Select(r => r.Html));
        foreach (var answer in new[] { "thon 3", "7", "gai", "bo qua", "bao luc", "bo duong", "Lan" })
        {
            seen.AddRange(chat.Say(answer).Select(r => r.Html));
        }

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        var shown = string.Join("\n", seen);
        Assert.Contains("Lan", chat.LastText, StringComparison.Ordinal);
        foreach (var filed in new[] { "02439876543", "0243 987 6543", "21.03", "105.85", "am Tân", "am Tan", "cam tan", "Thanh Hóa", "nhà bên cạnh" })
        {
            Assert.DoesNotContain(filed, shown, StringComparison.OrdinalIgnoreCase);
        }

        var draft = chat.State.Report!;
        Assert.Equal((null, null, null, null, null, null), (draft.ReporterPhone, draft.Location, draft.Address, draft.Description, draft.Commune, draft.ProvinceCode));
        Assert.Equal(web ? null : "thanh-hoa", chat.State.ProvinceCode);
        Assert.Equal(web ? null : "xa cam tan", chat.State.Commune);
        chat.Tap("Sửa");
        Assert.DoesNotContain(chat.ButtonTexts, b => b.Contains("Mô tả", StringComparison.Ordinal) || b.Contains("Người báo tin", StringComparison.Ordinal));
        Assert.Contains(chat.ButtonTexts, b => b.Contains("Tên người báo tin", StringComparison.Ordinal));
    }

    [Fact]
    public void UrgentCommuneQuestion_NamesAUnitOfTheChosenProvince_WhenItsUnitsAreKnown()
    {
        var chat = new ConversationDriver { Communes = ["Phường Hoàn Kiếm", "Phường Ba Đình"] };
        chat.Say("Cứu! Bé đang bị đánh");
        chat.Say("ha noi");

        Assert.Equal(ConversationStep.ReportCommune, chat.State.Step);
        Assert.Contains("«phuong hoan kiem»", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("cam tan", chat.LastText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UrgentCommuneQuestion_NamesNoOtherProvincesUnit_WhenItsUnitsAreUnknown()
    {
        var chat = new ConversationDriver();
        chat.Say("Cứu! Bé đang bị đánh");
        chat.Say("ha noi");

        Assert.Equal(ConversationStep.ReportCommune, chat.State.Step);
        Assert.Contains("xã/phường", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("cam tan", chat.LastText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ví dụ", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterAnUrgentFiling_CancellingTheDetails_SaysTheReportStands()
    {
        var chat = UrgentFiled();
        chat.Tap("Bổ sung thông tin");
        chat.Say("/cancel");

        Assert.Null(chat.State.Report);
        Assert.Contains("TE-2026-000001", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("vẫn được giữ", chat.LastText, StringComparison.Ordinal);
        Assert.Empty(chat.Added);
    }

    [Fact]
    public void AfterAnUrgentFiling_ANewReport_StartsAfreshInsteadOfTheDetails()
    {
        var chat = UrgentFiled();
        chat.Say("/report");

        Assert.Equal(ConversationStep.ReportDanger, chat.State.Step);
        Assert.Null(chat.State.Report!.FiledCode);
    }

    [Fact]
    public void AfterAnUrgentFiling_DangerWordsAgain_GiveTheNumbers_AndDoNotFileItTwice()
    {
        var chat = UrgentFiled();
        chat.Say("Cứu! Bé đang bị đánh");

        Assert.StartsWith("🚨", chat.Last[0].Html, StringComparison.Ordinal);
        Assert.Contains("TE-2026-000001", chat.LastText, StringComparison.Ordinal);
        Assert.Equal("TE-2026-000001", chat.State.Report!.FiledCode);
        chat.Tap("Báo tin mới");
        Assert.Equal(ConversationStep.ReportDanger, chat.State.Step);
        Assert.Equal(1, chat.FiledCount);
    }

    [Fact]
    public void DangerWords_WhileAReportIsPaused_MakeItUrgent_AndKeepWhatItHas()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("ha noi");
        chat.Say("phuong ba dinh");
        chat.Say("/menu");
        Assert.Equal(ConversationStep.Idle, chat.State.Step);

        chat.Say("Cứu! Bé đang bị đánh");

        Assert.StartsWith("🚨", chat.Last[0].Html, StringComparison.Ordinal);
        Assert.Equal(ConversationStep.ReportAddress, chat.State.Step);
        Assert.True(chat.State.Report!.Urgent);
        Assert.Equal("ha-noi", chat.State.Report.ProvinceCode);
        Assert.Equal("phuong ba dinh", chat.State.Report.Commune);
    }

    [Fact]
    public void ReportProvince_OffersEveryRegion_AndAProvinceWithoutALine()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        Assert.Contains("Miền Trung", chat.ButtonTexts);

        chat.Tap("Miền Trung");
        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
        Assert.Contains("Nghệ An", chat.ButtonTexts);
        Assert.DoesNotContain("Hà Nội", chat.ButtonTexts);
        chat.Tap("Nghệ An");

        Assert.Equal(ConversationStep.ReportCommune, chat.State.Step);
        Assert.Equal("nghe-an", chat.State.Report!.ProvinceCode);
    }

    [Fact]
    public void Commune_TypedWithoutAccents_IsMatched_AndTheReviewShowsItWithItsProvince()
    {
        var chat = new ConversationDriver { Communes = ThanhHoaCommunes };
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("thanh hoa");
        chat.Say("xa cam tan");

        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        Assert.Equal("Xã Cẩm Tân", chat.State.Report!.CommuneMatch);
        Assert.Equal("xa cam tan", chat.State.Report.Commune);
        ThroughToReview(chat);
        Assert.Contains("Xã Cẩm Tân, Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("⚠️", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Commune_NotInTheProvince_IsKeptAndFlagged_WithTheClosestNamesAsButtonsThatCorrectIt()
    {
        var chat = new ConversationDriver { Communes = ThanhHoaCommunes };
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("thanh hoa");
        chat.Say("cam tn");

        // The report does not stall on a spelling: it goes on, with the closest names offered.
        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        Assert.Equal("cam tn", chat.State.Report!.Commune);
        Assert.Contains("không thấy «cam tn» trong các xã/phường của Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Xã Cẩm Tân", chat.ButtonTexts);
        Assert.DoesNotContain("Phường Hạc Thành", chat.ButtonTexts);
        chat.Tap("Xã Cẩm Tân");

        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        Assert.Equal("Xã Cẩm Tân", chat.State.Report!.Commune);
        Assert.Equal("Xã Cẩm Tân", chat.State.Report.CommuneMatch);
    }

    [Fact]
    public void Commune_KeptAsTyped_IsFlaggedInTheReview_AndCanBeCorrectedThere()
    {
        var chat = new ConversationDriver { Communes = ThanhHoaCommunes };
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("thanh hoa");
        chat.Say("cam vam");
        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        Assert.Equal("cam vam", chat.State.Report!.Commune);
        ThroughToReview(chat);

        Assert.Contains("cam vam ⚠️", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        chat.Tap("Xã Cẩm Vân");

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Contains("Xã Cẩm Vân, Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("⚠️", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Commune_WhenTheProvinceHasNoKnownUnits_IsTakenAsTypedAndNotFlagged()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("thanh hoa");
        chat.Say("cam tn");

        Assert.Equal(ConversationStep.ReportVillage, chat.State.Step);
        ThroughToReview(chat);
        Assert.Contains("cam tn, Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("⚠️", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosestCommunes_AreByEditDistanceOnFoldedNames_AndNoneWhenNothingIsClose()
    {
        Assert.Equal("Xã Cẩm Tân", ReportFlow.ClosestCommunes(ThanhHoaCommunes, "Cam Tan")[0]);
        Assert.Empty(ReportFlow.ClosestCommunes(ThanhHoaCommunes, "Quang Trung"));
        Assert.Equal(1, TextMatching.EditDistance("cam tan", "cam tn"));
        Assert.Equal(3, TextMatching.EditDistance("kitten", "sitting"));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Description_InvitesPhotos_OnlyWhereTheChannelTakesThem(bool takesPhotos, bool invited)
    {
        var chat = new ConversationDriver { TakesPhotos = takesPhotos };
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("ha noi");
        chat.Say("bo qua");
        chat.Say("bo qua");
        chat.Say("bo qua");
        chat.Say("10");
        chat.Say("nam");
        chat.Say("bo qua");
        chat.Say("bo mac");

        Assert.Equal(ConversationStep.ReportDescription, chat.State.Step);
        Assert.Equal(invited, chat.Last[^1].Html.Contains("gửi kèm ảnh", StringComparison.Ordinal));
    }

    [Fact]
    public void Reporter_LeavingNameAndPhone_IsTheOneConsent_NoSecondQuestion()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("ha noi");
        chat.Say("bo qua");
        chat.Say("bo qua");
        chat.Say("bo qua");
        chat.Say("10");
        chat.Say("nam");
        chat.Say("bo qua");
        chat.Say("bo mac");
        chat.Say("chau o nha mot minh nhieu ngay");
        chat.Say("khong ro");
        Assert.Equal(ConversationStep.ReportReporter, chat.State.Step);
        Assert.Contains("liên hệ", chat.LastText, StringComparison.Ordinal);
        chat.Tap("Để lại tên");
        chat.Say("Tran Thi B");
        chat.Say("0987654321");

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.True(chat.State.Report!.ContactConsent);
        Assert.DoesNotContain("có được liên hệ", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/start report")]
    [InlineData("Cứu! Bé đang bị đánh")]
    public void HourlyLimit_SaysHowLongToWait(string text)
    {
        var chat = new ConversationDriver { ReportsInLastHour = 3, ReportLimitWait = TimeSpan.FromMinutes(24.5) };
        chat.Say(text);

        Assert.Null(chat.State.Report);
        Assert.Contains("sau 25 phút", chat.LastText, StringComparison.Ordinal);
    }

    private static ConversationDriver UrgentFiled()
    {
        var chat = new ConversationDriver();
        chat.Say("Cứu! Bé đang bị đánh");
        chat.Say("thanh hoa");
        chat.Say("xa cam tan");
        chat.Say("gan cho");
        chat.Say("bo qua");
        Assert.Equal("TE-2026-000001", chat.State.LastSentCode);
        Assert.Equal(KeyboardKind.RemoveReply, chat.Last[0].Keyboard?.Kind);
        return chat;
    }

    private static void ThroughToReview(ConversationDriver chat)
    {
        var answers = new Dictionary<ConversationStep, string>
        {
            [ConversationStep.ReportVillage] = "bo qua",
            [ConversationStep.ReportAddress] = "bo qua",
            [ConversationStep.ReportChildAge] = "10",
            [ConversationStep.ReportChildSex] = "nam",
            [ConversationStep.ReportChildName] = "bo qua",
            [ConversationStep.ReportCategory] = "bo mac",
            [ConversationStep.ReportDescription] = "chau o nha mot minh nhieu ngay",
            [ConversationStep.ReportSuspect] = "khong ro",
            [ConversationStep.ReportReporter] = "an danh",
        };
        for (var guard = 0; chat.State.Step != ConversationStep.ReportReview; guard++)
        {
            Assert.True(guard < 20, $"stuck at {chat.State.Step}: {chat.LastText}");
            chat.Say(answers[chat.State.Step]);
        }
    }
}
