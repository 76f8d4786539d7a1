using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class ReminderTextsTests
{
    // An invite can be for any role; joining says the role's name, so a role without one broke /join (Viewer did).
    [Theory]
    [InlineData(Language.Vi)]
    [InlineData(Language.En)]
    public void Role_HasAName_ForEveryRoleAnInviteCanCarry(Language language)
    {
        foreach (var role in Enum.GetValues<OfficialRole>())
        {
            Assert.False(string.IsNullOrWhiteSpace(ReminderTexts.Role(role, language)), $"{role} has no name in {language}");
        }
    }
}
