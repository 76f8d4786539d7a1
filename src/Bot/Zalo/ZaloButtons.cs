using System.Text;
using System.Text.Json.Nodes;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// A <see cref="Keyboard"/> on Zalo (docs/zalo.md, "Buttons"): up to <see cref="ZaloSettings.MaxButtons"/> inline
/// buttons become <c>oa.query.hide</c> quick actions (a tap comes back as text starting with <see cref="TapPrefix"/>)
/// and links <c>oa.open.url</c>; anything else becomes numbered choices under the text, and a reply of that
/// number is read as the tap.
/// </summary>
internal static class ZaloButtons
{
    public const string TapPrefix = "#cc:";

    /// <summary>A numbered choice that stands for a tap (callback data).</summary>
    public const string TapChoice = "b:";

    /// <summary>A numbered choice that stands for typing the button's text (a reply keyboard's button).</summary>
    public const string TextChoice = "t:";

    public sealed record Rendered(string Text, JsonArray? Buttons, IReadOnlyList<string>? Choices);

    public static Rendered Render(string text, Keyboard? keyboard, Language language)
    {
        if (keyboard is null || keyboard.Kind == KeyboardKind.RemoveReply || keyboard.Rows.Count == 0)
        {
            return new Rendered(text, null, null);
        }

        var all = keyboard.Rows.SelectMany(r => r).ToList();
        if (keyboard.Kind == KeyboardKind.Inline && all.Count <= ZaloSettings.MaxButtons && all.All(Fits))
        {
            var buttons = new JsonArray();
            foreach (var b in all)
            {
                buttons.Add(b.Url is { } url
                    ? new JsonObject { ["title"] = b.Text, ["type"] = "oa.open.url", ["payload"] = new JsonObject { ["url"] = url.AbsoluteUri } }
                    : new JsonObject { ["title"] = b.Text, ["type"] = "oa.query.hide", ["payload"] = TapPrefix + (b.CallbackData ?? b.Text) });
            }

            return new Rendered(text, buttons, null);
        }

        var lines = new List<string>();
        var choices = new List<string>();
        foreach (var b in all)
        {
            if (b.Url is { } link)
            {
                lines.Add($"• {b.Text}: {link.AbsoluteUri}");
            }
            else if (b.RequestLocation)
            {
                lines.Add(BotTexts.Get("ZaloShareLocation", language));
            }
            else if (b.RequestContact)
            {
                lines.Add(BotTexts.Get("ZaloSharePhone", language));
            }
            else
            {
                choices.Add(keyboard.Kind == KeyboardKind.Inline ? TapChoice + (b.CallbackData ?? b.Text) : TextChoice + b.Text);
                lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{choices.Count}. {b.Text}"));
            }
        }

        var header = choices.Count > 0 ? new[] { "", BotTexts.Get("ZaloChoicesHint", language) } : [""];
        return new Rendered(ZaloText.Append(text, header.Concat(lines)), null, choices.Count > 0 ? choices : null);
    }

    private static bool Fits(KeyboardButton b) =>
        b.Text.Length is > 0 and <= ZaloSettings.MaxButtonTitle
        && !b.RequestContact && !b.RequestLocation
        && (b.Url is not null || Encoding.UTF8.GetByteCount(TapPrefix + (b.CallbackData ?? b.Text)) <= 1000);
}
