using ChildCare.Core.Directory;

namespace ChildCare.Core.Tests.Directory;

public sealed class EmergencyDetectorTests
{
    [Theory]
    [InlineData("Cứu với!")]
    [InlineData("cuu voi")]
    [InlineData("CUU CON TOI")]
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
    [InlineData("a child is in danger")]
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
    [InlineData("help")]
    [InlineData("I need help contacts for my province")]
    [InlineData("What are the signs of abuse?")]
    [InlineData("")]
    public void IsEmergency_IsFalse_ForOrdinaryText(string text) =>
        Assert.False(EmergencyDetector.IsEmergency(text));
}
