using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>The help desk as a pure function: no database, no network, every answer checked.</summary>
public sealed class ConversationTests
{
    [Fact]
    public void Report_TypedWithoutAccents_FilesOneCaseWithEveryAnswer()
    {
        var chat = new ConversationDriver();
        chat.Say("toi muon bao cao");
        Assert.Equal(ConversationStep.ReportDanger, chat.State.Step);
        chat.Say("khong");
        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
        chat.Say("thanh hoa");
        chat.Say("xa cam tan");
        chat.Say("thon 3");
        chat.Say("gan cho Cam Tan");
        Assert.Equal(ConversationStep.ReportChildAge, chat.State.Step);
        Assert.Equal(KeyboardKind.RemoveReply, chat.Last[0].Keyboard?.Kind);
        chat.Say("khoang 8 tuoi");
        chat.Say("gai");
        chat.Say("bo qua");
        chat.Say("bi danh");
        Assert.Equal(ConversationStep.ReportDescription, chat.State.Step);
        chat.Say("chau bi bo duong danh nhieu lan, co vet bam tren tay");
        chat.Say("bo duong");
        chat.Say("an danh");
        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Contains("Thanh Hóa", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("8 tuổi", chat.LastText, StringComparison.Ordinal);

        chat.Tap("Gửi báo cáo");

        var filed = Assert.IsType<FileReport>(Assert.Single(chat.Commands)).Draft;
        Assert.Equal(1, chat.FiledCount);
        Assert.False(filed.DangerNow);
        Assert.Equal("thanh-hoa", filed.ProvinceCode);
        Assert.Equal("xa cam tan", filed.Commune);
        Assert.Equal("thon 3", filed.Village);
        Assert.Equal(8, filed.ChildAge);
        Assert.Equal(AgeBand.From6To10, filed.AgeBand);
        Assert.Equal(ChildSex.Girl, filed.ChildSex);
        Assert.Null(filed.ChildName);
        Assert.Equal(CaseCategory.Violence, filed.Category);
        Assert.Equal(SuspectRelation.Parent, filed.Suspect);
        Assert.True(filed.Anonymous);
        Assert.Contains("TE-2026-000001", chat.LastText, StringComparison.Ordinal);
        Assert.Null(chat.State.Report);
        Assert.Equal("thanh-hoa", chat.State.ProvinceCode);
    }

    [Fact]
    public void Send_TappedTwice_FilesOnceAndSaysItWasSent()
    {
        var chat = ReportAtReview();
        var review = chat.Last;
        chat.Tap("Gửi báo cáo");
        var code = chat.State.LastSentCode;

        // The second tap comes from the same review message.
        var send = review.SelectMany(r => r.Keyboard!.Rows).SelectMany(r => r).First(b => b.Text.Contains("Gửi", StringComparison.Ordinal));
        chat.Press(send.CallbackData!);

        Assert.Single(chat.Commands);
        Assert.Contains(code!, chat.LastText, StringComparison.Ordinal);
        Assert.Contains("đã được gửi rồi", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuu voi, no dang danh con toi", "113")]
    [InlineData("Cứu! Bé đang bị đánh", "113")]
    [InlineData("con toi noi no muon tu tu", "115")]
    [InlineData("help me, a child is being beaten", "113")]
    [InlineData("bat coc tre em o cong truong", "113")]
    [InlineData("chồng say rượu đánh vợ con", "113")]
    [InlineData("con gái tôi bị hiếp", "113")]
    [InlineData("trẻ bị đuối nước", "115")]
    [InlineData("be nha toi uong nham thuoc tru sau", "115")]
    [InlineData("my dad is beating my little brother right now", "113")]
    public void EmergencyWords_LeadWithTheRightNumber_NameAllThree_ThenAskWhereForAnUrgentReport(string text, string first)
    {
        var chat = new ConversationDriver();
        chat.Say(text);

        var answer = chat.Last[0].Html;
        Assert.Equal(first, FirstNumber(answer));
        Assert.Contains("113", answer, StringComparison.Ordinal);
        Assert.Contains("115", answer, StringComparison.Ordinal);
        Assert.Contains("111", answer, StringComparison.Ordinal);
        Assert.Contains("👉", answer, StringComparison.Ordinal);

        // Issue 15: no offer to report, the report starts: where is the child?
        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
        Assert.True(chat.State.Report!.Urgent);
        Assert.True(chat.State.Report.DangerNow);
        Assert.Contains(chat.ButtonTexts, b => b.Contains("Miền Bắc", StringComparison.Ordinal));
    }

    [Fact]
    public void Drowning_LeadsWith115_AndSaysWhatToDoInTheWater()
    {
        var chat = new ConversationDriver();
        chat.Say("trẻ bị đuối nước");

        var answer = chat.Last[0].Html;
        Assert.Equal("115", FirstNumber(answer));
        Assert.Contains("ném phao", answer, StringComparison.Ordinal);
        Assert.Contains("đừng dốc ngược", answer, StringComparison.Ordinal);
    }

    // An outside tester's finding: under the right number came a line for another danger ("không cần chờ đủ 24 giờ"
    // for a child bruised and unconscious, "đưa trẻ ra khỏi nước" for a dog bite). What to do now follows what the
    // message says: first aid while waiting for 115, and to a child who writes about themselves, words for them.
    [Theory]
    [InlineData("chau be co vet bam tim khap nguoi, dang bat tinh", "115", "nằm nghiêng", "24 giờ")]
    [InlineData("con toi bi danh qua troi", "113", "tránh xa người đang gây hại", "24 giờ")]
    [InlineData("con tôi bị chó cắn chảy nhiều máu", "115", "Ấn chặt vết thương", "ra khỏi nước")]
    [InlineData("be bi sot co giat", "115", "không nhét gì vào miệng", "ép tim mạnh")]
    [InlineData("bé uống nhầm thuốc trừ sâu", "115", "Không gây nôn", "ném phao")]
    [InlineData("bé nhà mình bị bỏng nước sôi", "115", "Xả nước mát", "Nếu người đang bị hại là bạn")]
    [InlineData("con em bị bố đánh", "113", "tránh xa người đang gây hại", "Nếu người đang bị hại là bạn")]
    [InlineData("e bi bo danh", "113", "Nếu người đang bị hại là bạn", "không một mình")]
    [InlineData("em vừa uống hết vỉ thuốc ngủ", "115", "Nếu người đang bị hại là bạn", "ném phao")]
    [InlineData("bé bị hóc kẹo, tím tái, không thở được", "115", "vỗ lưng 5 lần", "Trẻ không tỉnh và không thở")]
    [InlineData("bé đuối nước, vớt lên không thở", "115", "Đừng nhảy xuống", "vỗ lưng")]
    [InlineData("con tôi bị chó cắn", "115", "tiêm phòng dại", "ném phao")]
    public void Emergency_SaysWhatToDoForWhatTheMessageSays_WhenAChildIsInDanger(string message, string first, string says, string doesNotSay)
    {
        var chat = new ConversationDriver();
        chat.Say(message);

        var answer = chat.Last[0].Html;
        Assert.Equal(first, FirstNumber(answer));
        Assert.Contains(says, answer, StringComparison.Ordinal);
        Assert.DoesNotContain(doesNotSay, answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Emergency_SpeaksToTheChild_WhenAChildWritesInEnglishAboutThemselves()
    {
        var chat = new ConversationDriver(Language.En);
        chat.Say("my uncle touches me and i am scared");

        var answer = chat.Last[0].Html;
        Assert.Equal("113", FirstNumber(answer));
        Assert.Contains("If you are the one being hurt", answer, StringComparison.Ordinal);
        Assert.True(answer.IndexOf("If you are the one being hurt", StringComparison.Ordinal) < answer.IndexOf("Take the child somewhere safe", StringComparison.Ordinal));
    }

    [Fact]
    public void DrunkHusbandBeating_LeadsWith113()
    {
        var chat = new ConversationDriver();
        chat.Say("chồng say rượu đánh vợ con");

        Assert.Equal("113", FirstNumber(chat.Last[0].Html));
        Assert.Contains("tránh xa người đang gây hại", chat.Last[0].Html, StringComparison.Ordinal);
    }

    [Fact]
    public void SexualAbuse_SaysNotToQuestionTheChildAgainAndAgain()
    {
        var chat = new ConversationDriver();
        chat.Say("bị dâm ô");

        Assert.Equal("113", FirstNumber(chat.Last[0].Html));
        Assert.Contains("Không hỏi đi hỏi lại trẻ", chat.Last[0].Html, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfHarm_LeadsWith115ThenCounsellingAt111_AndSaysStayWithThePerson()
    {
        var chat = new ConversationDriver();
        chat.Say("em muon chet, khong ai hieu em");

        var answer = chat.Last[0].Html;
        Assert.Equal("115", FirstNumber(answer));
        Assert.True(answer.IndexOf("111", StringComparison.Ordinal) < answer.IndexOf("📞 <b>113", StringComparison.Ordinal), answer);
        Assert.Contains("đừng để họ một mình", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void EmergencyInEnglish_IsAnsweredInEnglish_WithTheAmbulanceFirst()
    {
        var chat = new ConversationDriver(Language.En);
        chat.Say("my toddler is not breathing, he fell in the pond");

        var answer = chat.Last[0].Html;
        Assert.Equal("115", FirstNumber(answer));
        Assert.Contains("Ambulance", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cách phòng chống đuối nước cho trẻ")]
    [InlineData("dạy con tự bảo vệ khỏi xâm hại")]
    [InlineData("con tôi thích đánh đàn")]
    [InlineData("xin chào")]
    [InlineData("asdf qwerty")]
    [InlineData("tôi muốn hỏi về xâm hại trẻ em")]
    public void CalmWords_AreNotTheEmergencyAnswer_AndLeadWith111OrAsk(string text)
    {
        var chat = new ConversationDriver();
        chat.Say(text);

        var answer = chat.Last[0].Html;
        Assert.DoesNotContain("🚨 <b>", answer, StringComparison.Ordinal);
        var first = FirstNumber(answer);
        Assert.True(first is null or "111" || answer.Contains('?', StringComparison.Ordinal), answer);
    }

    // The first emergency or help number a reply names, null when it names none.
    private static string? FirstNumber(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, @"(?<!\d)11[1-5](?!\d)") is { Success: true } m ? m.Value : null;

    [Fact]
    public void EmergencyWords_InTheMiddleOfAReport_ShowNumbersOnceAndKeepTheAnswer()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("co");
        Assert.StartsWith("🚨", chat.Last[0].Html, StringComparison.Ordinal);
        Through(chat, ConversationStep.ReportDescription);

        chat.Say("chau dang bi danh ngay luc nay, cuu chau voi");

        // "Danger now: yes" made the report urgent: the description is followed by the one contact question.
        Assert.Equal(ConversationStep.ReportContact, chat.State.Step);
        Assert.DoesNotContain("113", chat.LastText, StringComparison.Ordinal);
        Assert.Equal("chau dang bi danh ngay luc nay, cuu chau voi", chat.State.Report!.Description);
    }

    [Fact]
    public void EmergencyWords_AfterAnsweringNoDanger_MakeTheReportDangerNow_AndKeepTheAnswer()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        Through(chat, ConversationStep.ReportDescription);
        // A kind of harm picked on the way ("bị đánh") is no danger now.
        Assert.False(chat.State.Report!.DangerNow);

        chat.Say("bố dượng đang đánh cháu bằng roi, cháu khóc rất to");

        // Harm going on now: the description kept, and the report is filed as danger now (high risk, 12-hour clock).
        Assert.True(chat.State.Report!.DangerNow);
        Assert.Equal("bố dượng đang đánh cháu bằng roi, cháu khóc rất to", chat.State.Report.Description);
        Assert.NotEqual(ConversationStep.ReportDescription, chat.State.Step);
    }

    [Fact]
    public void EmergencyWords_AtTheAddressQuestion_AreKeptWithWhatHappened_AndTheAddressIsAskedAgain()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        Through(chat, ConversationStep.ReportAddress);

        chat.Say("ong ay dang cam dao doa giet chau");

        // The numbers, a word that it was kept, and the address question again: the threat is no address.
        Assert.Equal("113", FirstNumber(chat.Last[0].Html));
        Assert.Equal(ConversationStep.ReportAddress, chat.State.Step);
        var report = chat.State.Report!;
        Assert.True(report.DangerNow);
        Assert.Null(report.Address);
        Assert.Equal("ong ay dang cam dao doa giet chau", report.Told);

        chat.Say("so 5 ngo 3");
        Through(chat, ConversationStep.ReportSuspect);

        // Told before the description, it is part of what happened when the description is given.
        report = chat.State.Report!;
        Assert.Equal("so 5 ngo 3", report.Address);
        Assert.Equal("chau o nha mot minh nhieu ngay\nong ay dang cam dao doa giet chau", report.WhatHappened);
    }

    [Fact]
    public void APhotoWithADangerCaption_AtTheChildNameQuestion_IsKept_AndItsCaptionWithWhatHappened()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        Through(chat, ConversationStep.ReportChildName);

        chat.Run(ConversationInput.FromPhoto("photo-1", "bo dang danh chau chay mau"));

        var report = chat.State.Report!;
        Assert.Equal(["photo-1"], report.Photos);
        Assert.Equal("bo dang danh chau chay mau", report.Told);
        Assert.Null(report.ChildName);
        Assert.True(report.DangerNow);
    }

    [Fact]
    public void HelpContacts_ThanhHoaTypedWithoutAccents_Gives111ThenTheProvincialLine_AndRemembersIt()
    {
        var chat = new ConversationDriver();
        chat.Say("so dien thoai tong dai");
        Assert.Equal(ConversationStep.HelpProvince, chat.State.Step);
        Assert.Contains("111", chat.Last[0].Html, StringComparison.Ordinal);

        chat.Say("thanh hoa");

        var text = chat.LastText;
        Assert.Equal("thanh-hoa", chat.State.ProvinceCode);
        Assert.True(text.IndexOf("111", StringComparison.Ordinal) < text.IndexOf("18001744", StringComparison.Ordinal));
        Assert.True(text.IndexOf("18001744", StringComparison.Ordinal) < text.IndexOf("113", StringComparison.Ordinal));
        Assert.DoesNotContain("18001567", text, StringComparison.Ordinal);

        // Asked once: the next time the numbers come straight away.
        chat.Say("/start help");
        Assert.Equal(ConversationStep.Idle, chat.State.Step);
        Assert.Contains("18001744", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpContacts_AmbiguousProvince_OffersTheCandidates()
    {
        var chat = new ConversationDriver();
        chat.Press("m:help");
        chat.Say("quang");

        Assert.Equal(ConversationStep.HelpProvince, chat.State.Step);
        Assert.Contains("Quảng Ninh", chat.ButtonTexts);
        Assert.Contains("Quảng Ngãi", chat.ButtonTexts);
        chat.Tap("Quảng Ninh");
        Assert.Contains("18001769", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tong dai", ConversationStep.HelpProvince)]
    [InlineData("so dien thoai", ConversationStep.HelpProvince)]
    [InlineData("hotline number please", ConversationStep.HelpProvince)]
    [InlineData("bao cao", ConversationStep.ReportDanger)]
    [InlineData("I want to report", ConversationStep.ReportDanger)]
    public void FreeText_WithoutAccents_IsUnderstood(string text, ConversationStep expected)
    {
        var chat = new ConversationDriver();
        chat.Say(text);
        Assert.Equal(expected, chat.State.Step);
    }

    [Theory]
    [InlineData("tôi muốn hỏi về xâm hại trẻ em")]
    [InlineData("bao luc gia dinh la gi")]
    public void FreeText_AboutAbuse_OffersToReportAndTheNumbers(string text)
    {
        var chat = new ConversationDriver();
        chat.Say(text);
        Assert.Contains("111", chat.LastText, StringComparison.Ordinal);
        Assert.Contains(chat.ButtonTexts, b => b.Contains("Báo tin", StringComparison.Ordinal));
    }

    // Issue 15: when unsure, the emergency answer; a bare "xâm hại" or a neighbour's child beaten may be happening now.
    [Theory]
    [InlineData("xam hai")]
    [InlineData("hang xom bi danh con")]
    public void FreeText_NamingAbuseOfAChild_GetsTheNumbersAndStartsAnUrgentReport(string text)
    {
        var chat = new ConversationDriver();
        chat.Say(text);
        Assert.Contains("113", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("111", chat.LastText, StringComparison.Ordinal);
        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
    }

    [Theory]
    [InlineData("asdfgh qwerty")]
    [InlineData("???")]
    public void FreeText_NotUnderstood_GetsTheMenuNeverSilence(string text)
    {
        var chat = new ConversationDriver();
        chat.Say(text);
        Assert.Contains("chưa hiểu", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("📞 Gọi trợ giúp", chat.ButtonTexts);
    }

    [Fact]
    public void Input_ThatIsNotText_GetsTheMenu()
    {
        var chat = new ConversationDriver();
        chat.Run(new ConversationInput(InputKind.Other));
        Assert.Contains("📞 Gọi trợ giúp", chat.ButtonTexts);
    }

    [Fact]
    public void Guidance_TopicByKeyword_EndsWith111()
    {
        var chat = new ConversationDriver();
        chat.Say("huong dan phong chong duoi nuoc");
        Assert.Contains("111", chat.Last[0].Html.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);

        chat.Press("m:guide");
        Assert.Equal(8, chat.ButtonTexts.Count());
    }

    [Fact]
    public void Cancel_InTheMiddle_DiscardsTheDraftAndSendsNothing()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("/cancel");

        Assert.Null(chat.State.Report);
        Assert.Equal(ConversationStep.Idle, chat.State.Step);
        Assert.Empty(chat.Commands);
        Assert.Contains("Đã hủy báo cáo", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Menu_InTheMiddle_KeepsTheDraft_AndContinueResumesTheSameQuestion()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("ha noi");
        chat.Say("/menu");
        Assert.Equal(ConversationStep.Idle, chat.State.Step);
        Assert.Contains(chat.ButtonTexts, b => b.Contains("Tiếp tục", StringComparison.Ordinal));

        chat.Press("g:WaterSafety");
        chat.Tap("Danh mục");
        chat.Tap("Tiếp tục");

        Assert.Equal(ConversationStep.ReportCommune, chat.State.Step);
        Assert.Contains("xã/phường", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_Edit_ChangesOneAnswerAndComesBackToTheReview()
    {
        var chat = ReportAtReview();
        chat.Tap("Sửa");
        chat.Tap("Loại sự việc");
        Assert.Equal(ConversationStep.ReportCategory, chat.State.Step);
        chat.Tap("Lao động");

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Equal(CaseCategory.ChildLabour, chat.State.Report!.Category);
    }

    [Fact]
    public void Review_EditProvince_AsksTheCommuneAgain_AndDropsTheOldOne()
    {
        var chat = new ConversationDriver { Communes = ["Xã Cẩm Tân", "Xã Cẩm Vân"] };
        chat.Say("/start report");
        chat.Say("khong");
        chat.Say("thanh hoa");
        chat.Say("cam tam");
        Through(chat, ConversationStep.ReportReview);
        Assert.Contains(chat.ButtonTexts, b => b == "Xã Cẩm Tân");

        chat.Tap("Sửa");
        chat.Tap("Tỉnh/thành");
        chat.Communes = ["Phường Cẩm Phả", "Phường Cửa Ông"];
        chat.Say("quang ninh");

        Assert.Equal(ConversationStep.ReportCommune, chat.State.Step);
        Assert.Null(chat.State.Report!.Commune);
        chat.Say("phuong cua ong");
        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Contains("Phường Cửa Ông, Quảng Ninh", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("am Tâ", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.ButtonTexts, b => b.Contains("Cẩm Tân", StringComparison.Ordinal));
    }

    [Fact]
    public void Review_EditFromAnonymousToNamed_AsksNameAndPhone_AndNoSecondConsent()
    {
        var chat = ReportAtReview();
        chat.Tap("Sửa");
        chat.Tap("Người báo tin");
        chat.Tap("Để lại tên");
        Assert.Equal(ConversationStep.ReportReporterName, chat.State.Step);
        chat.Say("Nguyen Van A");
        chat.Say("0912 345 678");

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Equal("0912345678", chat.State.Report!.ReporterPhone);
        Assert.True(chat.State.Report.ContactConsent);
        Assert.Contains("Nguyen Van A", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConversationStep.ReportChildAge, "hai muoi lam", "từ 0 đến 17")]
    [InlineData(ConversationStep.ReportChildAge, "25", "từ 0 đến 17")]
    [InlineData(ConversationStep.ReportDescription, "danh", "ít nhất 10")]
    public void InvalidAnswer_IsReaskedWithTheReason(ConversationStep step, string answer, string reason)
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        Through(chat, step);

        chat.Say(answer);

        Assert.Equal(step, chat.State.Step);
        Assert.Contains(reason, chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPhone_IsReasked()
    {
        var chat = ReportAtReview();
        chat.Tap("Sửa");
        chat.Tap("Người báo tin");
        chat.Tap("Để lại tên");
        chat.Say("Lan");
        chat.Say("12345");
        Assert.Equal(ConversationStep.ReportReporterPhone, chat.State.Step);
        Assert.Contains("chưa đúng", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLongAnswer_IsRefusedWithTheLimit()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        Through(chat, ConversationStep.ReportDescription);
        chat.Say(new string('a', ReportFlow.MaxDescriptionLength + 1));
        Assert.Equal(ConversationStep.ReportDescription, chat.State.Step);
        Assert.Contains("2000", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WhenTheHourlyLimitIsReached_RefusesPolitely()
    {
        var chat = new ConversationDriver { ReportsInLastHour = 3 };
        chat.Say("/start report");
        Assert.Null(chat.State.Report);
        Assert.Contains("3 báo cáo", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void OldButton_OfAnEarlierQuestion_IsNotTakenAsTheAnswer()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("khong");
        chat.Press("r:ReportDanger:yes");

        Assert.Equal(ConversationStep.ReportProvince, chat.State.Step);
        Assert.False(chat.State.Report!.DangerNow);
        Assert.Contains("câu hỏi trước", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Photo_WithCaptionOnTheDescription_IsKeptAndTheCaptionIsTheDescription()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        Through(chat, ConversationStep.ReportDescription);
        chat.Run(ConversationInput.FromPhoto("photo-1", "vet thuong tren lung chau"));

        Assert.Equal(["photo-1"], chat.State.Report!.Photos);
        Assert.Equal("vet thuong tren lung chau", chat.State.Report.Description);
        Assert.Equal(ConversationStep.ReportSuspect, chat.State.Step);
    }

    [Fact]
    public void Location_OnTheAddressQuestion_IsKept()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        Through(chat, ConversationStep.ReportAddress);
        chat.Run(ConversationInput.FromLocation(19.8, 105.7));
        Assert.Equal(new GeoPoint(19.8, 105.7), chat.State.Report!.Location);
        Assert.Equal(ConversationStep.ReportChildAge, chat.State.Step);
    }

    [Fact]
    public void Language_English_ByClientOrChoice()
    {
        var english = new ConversationDriver(Language.En);
        english.Say("/start");
        Assert.Contains("Hello", english.LastText, StringComparison.Ordinal);

        var chosen = new ConversationDriver();
        chosen.Say("/language en");
        Assert.Equal(Language.En, chosen.State.Language);
        chosen.Say("hotline");
        Assert.Contains("Help contacts", chosen.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Language_ChangedInTheMiddleOfAReport_AsksTheSameQuestionInTheNewLanguage()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        chat.Say("/language");
        chat.Tap("English");
        Assert.Equal(ConversationStep.ReportDanger, chat.State.Step);
        Assert.Contains("right now", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/status TE-2026-000012", "TE-2026-000012")]
    [InlineData("/status te 2026 12", "TE-2026-000012")]
    [InlineData("/status", null)]
    [InlineData("ma cua toi la TE-2026-7", "TE-2026-000007")]
    public void Status_AsksTheEngineForThisChatsReports(string text, string? code)
    {
        var chat = new ConversationDriver();
        chat.Say(text);
        Assert.Equal(code, Assert.IsType<LookUpStatus>(Assert.Single(chat.Commands)).Code);
    }

    [Theory]
    [InlineData("ngoi nha binh yen")]
    [InlineData("nha tam lanh o dau")]
    public void ShelterAsked_GivesTheHelpContacts_WithTheNationalShelterLine(string typed)
    {
        var chat = new ConversationDriver();
        chat.Say(typed);
        if (chat.State.Step == ConversationStep.HelpProvince)
        {
            chat.Tap("Thanh Hóa");
        }

        Assert.Contains("1900969680", chat.LastText, StringComparison.Ordinal);
        Assert.True(chat.LastText.IndexOf("115", StringComparison.Ordinal) < chat.LastText.IndexOf("1900969680", StringComparison.Ordinal), chat.LastText);
    }

    [Theory]
    [InlineData("/status TE-2026-000001 abcd efgh")]
    [InlineData("tinh trang bao cao TE-2026-000001 ABCD-EFGH")]
    public void Status_WithAFollowCode_AsksForThatReportByItsFollowCode(string typed)
    {
        var chat = new ConversationDriver();
        chat.Say(typed);

        var asked = Assert.IsType<LookUpStatus>(chat.Commands.Last());
        Assert.Equal(("TE-2026-000001", "ABCD-EFGH"), (asked.Code, asked.FollowCode));
    }

    [Fact]
    public void Status_OnTheWeb_SaysToTypeTheCodeAndFollowCode_WhenThisPageKeepsNone()
    {
        var chat = new ConversationDriver { ForgetsAfterReport = true, TakesPhotos = false };
        chat.Say("/status");

        Assert.Contains("mã theo dõi", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("111", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_OfAnUnknownCode_SaysSoWithoutTellingWhetherItExists()
    {
        var chat = new ConversationDriver();
        chat.Say("/status TE-2026-000099");
        Assert.Contains("Không tìm thấy báo cáo TE-2026-000099", chat.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("+84 912.345.678", "0912345678")]
    [InlineData("84912345678", "0912345678")]
    [InlineData("02373 123 456", "02373123456")]
    [InlineData("12345", null)]
    [InlineData("0012345678", null)]
    [InlineData("09123abc78", null)]
    public void PhoneNumbers_Normalise(string typed, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalise(typed));

    [Theory]
    [InlineData("số tôi là 0987 654 321", "0987654321")]
    [InlineData("sdt: 0987.654.321 nhé", "0987654321")]
    [InlineData("my number is +84 987 654 321", "0987654321")]
    [InlineData("0987654321", "0987654321")]
    [InlineData("goi 0987654321 hoac 0912345678", null)]
    [InlineData("số nhà 12 ngõ 34", null)]
    [InlineData("09123abc78", null)]
    public void PhoneNumbers_InText_FindsTheOneNumberInASentence(string typed, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.InText(typed));

    [Fact]
    public void ReporterPhone_WrittenInASentenceWithSpaces_IsAccepted()
    {
        var chat = ReportAtReview();
        chat.Tap("Sửa");
        chat.Tap("Người báo tin");
        chat.Tap("Để lại tên");
        chat.Say("Lan");
        chat.Say("số tôi là 0987 654 321");

        Assert.Equal(ConversationStep.ReportReview, chat.State.Step);
        Assert.Equal("0987654321", chat.State.Report!.ReporterPhone);
    }

    private static ConversationDriver ReportAtReview()
    {
        var chat = new ConversationDriver();
        chat.Say("/start report");
        Through(chat, ConversationStep.ReportReview);
        return chat;
    }

    /// <summary>Answers the report's questions with plain answers until it reaches <paramref name="step"/>.</summary>
    private static void Through(ConversationDriver chat, ConversationStep step)
    {
        var answers = new Dictionary<ConversationStep, string>
        {
            [ConversationStep.ReportDanger] = "khong",
            [ConversationStep.ReportProvince] = "ha noi",
            [ConversationStep.ReportCommune] = "phuong Ba Dinh",
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
        for (var guard = 0; chat.State.Step != step; guard++)
        {
            Assert.True(guard < 20, $"stuck at {chat.State.Step}: {chat.LastText}");
            chat.Say(answers[chat.State.Step]);
        }
    }
}
