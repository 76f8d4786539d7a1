using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// Builds a page: markup written by the code goes in with <see cref="Raw"/>, every value with <see cref="Text"/>
/// or <see cref="Attr"/>, which HTML-encode it (Vietnamese letters kept as they are), so nothing typed by a
/// reporter or an official can become markup.
/// </summary>
internal sealed class HtmlBuilder
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _html = new();

    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlBuilder Text(string? value)
    {
        _html.Append(Encoder.Encode(value ?? ""));
        return this;
    }

    /// <summary><c>&lt;tag class="…"&gt;value&lt;/tag&gt;</c> with the value encoded.</summary>
    public HtmlBuilder Element(string tag, string? value, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _html.Append(" class=\"").Append(Encoder.Encode(cssClass)).Append('"');
        }

        _html.Append('>').Append(Encoder.Encode(value ?? "")).Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An attribute value, encoded (write it between double quotes).</summary>
    public HtmlBuilder Attr(string? value) => Text(value);

    public override string ToString() => _html.ToString();
}
