using ChildCare.Core.Cases;
using ChildCare.Core.Privacy;

namespace ChildCare.Core.Tests.Cases;

public sealed class FollowCodesTests
{
    private static readonly Sealer Sealer = new(PrivacySettings.Ephemeral());

    [Fact]
    public void For_IsTheSameForOneSubmission_AndDiffersForAnother()
    {
        var submission = Guid.NewGuid();

        var code = FollowCodes.For(Sealer, submission);

        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", code);
        Assert.Equal(code, FollowCodes.For(Sealer, submission));
        Assert.NotEqual(code, FollowCodes.For(Sealer, Guid.NewGuid()));
        Assert.NotEqual(code, FollowCodes.For(new Sealer(PrivacySettings.Ephemeral()), submission));
    }

    [Fact]
    public void Matches_TakesTheCodeAsPeopleTypeIt_AndRefusesAnother()
    {
        var submission = Guid.NewGuid();
        var code = FollowCodes.For(Sealer, submission);

        Assert.True(FollowCodes.Matches(Sealer, submission, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.True(FollowCodes.Matches(Sealer, submission, code.Replace("-", "", StringComparison.Ordinal)));
        Assert.False(FollowCodes.Matches(Sealer, Guid.NewGuid(), code));
        Assert.False(FollowCodes.Matches(Sealer, submission, "ABCD-EFG"));
    }

    [Theory]
    [InlineData("/status TE-2026-000123 abcd-efgh", "ABCD-EFGH")]
    [InlineData("TE-2026-000123 ABCDEFGH", "ABCD-EFGH")]
    [InlineData("TE-2026-000123 wxyz 2345", "WXYZ-2345")]
    [InlineData("TE-2026-000123", null)]
    [InlineData("TE-2026-000123 tinh trang", null)]
    [InlineData("TE-2026-000123 ABCD-EF1O", null)]
    public void TryFind_FindsTheFollowCodeBesideACaseCode(string typed, string? expected)
    {
        var found = FollowCodes.TryFind(typed, out var code);

        Assert.Equal(expected is not null, found);
        Assert.Equal(expected ?? "", code);
    }
}
