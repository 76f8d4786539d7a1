using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;

namespace ChildCare.Core.Tests.Directory;

public sealed class EmergencyDetectorTests
{
    [Theory]
    [InlineData("Cứu với!")]
    [InlineData("cuu voi")]
    [InlineData("CUU CON TOI")]
    [InlineData("cứuuuu")]
    [InlineData("con tôi đang bị đánh")]
    [InlineData("con toi dang bi danh")]
    [InlineData("ở đây nguy hiểm lắm")]
    [InlineData("nguy hiem")]
    [InlineData("bạn tôi muốn tự tử")]
    [InlineData("ban toi muon tu tu")]
    [InlineData("có đứa trẻ bị bắt cóc")]
    [InlineData("bi bat coc")]
    [InlineData("Help me please")]
    [InlineData("my sister is being beaten")]
    [InlineData("he talks about suicide")]
    [InlineData("they will kidnap him")]
    [InlineData("cấp cứu")]
    [InlineData("nghiên cứu xong rồi, giờ cứu con tôi với")]
    public void IsEmergency_IsTrue_ForDangerNow(string text) =>
        Assert.True(EmergencyDetector.IsEmergency(text));

    [Theory]
    [InlineData("Xin chào, tôi muốn hỏi số điện thoại tổng đài")]
    [InlineData("tong dai bao ve tre em la so may")]
    [InlineData("tôi muốn tra cứu báo cáo của mình")]
    [InlineData("tra cuu bao cao")]
    [InlineData("nghiên cứu về trẻ em")]
    [InlineData("hàng cứu trợ đã đến")]
    [InlineData("hội cựu chiến binh xã")]
    [InlineData("cuu chien binh")]
    [InlineData("cách sơ cứu khi trẻ bị bỏng")]
    [InlineData("từ từ thôi")]
    [InlineData("tu tu thoi")]
    [InlineData("help")]
    [InlineData("I need help contacts for my province")]
    [InlineData("What are the signs of abuse?")]
    [InlineData("")]
    public void IsEmergency_IsFalse_ForOrdinaryText(string text) =>
        Assert.False(EmergencyDetector.IsEmergency(text));

    [Theory]
    [InlineData("con bị bố đánh chảy máu", "Violence", 115)]
    [InlineData("chồng say rượu đánh vợ con", "Violence", 113)]
    [InlineData("tôi bị bố đánh", "Violence", 113)]
    [InlineData("thằng hàng xóm cầm dao dọa giết cả nhà tôi", "Violence", 113)]
    [InlineData("bố e vừa tát e chảy máu miệng, giờ đang đòi đánh em gái e", "Violence", 113)]
    [InlineData("con gái tôi bị hiếp", "Sexual", 113)]
    [InlineData("bị dâm ô", "Sexual", 113)]
    [InlineData("ông hàng xóm hay sờ mó con bé", "Sexual", 113)]
    [InlineData("nó dọa tung ảnh khỏa thân của con tôi nếu không gửi tiền", "Sexual", 113)]
    [InlineData("trẻ bị đuối nước", "Medical", 115)]
    [InlineData("bé rơi xuống ao", "Medical", 115)]
    [InlineData("cháu uống thuốc trừ sâu", "Medical", 115)]
    [InlineData("bé bị điện giật bất tỉnh", "Medical", 115)]
    [InlineData("con tôi bị bỏng nước sôi", "Medical", 115)]
    [InlineData("có người bắt một bé gái lên xe ô tô", "Abduction", 113)]
    [InlineData("cháu tôi mất tích 2 ngày", "Abduction", 113)]
    [InlineData("em gái tôi bị lừa bán sang Trung Quốc", "Abduction", 113)]
    [InlineData("bố nhốt con trong phòng không cho ăn", "Abduction", 113)]
    [InlineData("em muốn chết", "SelfHarm", 115)]
    [InlineData("con hay cắt tay mỗi khi buồn", "SelfHarm", 115)]
    [InlineData("mình muốn nhảy cầu cho xong", "SelfHarm", 115)]
    public void Detect_GivesTheFamilyAndTheNumberToCallFirst(string text, string family, int first)
    {
        var danger = EmergencyDetector.Detect(text);

        Assert.Equal(family, danger.Family.ToString());
        Assert.Equal(first, (int)danger.First);
    }

    [Theory]
    [InlineData("con bi bo danh chay mau")]
    [InlineData("con gai toi bi hiep")]
    [InlineData("be bi dam o")]
    [InlineData("tre bi duoi nuoc")]
    [InlineData("chau bi nguoi la bat coc")]
    [InlineData("em muon chet")]
    [InlineData("Con Bị Đánh")]
    [InlineData("đanh con chảy mau")]
    public void Detect_FindsDanger_WithoutAccentsOrWithSomeMissing(string text) =>
        Assert.True(EmergencyDetector.Detect(text).IsDanger, text);

