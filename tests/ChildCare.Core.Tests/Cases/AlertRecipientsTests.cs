using ChildCare.Core.Cases;
using ChildCare.Core.Officials;
using ChildCare.Core.Units;

namespace ChildCare.Core.Tests.Cases;

/// <summary>Who a case alert reaches: the unit, its supervisors, the province's, the administrators; reachability decides.</summary>
public sealed class AlertRecipientsTests
{
    private static readonly Unit Province = new() { Id = 1, Code = "thanh-hoa", NameVi = "Tỉnh Thanh Hóa", NameEn = "Thanh Hoa", Kind = UnitKind.Province };
    private static readonly Unit Commune = new() { Id = 2, Code = "thanh-hoa/cam-tan", NameVi = "Xã Cẩm Tân", NameEn = "Cam Tan", Kind = UnitKind.Commune, ParentId = 1 };
    private static readonly Unit Village = new() { Id = 3, Code = "thanh-hoa/cam-tan/thon-2", NameVi = "Thôn 2", NameEn = "Hamlet 2", Kind = UnitKind.Commune, ParentId = 2 };

    private static readonly Official Worker = Telegram(11);
    private static readonly Official CommuneChair = Telegram(12);
    private static readonly Official ProvinceLead = Telegram(13);
    private static readonly Official ChatAdministrator = Telegram(14, administrator: true);
    private static readonly Official WebAdministrator = new() { Id = 15, Channel = OfficialSignIn.WebChannel, ChatId = 0, IsAdministrator = true };

    private static readonly (Official, long, OfficialRole)[] Everyone =
    [
        (Worker, Commune.Id, OfficialRole.ChildProtection),
        (CommuneChair, Commune.Id, OfficialRole.Supervisor),
        (ProvinceLead, Province.Id, OfficialRole.Supervisor),
    ];

    [Fact]
    public void Route_GoesToTheUnitsCaseWorkers_WhenOneIsReachable()
    {
        var route = Recipients(Everyone).Route(Commune.Id);

        Assert.Equal(AlertTier.Unit, route.Tier);
        Assert.Equal([Worker.Id], route.To.Select(o => o.Id));
        Assert.Equal("NewCase|Unit|1|telegram", route.Detail("NewCase"));
    }

    [Fact]
    public void Route_GoesToTheUnitsSupervisor_WhenNoCaseWorkerJoined()
    {
        var route = Recipients(Everyone.Where(m => m.Item1 != Worker)).Route(Commune.Id);

        Assert.Equal(AlertTier.Supervisors, route.Tier);
        Assert.Equal([CommuneChair.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_GoesUpToTheNearestSupervisors_FromAUnitBelowTheCommune()
    {
        var route = Recipients(Everyone).Route(Village.Id);

        Assert.Equal(AlertTier.Supervisors, route.Tier);
        Assert.Equal([CommuneChair.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_GoesToTheProvincesSupervisor_WhenTheCommuneHasNobody()
    {
        var route = Recipients(Everyone.Where(m => m.Item2 == Province.Id)).Route(Commune.Id);

        Assert.Equal(AlertTier.Province, route.Tier);
        Assert.Equal([ProvinceLead.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_PassesOverOfficialsWhoBlockedTheBot()
    {
        var route = Recipients(Everyone, unreachable: [Worker, CommuneChair]).Route(Commune.Id);

        Assert.Equal(AlertTier.Province, route.Tier);
        Assert.Equal([ProvinceLead.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_GoesToTheAdministratorsWithAChat_WhenNobodyInTheTreeIsReachable()
    {
        var route = Recipients(Everyone, unreachable: [Worker, CommuneChair, ProvinceLead]).Route(Commune.Id);

        Assert.True(route.Unattended);
        Assert.Equal([ChatAdministrator.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_ReachesNobodyAndIsUnattended_WhenTheChatChannelIsOff()
    {
        var route = Recipients(Everyone, channels: []).Route(Commune.Id);

        Assert.True(route.Unattended);
        Assert.Empty(route.To);
        Assert.Equal("NewCase|Administrators|0|-", route.Detail("NewCase"));
    }

    [Fact]
    public void Route_GoesToTheAdministrators_WhenTheCaseHasNoUnit()
    {
        var route = Recipients(Everyone).Route(null);

        Assert.True(route.Unattended);
        Assert.Equal([ChatAdministrator.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Route_FromTheProvince_SkipsTheCommunesSupervisor()
    {
        var route = Recipients(Everyone).Route(Commune.Id, AlertTier.Province);

        Assert.Equal([ProvinceLead.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Watchers_AreTheTakerAndTheSupervisor_WhenBothAreReachable()
    {
        var filed = Case(Commune.Id, taker: Worker.Id);

        var route = Recipients(Everyone).Watchers(filed);

        Assert.Equal(AlertTier.Unit, route.Tier);
        Assert.Equal([Worker.Id, CommuneChair.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Watchers_GoUpToTheProvince_WhenTheTakerAndTheCommunesSupervisorCannotBeReached()
    {
        var filed = Case(Commune.Id, taker: Worker.Id);
        var recipients = Recipients(Everyone, unreachable: [Worker, CommuneChair]);

        var route = recipients.Watchers(filed);

        Assert.Equal(AlertTier.Supervisors, route.Tier);
        Assert.Equal([ProvinceLead.Id], route.To.Select(o => o.Id));
    }

    [Fact]
    public void Watchers_AreTheAdministrators_WhenNobodyInTheTreeIsReachable()
    {
        var route = Recipients([], channels: ["telegram"]).Watchers(Case(Commune.Id, taker: null));

        Assert.True(route.Unattended);
        Assert.Equal([ChatAdministrator.Id], route.To.Select(o => o.Id));
    }

    private static AlertRecipients Recipients(IEnumerable<(Official, long, OfficialRole)> memberships, Official[]? unreachable = null, string[]? channels = null) =>
        new([Province, Commune, Village], memberships, [ChatAdministrator, WebAdministrator], (channels ?? ["telegram"]).ToHashSet(),
            (unreachable ?? []).Select(o => (o.Channel, o.ChatId)));

    private static Official Telegram(long id, bool administrator = false) => new() { Id = id, Channel = "telegram", ChatId = 9000 + id, IsAdministrator = administrator };

    private static ChildCase Case(long unit, long? taker)
    {
        var filed = new ChildCase
        {
            Code = "TE-2026-000001", Year = 2026, Sequence = 1, SubmissionId = Guid.NewGuid(), ReceivedAt = DateTimeOffset.UnixEpoch, Channel = "telegram", ReporterKey = "k",
            Category = CaseCategory.Violence, DangerNow = true, AgeBand = AgeBand.Unknown, ChildSex = ChildSex.Unknown, Suspect = SuspectRelation.Unknown,
            Anonymous = true, ContactConsent = false, PhotoCount = 0, SealedDetails = [],
        };
        filed.Route(unit, 12, DateTimeOffset.UnixEpoch.AddDays(7), DateTimeOffset.UnixEpoch);
        if (taker is { } id)
        {
            filed.Take(id, DateTimeOffset.UnixEpoch);
        }

        return filed;
    }
}
