using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Tests.Directory;

public sealed class HelpDirectoryTests
{
    private static readonly HelpDirectory Shipped = HelpDirectory.Shipped();

    [Theory]
    [InlineData("thanh hoa", "thanh-hoa")]
    [InlineData("Thanh Hóa", "thanh-hoa")]
    [InlineData("tỉnh thanh hoá", "thanh-hoa")]
    [InlineData("thanhhoa", "thanh-hoa")]
    [InlineData("thanh", "thanh-hoa")]
    [InlineData("quang ninh", "quang-ninh")]
    [InlineData("cam pha", "quang-ninh")]
    [InlineData("tp hcm", "ho-chi-minh")]
    [InlineData("TP.HCM", "ho-chi-minh")]
    [InlineData("ho chi minh", "ho-chi-minh")]
    [InlineData("sai gon", "ho-chi-minh")]
    [InlineData("Ho Chi Minh City", "ho-chi-minh")]
    [InlineData("vung tau", "ho-chi-minh")]
    [InlineData("quang binh", "quang-tri")]
    [InlineData("nam dinh", "ninh-binh")]
    [InlineData("hanoi", "ha-noi")]
    [InlineData("thua thien hue", "hue")]
    [InlineData("dak nong", "lam-dong")]
    [InlineData("tôi ở quảng ninh", "quang-ninh")]
    public void FindProvince_FindsTheProvince_WhateverTheSpelling(string typed, string code) =>
        Assert.Equal(code, Shipped.FindProvince(typed)?.Code);

    [Theory]
    [InlineData("atlantis")]
    [InlineData("")]
    [InlineData("tp")]
    [InlineData("quang")]
    [InlineData("ha")]
    [InlineData("toi o ha noi hay hai phong")]
    public void FindProvince_ReturnsNull_WhenUnknownOrAmbiguous(string typed) =>
        Assert.Null(Shipped.FindProvince(typed));

    [Fact]
    public void ContactsFor_PutsTheThanhHoaLine_After111AndBefore113()
    {
        var numbers = Shipped.ContactsFor(Shipped.FindProvince("thanh hoa")).Select(h => h.Number).ToList();

        Assert.Equal(["111", "18001744", "113", "115", "114", "112", "1900969680"], numbers);
    }

    [Fact]
    public void ContactsFor_GivesTheQuangNinhLine_ForQuangNinh()
    {
        var numbers = Shipped.ContactsFor(Shipped.FindProvince("quang ninh")).Select(h => h.Number).ToList();

        Assert.Equal(["111", "18001769", "113", "115", "114", "112", "1900969680"], numbers);
    }

    [Fact]
    public void ContactsFor_GivesTheNationalLinesOnly_WhenProvinceUnknownOrWithoutLine()
    {
        Assert.Equal(["111", "113", "115", "114", "112", "1900969680"], Shipped.ContactsFor(null).Select(h => h.Number));
        Assert.Equal(["111", "113", "115", "114", "112", "1900969680"], Shipped.ContactsFor(Shipped.FindProvince("ha noi")).Select(h => h.Number));
    }

    [Fact]
    public void ContactsFor_ListsANationalLineAnAdministratorAdded_AfterTheEmergencyNumbers()
    {
        var added = Shipped.Hotlines[0] with { Number = "18001234", NameVi = "Đường dây mới", NameEn = "New line", ProvinceCode = null };
        var edited = Shipped.WithEdits([added, .. Shipped.Hotlines], [], new Dictionary<(GuidanceTopic, Language), string>());

        var numbers = edited.ContactsFor(Shipped.FindProvince("thanh hoa")).Select(h => h.Number).ToList();

        Assert.Equal(["111", "18001744", "113", "115", "18001234", "114", "112", "1900969680"], numbers);
    }

    [Fact]
    public void Provinces_Are34_WithUniqueCodesAndNames()
    {
        var provinces = Shipped.Provinces;

        Assert.Equal(34, provinces.Count);
        Assert.Equal(6, provinces.Count(p => p.IsCity));
        Assert.All(provinces, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Code));
            Assert.False(string.IsNullOrWhiteSpace(p.NameVi));
            Assert.False(string.IsNullOrWhiteSpace(p.NameEn));
        });
        Assert.Equal(provinces.Count, provinces.Select(p => p.Code).Distinct().Count());
        Assert.Equal(provinces.Count, provinces.Select(p => TextMatching.Fold(p.NameVi)).Distinct().Count());
        // 63 provinces before 1 July 2025: the 34 of today plus the 29 they absorbed.
        Assert.Equal(29, provinces.Sum(p => p.FormerProvinces.Count));
    }

    [Fact]
    public void Provinces_EveryNameFindsItsOwnProvince()
    {
        Assert.All(Shipped.Provinces, p =>
            Assert.All(HelpDirectory.NamesOf(p), name => Assert.Equal(p.Code, Shipped.FindProvince(name)?.Code)));
    }

    [Fact]
    public void Hotlines_AreSound_AndNeverListTheRetiredLine()
    {
        var hotlines = Shipped.Hotlines;
        var codes = Shipped.Provinces.Select(p => p.Code).ToHashSet();

        Assert.DoesNotContain(hotlines, h => h.Number.Contains("18001567", StringComparison.Ordinal));
        Assert.Equal(hotlines.Count, hotlines.Select(h => h.Number).Distinct().Count());
        Assert.All(hotlines, h =>
        {
            Assert.Matches("^[0-9]+$", h.Number);
            Assert.False(string.IsNullOrWhiteSpace(h.NameVi));
            Assert.False(string.IsNullOrWhiteSpace(h.NameEn));
            Assert.False(string.IsNullOrWhiteSpace(h.PurposeVi));
            Assert.False(string.IsNullOrWhiteSpace(h.PurposeEn));
            Assert.True(h.ProvinceCode is null || codes.Contains(h.ProvinceCode), h.Number);
            Assert.True(h.LastChecked.Year >= 2025, h.Number);
        });
        var national = hotlines.Single(h => h.Number == "111");
        Assert.Null(national.ProvinceCode);
        Assert.Equal(CallCost.Free, national.Cost);
        Assert.Equal("24/7", national.Hours);
        Assert.Equal(CallCost.ChargesMayApply, hotlines.Single(h => h.Number == "1900969680").Cost);
        Assert.Equal(["111", "113", "115", "114", "112", "18001744", "18001769", "1900969680"], hotlines.Select(h => h.Number));
    }

    [Fact]
    public void PlacesIn_FindsTheCommunesPlaces_WithOrWithoutAccentsAndThePrefix()
    {
        var shelter = new TrustedPlace("thanh-hoa", "xã Cẩm Tân", "Nhà tạm lánh", "Shelter", "Thôn 1", "0237000000", "24/7", new DateOnly(2026, 11, 1));
        var directory = new HelpDirectory(Shipped.Provinces, Shipped.Hotlines, [shelter]);

        Assert.Equal([shelter], directory.PlacesIn("thanh-hoa", "cam tan"));
        Assert.Equal([shelter], directory.PlacesIn("thanh-hoa", "Xa Cam Tan"));
        Assert.Empty(directory.PlacesIn("quang-ninh", "cam tan"));
        Assert.Empty(directory.PlacesIn("thanh-hoa", null));
        Assert.Empty(Shipped.Places);
    }

    [Theory]
    [InlineData("quang", 4)]
    [InlineData("thanh hoa", 1)]
    [InlineData("zz", 0)]
    public void CandidatesFor_ListsTheProvincesATypedStartCouldMean(string typed, int count) =>
        Assert.Equal(count, Shipped.CandidatesFor(typed).Count);
}