    [Theory]
    [InlineData("em bi bo danh dau lam", "đánh đau, not đánh dấu (mark)")]
    [InlineData("ck danh mat con", "đánh mặt, not đánh mất (lose)")]
    [InlineData("ck toi danh ca con nho", "đánh cả con nhỏ, not đánh cá (fish)")]
    [InlineData("bo danh du doi con toi", "đánh dữ dội, not đánh đu (swing)")]
    [InlineData("thang be bi bo danh mat mau", "đánh mặt, not đánh mất")]
    public void Detect_FindsTheBlow_WhenAnUnaccentedOtherSenseFollowsWhoDealsOrSuffersIt(string text, string why) =>
        Assert.True(EmergencyDetector.Detect(text).Family == DangerFamily.Violence, why);

    [Theory]
    [InlineData("cuoi tuan di danh ca voi bo", "fishing with dad: nobody deals or suffers it before the word")]
    [InlineData("cam on tong dai, chi tu van vien noi chuyen rat de thuong", "tư vấn viên (counsellor), not tự vẫn")]
    [InlineData("con toi dang danh dau bai tap", "marking homework: nobody deals or suffers a blow")]
    public void Detect_StaysCalm_WhenAnUnaccentedOtherSenseHasNobodyDealingOrSufferingABlow(string text, string why) =>
        Assert.False(EmergencyDetector.Detect(text).IsDanger, why);

    [Theory]
    [InlineData("hội cựu chiến binh", "cựu is not cứu")]
    [InlineData("đi từ từ thôi con", "từ từ is not tự tử")]
    [InlineData("bấm nút gửi", "bấm is not bầm")]
    [InlineData("bố hay quát con", "quát (shout) is not quất (whip)")]
    public void Detect_IsCalm_WhenTypedAccentsAreOtherWords(string text, string why) =>
        Assert.False(EmergencyDetector.Detect(text).IsDanger, why);

    [Theory]
    [InlineData("ck say ruou danh e va con")]
    [InlineData("e bi bo danh, bh e so lam")]
    [InlineData("ko ai cuu e dc, bo dag danh e")]
    [InlineData("mk 14t, mk k muon song nua")]
    [InlineData("bn e bi ng la bat di r")]
    [InlineData("vk t bi ck cu cam dao doa giet")]
    public void Detect_ReadsPhoneAbbreviations(string text) =>
        Assert.True(EmergencyDetector.Detect(text).IsDanger, text);

    [Theory]
    [InlineData("my dad is beating my little brother right now", 113)]
    [InlineData("my uncle touches me and says not to tell", 113)]
    [InlineData("there is a boy drowning in the river", 115)]
    [InlineData("my daughter took a bottle of pills", 115)]
    [InlineData("I want to kill myself", 115)]
    [InlineData("someone grabbed a kid at the park and ran", 113)]
    public void Detect_ReadsEnglish(string text, int first) =>
        Assert.Equal(first, (int)EmergencyDetector.Detect(text).First);

    [Theory]
    [InlineData("cách phòng chống đuối nước cho trẻ")]
    [InlineData("dạy con tự bảo vệ khỏi xâm hại")]
    [InlineData("trường tổ chức tuyên truyền phòng chống xâm hại tình dục")]
    [InlineData("làm thế nào để phòng tránh bắt cóc trẻ em")]
    [InlineData("dấu hiệu trẻ bị xâm hại là gì")]
    [InlineData("how do I teach my child about stranger danger")]
    [InlineData("con tôi thích đánh đàn")]
    [InlineData("bé đánh răng mỗi sáng")]
    [InlineData("con gái tôi đánh cầu lông rất giỏi")]
    [InlineData("phim hay chết cười")]
    [InlineData("hôm nay mệt muốn chết")]
    [InlineData("tôi muốn báo cáo ẩn danh")]
    [InlineData("con toi thich da bong")]
    [InlineData("me da cho con an roi")]
    [InlineData("con không bị đánh, chỉ bị mắng thôi")]
    [InlineData("tình trạng trẻ em bị xâm hại ngày càng tăng")]
    [InlineData("năm ngoái cháu bị bắt nạt, trường đã xử lý xong, giờ cần tư vấn tâm lý")]
    [InlineData("ông nội hay đùa ông đánh chết bây giờ")]
    [InlineData("I'll kill you in Minecraft")]
    [InlineData("bé nhà mình mới bị ngã xe đạp nhưng không sao")]
    [InlineData("hôm qua bé bị ong đốt một nốt, giờ hết sưng rồi")]
    public void Detect_IsCalm_ForPreventionTeachingOtherSensesAndNegation(string text) =>
        Assert.False(EmergencyDetector.Detect(text).IsDanger, text);

