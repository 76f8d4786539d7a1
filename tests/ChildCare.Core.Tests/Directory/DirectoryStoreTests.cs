using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Directory;

/// <summary>
/// Administrators' edits over the shipped directory, on both providers: overriding and restoring a shipped
/// line, switching lines off, places, guide texts, what is refused, and other nodes catching up.
/// </summary>
public sealed class DirectoryStoreTests
{
    private const string Admin = "official:7";
    private const string ThanhHoaLine = "s18001744";

    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveHotline_OverridesTheShippedLine_AndRestoreBringsItBack(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        var shipped = HelpDirectoryProvider.Shipped.Hotlines.Single(h => h.Number == "18001744");

        var key = await node.Store.SaveHotlineAsync(ThanhHoaLine, shipped with { Number = "1800 1234", Hours = "7:00-17:00" }, Admin, CancellationToken.None);

        Assert.Equal(ThanhHoaLine, key);
        Assert.Equal(["111", "18001234", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(node));
        await using (var db = node.Db())
        {
            var record = await db.Set<HotlineRecord>().SingleAsync();
            Assert.Equal(("18001744", "18001234", "7:00-17:00", Admin, Node.Now), (record.ShippedNumber, record.Number, record.Hours, record.UpdatedBy, record.UpdatedAt));
            var edit = await db.Set<DirectoryEdit>().SingleAsync();
            Assert.Equal(("hotline:s18001744", DirectoryAction.Edited, Admin, Node.Now), (edit.Subject, edit.Action, edit.Actor, edit.At));
            Assert.Contains("18001234", edit.Value, StringComparison.Ordinal);
        }

        // A second edit changes the same override; restoring deletes it and the shipped line is back.
        await node.Store.SaveHotlineAsync(ThanhHoaLine, shipped with { Number = "18001235" }, Admin, CancellationToken.None);
        await node.Store.RestoreHotlineAsync(ThanhHoaLine, Admin, CancellationToken.None);

        Assert.Equal(["111", "18001744", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(node));
        var listing = await node.Store.ListAsync(10, CancellationToken.None);
        Assert.Null(listing.Hotlines.Single(h => h.Key == ThanhHoaLine).Record);
        Assert.Equal([DirectoryAction.Restored, DirectoryAction.Edited, DirectoryAction.Edited], listing.Edits.Select(e => e.Action));
        await using (var db = node.Db())
        {
            Assert.Empty(await db.Set<HotlineRecord>().ToListAsync());
            Assert.Equal(3, await db.Set<DirectoryVersion>().Select(v => v.Version).SingleAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SetHotlineActive_HidesTheLineFromTheBot_ButNeverSwitchesOff111(string provider)
    {
        await using var node = await Node.StartAsync(provider);

        await node.Store.SetHotlineActiveAsync(ThanhHoaLine, active: false, Admin, CancellationToken.None);

        Assert.Equal(["111", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(node));
        var listed = (await node.Store.ListAsync(0, CancellationToken.None)).Hotlines.Single(h => h.Key == ThanhHoaLine);
        Assert.False(listed.Active);
        Assert.Equal("18001744", listed.Line.Number);

        var refused = await Assert.ThrowsAsync<DirectoryEditException>(() => node.Store.SetHotlineActiveAsync("s111", active: false, Admin, CancellationToken.None));
        Assert.Equal(DirectoryProblem.AlwaysActive, refused.Problem);
        var renumbered = await Assert.ThrowsAsync<DirectoryEditException>(() =>
            node.Store.SaveHotlineAsync("s113", HelpDirectoryProvider.Shipped.Hotlines.Single(h => h.Number == "113") with { Number = "0912345678" }, Admin, CancellationToken.None));
        Assert.Equal(DirectoryProblem.NumberFixed, renumbered.Problem);

        await node.Store.SetHotlineActiveAsync(ThanhHoaLine, active: true, Admin, CancellationToken.None);
        Assert.Equal(["111", "18001744", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(node));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveHotline_AddsALineForAProvince_AndRefusesANumberAlreadyGiven(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        var line = new Hotline("0237 3 123 456", "Trung tâm CTXH Nghệ An", "Nghe An social work centre", "nghe-an", "24/7", CallCost.ChargesMayApply, new DateOnly(2026, 11, 20), "", "", "");

        var key = await node.Store.SaveHotlineAsync(null, line, Admin, CancellationToken.None);
        var taken = await Assert.ThrowsAsync<DirectoryEditException>(() => node.Store.SaveHotlineAsync(null, line with { ProvinceCode = null }, Admin, CancellationToken.None));

        Assert.Equal(DirectoryProblem.NumberTaken, taken.Problem);
        var directory = await node.Provider.CurrentAsync(CancellationToken.None);
        Assert.Equal(["111", "02373123456", "113", "115", "114", "112", "1900969680"], directory.ContactsFor(directory.FindProvince("nghe an")).Select(h => h.Number));
        var entry = (await node.Store.ListAsync(0, CancellationToken.None)).Hotlines.Single(h => h.Key == key);
        Assert.False(entry.IsShipped);
        Assert.Equal(Admin, entry.Record?.UpdatedBy);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Edits_RefusedByTheRules_ChangeNothing(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        var shipped = HelpDirectoryProvider.Shipped.Hotlines.Single(h => h.Number == "18001744");
        var cases = new (Hotline Line, DirectoryProblem Problem, string Field)[]
        {
            (shipped with { Number = "12345" }, DirectoryProblem.NumberInvalid, "Number"),
            (shipped with { Number = "1800 1567" }, DirectoryProblem.NumberRetired, "Number"),
            (shipped with { Number = "113" }, DirectoryProblem.NumberTaken, "Number"),
            (shipped with { NameVi = "  " }, DirectoryProblem.Required, "NameVi"),
            (shipped with { NameEn = new string('x', 201) }, DirectoryProblem.TooLong, "NameEn"),
            (shipped with { ProvinceCode = "atlantis" }, DirectoryProblem.ProvinceUnknown, "ProvinceCode"),
            (shipped with { LastChecked = new DateOnly(2026, 11, 24) }, DirectoryProblem.DateInFuture, "LastChecked"),
        };

        foreach (var (line, problem, field) in cases)
        {
            var refused = await Assert.ThrowsAsync<DirectoryEditException>(() => node.Store.SaveHotlineAsync(ThanhHoaLine, line, Admin, CancellationToken.None));
            Assert.Equal((problem, field), (refused.Problem, refused.Field));
        }

        var markup = await Assert.ThrowsAsync<DirectoryEditException>(() =>
            node.Store.SaveGuidanceAsync(GuidanceTopic.WaterSafety, Language.Vi, "<script>alert(1)</script> gọi 111", Admin, CancellationToken.None));
        Assert.Equal(DirectoryProblem.MarkupNotAllowed, markup.Problem);
        var missing = await Assert.ThrowsAsync<DirectoryEditException>(() => node.Store.RestoreHotlineAsync(ThanhHoaLine, Admin, CancellationToken.None));
        Assert.Equal(DirectoryProblem.NotFound, missing.Problem);

        await using var db = node.Db();
        Assert.Equal(0, await db.Set<DirectoryVersion>().Select(v => v.Version).SingleAsync());
        Assert.Empty(await db.Set<HotlineRecord>().ToListAsync());
        Assert.Empty(await db.Set<GuidanceRecord>().ToListAsync());
        Assert.Empty(await db.Set<DirectoryEdit>().ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Places_AddedEditedAndDeleted_AreWhatTheBotGivesForTheCommune(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        var place = new TrustedPlace("thanh-hoa", "Xã Cẩm Tân", "Nhà văn hóa thôn 3", "Village 3 hall", "Thôn 3, xã Cẩm Tân", "+84 912 345 678", "24/7", new DateOnly(2026, 11, 1), PlaceKind.Shelter, "Gặp bà Hoa");

        var id = await node.Store.SavePlaceAsync(null, place, Admin, CancellationToken.None);

        var found = Assert.Single((await node.Provider.CurrentAsync(CancellationToken.None)).PlacesIn("thanh-hoa", "cam tan"));
        Assert.Equal(place with { Phone = "0912345678" }, found);

        await node.Store.SavePlaceAsync(id, place with { Commune = "Xã Cẩm Thủy" }, Admin, CancellationToken.None);
        var directory = await node.Provider.CurrentAsync(CancellationToken.None);
        Assert.Empty(directory.PlacesIn("thanh-hoa", "cam tan"));
        Assert.Single(directory.PlacesIn("thanh-hoa", "cam thuy"));

        await node.Store.DeletePlaceAsync(id, Admin, CancellationToken.None);
        Assert.Empty((await node.Provider.CurrentAsync(CancellationToken.None)).Places);
        var refused = await Assert.ThrowsAsync<DirectoryEditException>(() => node.Store.DeletePlaceAsync(id, Admin, CancellationToken.None));
        Assert.Equal(DirectoryProblem.NotFound, refused.Problem);
        var edits = (await node.Store.ListAsync(10, CancellationToken.None)).Edits;
        Assert.Equal([DirectoryAction.Deleted, DirectoryAction.Edited, DirectoryAction.Added], edits.Select(e => e.Action));
        Assert.All(edits, e => Assert.Equal($"place:{id}", e.Subject));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Guidance_EditedText_IsWhatTheBotSends_EscapedButForBoldAndItalic_UntilRestored(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        const string Typed = "<b>Bơi an toàn</b>\nLuôn trông trẻ & <i>không</i> rời mắt.\nGọi 111 (a < b).";

        await node.Store.SaveGuidanceAsync(GuidanceTopic.WaterSafety, Language.Vi, Typed, Admin, CancellationToken.None);

        const string Sent = "<b>Bơi an toàn</b>\nLuôn trông trẻ &amp; <i>không</i> rời mắt.\nGọi 111 (a &lt; b).";
        Assert.Equal(Sent, await GuideAsync(node, Language.Vi));
        Assert.Equal(GuidanceFlow.ShippedText(GuidanceTopic.WaterSafety, Language.En), await GuideAsync(node, Language.En));

        await node.Store.RestoreGuidanceAsync(GuidanceTopic.WaterSafety, Language.Vi, Admin, CancellationToken.None);
        Assert.Equal(GuidanceFlow.ShippedText(GuidanceTopic.WaterSafety, Language.Vi), await GuideAsync(node, Language.Vi));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Provider_OnAnotherNode_SeesTheEditAfterItsCheckInterval_AndRebuildsOnlyWhenTheCounterMoved(string provider)
    {
        await using var node = await Node.StartAsync(provider);
        await using var other = await node.OtherNodeAsync();
        var before = await other.Provider.CurrentAsync(CancellationToken.None);
        var shipped = HelpDirectoryProvider.Shipped.Hotlines.Single(h => h.Number == "18001744");
        Assert.Same(HelpDirectoryProvider.Shipped, before);

        await node.Store.SaveHotlineAsync(ThanhHoaLine, shipped with { Number = "18009999" }, Admin, CancellationToken.None);

        // This node has it at once; the other keeps its copy until the interval has passed, then reads the counter.
        Assert.Equal(["111", "18009999", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(node));
        node.Time.Advance(HelpDirectoryProvider.CheckEvery - TimeSpan.FromSeconds(1));
        Assert.Same(before, await other.Provider.CurrentAsync(CancellationToken.None));
        node.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["111", "18009999", "113", "115", "114", "112", "1900969680"], await ThanhHoaNumbersAsync(other));

        var after = await other.Provider.CurrentAsync(CancellationToken.None);
        node.Time.Advance(HelpDirectoryProvider.CheckEvery);
        Assert.Same(after, await other.Provider.CurrentAsync(CancellationToken.None));
    }

    private static async Task<List<string>> ThanhHoaNumbersAsync(Node node)
    {
        var directory = await node.Provider.CurrentAsync(CancellationToken.None);
        return [.. directory.ContactsFor(directory.FindProvince("thanh hoa")).Select(h => h.Number)];
    }

    // What the help desk answers to the water-safety button, through the engine and its directory.
    private static async Task<string> GuideAsync(Node node, Language language)
    {
        var result = await node.Services.GetRequiredService<ConversationEngine>()
            .HandleAsync("test", language == Language.Vi ? 1 : 2, ConversationInput.FromButton("g:" + GuidanceTopic.WaterSafety), language, CancellationToken.None);
        var html = Assert.Single(result.Replies).Html;

        // Every guide leads with 111 (GuideLead), then comes the guide itself.
        var lead = ConversationTexts.Get("GuideLead", language) + "\n\n";
        Assert.StartsWith(lead, html, StringComparison.Ordinal);
        return html[lead.Length..];
    }

    private sealed class Node(ServiceProvider services, DatabaseSettings database, FakeTimeProvider time) : IAsyncDisposable
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

        public ServiceProvider Services => services;

        public FakeTimeProvider Time => time;

        public DirectoryStore Store => services.GetRequiredService<DirectoryStore>();

        public HelpDirectoryProvider Provider => services.GetRequiredService<HelpDirectoryProvider>();

        public static async Task<Node> StartAsync(string provider) =>
            await AttachAsync(await TestDatabase.CreateAsync(provider, "directory"), new FakeTimeProvider(Now));

        /// <summary>A second node on the same database and clock.</summary>
        public Task<Node> OtherNodeAsync() => AttachAsync(database, time);

        public ChildCareDbContext Db() => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

        public ValueTask DisposeAsync() => services.DisposeAsync();

        private static async Task<Node> AttachAsync(DatabaseSettings database, FakeTimeProvider time)
        {
            var services = await TestDatabase.ServicesAsync(database, s => s.AddChildCareConversations(ConversationSettings.Default, PrivacySettings.Ephemeral()), time);
            return new Node(services, database, time);
        }
    }
}
