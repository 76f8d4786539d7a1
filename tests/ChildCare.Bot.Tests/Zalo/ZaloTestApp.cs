using ChildCare.FakeZalo;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>The app's settings for a test on the fake OA: Zalo on, Telegram off, no demo data, no per-chat pace.</summary>
internal static class ZaloTestApp
{
    public static Dictionary<string, string?> Settings(FakeZaloServer fake, params (string Key, string? Value)[] extra)
    {
        var settings = fake.Settings();
        settings["Deadlines:LoadDemoData"] = "false";
        // Replies of one turn go out back to back: the test is not about the per-chat pace.
        settings["Messaging:PrivateChatPerSecond"] = "100";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