    // Danger told by the scene, without a harm word: issue 15's holdout missed these kinds of message.
    [Theory]
    [InlineData("ông ấy đang lăm lăm cây mã tấu ở ngoài ngõ, mấy đứa nhỏ trong nhà", 113)]
    [InlineData("my uncle is waving a machete in the yard and the kids are upstairs", 113)]
    [InlineData("con bé đang ngồi trên lan can tầng 7, không chịu vào", 115)]
    [InlineData("thang be dang dung o mep duong ray, minh goi khong nghe", 115)]
    [InlineData("em đang ngồi ở cây cầu gần trường, em sợ về nhà lắm", 115)]
    [InlineData("the baby went floppy after the bath and won't respond", 115)]
    [InlineData("bé bị bỏ quên trong xe cả buổi, giờ người nóng ran", 115)]
    [InlineData("con xin lỗi, con đã viết thư tử biệt để trong cặp", 115)]
    [InlineData("i've been saving up my mum's pills, tonight is the night", 115)]
    [InlineData("có bà kia rủ con gái tôi 15 tuổi đi làm ở Campuchia, mai đi rồi", 113)]
    [InlineData("ông bảo vệ trường hay làm chuyện không hay với mấy bé lớp 1", 113)]
    [InlineData("chú ấy bảo nếu em kể với mẹ thì chú sẽ đánh em", 113)]
    public void Detect_FindsDanger_ToldByTheSituation(string text, int first)
    {
        var result = EmergencyDetector.Detect(text);

        Assert.True(result.IsDanger, text);
        Assert.Equal(first, (int)result.First);
    }

    // A question about ordinary behaviour or a procedure, and what is over, hold everyday words; an idiom is no faint.
    [Theory]
    [InlineData("hai anh em nhà tôi hay đánh nhau giành điều khiển, làm sao cho chúng nó thương nhau")]
    [InlineData("bé 3 tuổi giận là ném đồ, có bình thường không ạ")]
    [InlineData("hồ sơ hỗ trợ khẩn cấp cho trẻ bị bỏ rơi phải nộp trong bao lâu")]
    [InlineData("đợt trước con bị bạn bắt nạt, nhà trường xử lý rồi, cảm ơn chị")]
    [InlineData("trông con cả ngày mệt muốn xỉu")]
    [InlineData("cả nhà đang ngồi trên cầu Rồng xem phun lửa, vui lắm")]
    [InlineData("con gái tôi muốn đi du học Trung Quốc, có học bổng nào không")]
    public void Detect_IsCalm_ForOrdinaryQuestionsWhatIsOverAndIdioms(string text) =>
        Assert.False(EmergencyDetector.Detect(text).IsDanger, text);

    [Fact]
    public void Detect_StillFindsDanger_WhenWhatWasOverGoesOnAgain() =>
        Assert.True(EmergencyDetector.Detect("tuần trước nó đánh con tôi, hôm nay nó lại chặn đường con").IsDanger);

    [Fact]
    public void Rules_ShippedInCore_LoadAndEveryGroupHasPhrases()
    {
        var rules = DangerRules.Shipped();

        Assert.NotEmpty(rules.Signals);
        Assert.All(rules.Signals, g => Assert.NotEmpty(g.Phrases));
        Assert.All(rules.Signals, g => Assert.True(g.First is 113 or 115, g.Family.ToString()));
        Assert.Contains(rules.Signals, g => g.Plea);
    }

    [Fact]
    public void Detect_NamesTheFirstAid_WhenALongMessageIsDecidedByTheModel()
    {
        // Fifteen words or more go to the learned scorer; the first aid is still read from the words.
        var danger = EmergencyDetector.Detect("Đứa nhỏ tắm ở hồ bơi chung cư bị chìm, bảo vệ vớt lên rồi, bụng chướng, không thở, ambulance số mấy");

        Assert.Equal(EmergencyLine.Ambulance, danger.First);
        Assert.Equal("Drowning", danger.Aid);
    }

    [Theory]
    [InlineData("bố đang đánh con chảy máu")]
    [InlineData("con bị bắt cóc rồi")]
    public void Detect_NamesNoFirstAid_WhenThePoliceComeFirst(string text)
    {
        var danger = EmergencyDetector.Detect(text);

        Assert.Equal(EmergencyLine.Police, danger.First);
        Assert.Null(danger.Aid);
    }
}
