namespace ChildCare.Bot.WebPush;

/// <summary>
/// <c>WebPush:Subject</c>: the contact push services are given with every request (RFC 8292: a mailto: or https:
/// address), so that they can reach whoever runs the service when it misbehaves.
/// </summary>
internal sealed record WebPushSettings(string Subject)
{
    public static WebPushSettings Read(IConfiguration configuration, SignIn.WebSettings web) =>
        new(configuration["WebPush:Subject"] is { Length: > 0 } subject ? subject
            : web.IsHttps ? web.PublicBaseUrl.GetLeftPart(UriPartial.Authority) : "mailto:webpush@childcare.invalid");
}
