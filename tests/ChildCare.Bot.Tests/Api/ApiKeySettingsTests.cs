using ChildCare.Bot.Api;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Configuration;

namespace ChildCare.Bot.Tests.Api;

public sealed class ApiKeySettingsTests
{
    private const string KeyA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string KeyB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void Read_GivesNoKeys_WhenNoneConfigured()
    {
        Assert.Empty(ApiKeySettings.Read(TelegramTestServices.Configuration()).Keys);
        Assert.Empty(ApiKeySettings.Read(TelegramTestServices.Configuration(("Api:Keys", ""))).Keys);
    }

    [Fact]
    public void Read_TakesUnitsAsListOrCommaSeparated_AndMatchOnlyAcceptsTheKeys()
    {
        var settings = ApiKeySettings.Read(TelegramTestServices.Configuration(
            ("Api:Keys:0:Name", "dashboard"), ("Api:Keys:0:Key", KeyA), ("Api:Keys:0:Units:0", "thanh-hoa"), ("Api:Keys:0:Units:1", "quang-ninh/cam-pha"),
            ("Api:Keys:1:Name", "everything"), ("Api:Keys:1:Key", KeyB), ("Api:Keys:1:Units", "*, thanh-hoa")));

        Assert.Equal(["thanh-hoa", "quang-ninh/cam-pha"], settings.Keys[0].Units);
        Assert.Equal(["*", "thanh-hoa"], settings.Keys[1].Units);
        Assert.Equal("dashboard", settings.Match(KeyA)?.Name);
        Assert.Equal("everything", settings.Match(KeyB)?.Name);
        Assert.Null(settings.Match(KeyA[..^1]));
        Assert.Null(settings.Match(KeyA + "a"));
        Assert.Null(settings.Match(""));
        Assert.Null(settings.Match(null));
        var viewer = settings.Match(KeyA)!.Viewer();
        Assert.Equal("api:dashboard", viewer.Actor);
        Assert.True(viewer.Can(CaseRight.Read, "quang-ninh/cam-pha/cam-dong"));
        Assert.False(viewer.Can(CaseRight.Read, "quang-ninh"));
        Assert.False(viewer.Can(CaseRight.Act, "thanh-hoa"));
        Assert.DoesNotContain(KeyA, settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, settings.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Api:Keys:0:Key", "short", "Api:Keys:0:Key is too short (the value is not shown)")]
    [InlineData("Api:Keys:0:Key", null, "Api:Keys:0:Key is missing")]
    [InlineData("Api:Keys:0:Name", null, "Api:Keys:0:Name is missing")]
    [InlineData("Api:Keys:0:Name", "has spaces", "Api:Keys:0:Name is 'has spaces'; expected 1-40 letters")]
    [InlineData("Api:Keys:0:Units:0", null, "Api:Keys:0:Units is empty")]
    [InlineData("Api:Keys:0:Units:0", " ", "Api:Keys:0:Units is empty")]
    [InlineData("Api:Keys:0:Units:0", "thanh hoa", "Api:Keys:0:Units:0 is 'thanh hoa'; expected a unit code")]
    [InlineData("Api:Keys:0:Units:0", "/thanh-hoa", "Api:Keys:0:Units:0 is '/thanh-hoa'; expected a unit code")]
    [InlineData("Api:Keys:1:Key", KeyA, "Api:Keys:1:Key is the same as Api:Keys:0:Key (the value is not shown)")]
    [InlineData("Api:Keys:1:Name", "Dashboard", "Api:Keys:1:Name is 'Dashboard', like Api:Keys:0:Name")]
    [InlineData("Admin:ApiKey", KeyB, "Api:Keys:1:Key is the same as Admin:ApiKey")]
    [InlineData("Api:Keys", "oops", "Api:Keys is a single value")]
    public void Read_NamesTheKey_WhenAnEntryIsBad(string key, string? value, string message)
    {
        var values = new Dictionary<string, string?>
        {
            ["Api:Keys:0:Name"] = "dashboard", ["Api:Keys:0:Key"] = KeyA, ["Api:Keys:0:Units:0"] = "thanh-hoa",
            ["Api:Keys:1:Name"] = "other", ["Api:Keys:1:Key"] = KeyB, ["Api:Keys:1:Units:0"] = "quang-ninh",
        };
        if (key == "Api:Keys")
        {
            values.Clear();
        }

        values[key] = value;

        var error = Assert.Throws<ConfigurationException>(() => ApiKeySettings.Read(TelegramTestServices.Configuration([.. values.Select(v => (v.Key, v.Value))])));

        Assert.StartsWith("Configuration error: " + message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, error.Message, StringComparison.Ordinal);
    }
}
