using ChildCare.Bot.Pages.Shared;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>How a line of a case's record reads on the case page.</summary>
public sealed class PageTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("photo 2", "ảnh 2")]
    [InlineData(CaseFollow.RefusedDetail, "hỏi tình trạng với mã theo dõi sai")]
    [InlineData("status", null)]
    [InlineData("details", null)]
    public void Detail_NamesWhatAReadWasAbout_OnlyWhenItTellsTheCaseWorkerSomething(string detail, string? shown) =>
        Assert.Equal(shown, PageText.Detail(new CaseHistoryLine(At, "reporter", CaseAction.Read, detail, null), Language.Vi));
}
