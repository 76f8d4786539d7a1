using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ChildCare.Bot.Admin;

/// <summary>The endpoint filter guarding administration endpoints (see <see cref="AdminSettings"/>).</summary>
internal static partial class AdminAccess
{
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group, AdminSettings settings)
    {
        var expected = settings.ApiKey is null ? null : Encoding.UTF8.GetBytes(settings.ApiKey);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsAllowed(http, expected))
            {
                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare.Admin");
                LogRefused(logger, http.Request.Path);
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Administration needs a key",
                    detail: expected is null
                        ? "Without Admin:ApiKey set, administration is open to this machine only."
                        : $"Send the administration key in the {AdminSettings.HeaderName} header.");
            }

            return await next(context);
        });
        return group;
    }

    private static bool IsAllowed(HttpContext http, byte[]? expected)
    {
        if (expected is null)
        {
            var remote = http.Connection.RemoteIpAddress;
            // TestServer has no remote address: it is in-process, so as local as it gets.
            return remote is null || IPAddress.IsLoopback(remote);
        }

        var presented = http.Request.Headers[AdminSettings.HeaderName].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: refused a request to {Path} without a valid key")]
    private static partial void LogRefused(ILogger logger, PathString path);
}
