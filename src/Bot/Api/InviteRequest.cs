using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using ChildCare.Core.Officials;

namespace ChildCare.Bot.Api;

/// <summary>
/// The body of <c>POST /api/admin/invites</c>: <c>unit</c> and <c>role</c> required, <c>validDays</c> (server default
/// when absent) and <c>maxUses</c> (1 when absent) within the limits the web form has. Read by hand rather than bound:
/// a field the API does not take, a value out of range, a role that does not exist or a body that is not JSON is
/// refused with a problem naming the field, not silently dropped, clamped or answered with a bare 400.
/// </summary>
internal sealed record InviteRequest(
    string Unit,
    OfficialRole Role,
    [property: Range(1, OfficialAdmin.MaxInviteDays)] int? ValidDays = null,
    [property: Range(1, OfficialAdmin.MaxInviteUses)] int? MaxUses = null)
{
    private static readonly string[] Fields = ["unit", "role", "validDays", "maxUses"];

    /// <summary>The request, or the problems by field (the whole body's under "body").</summary>
    public static async Task<(InviteRequest? Request, Dictionary<string, string[]> Problems)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            problems["body"] = [$"The body is not JSON: {e.Message}"];
            return (null, problems);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems["body"] = ["The body must be a JSON object: {\"unit\": \"thanh-hoa/cam-tan\", \"role\": \"ChildProtection\"}."];
                return (null, problems);
            }

            string? unit = null;
            OfficialRole? role = null;
            int? validDays = null, maxUses = null;
            foreach (var property in root.EnumerateObject())
            {
                var name = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
                switch (name)
                {
                    case "unit":
                        unit = property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= 200 } code ? code : null;
                        if (unit is null)
                        {
                            problems["unit"] = ["A unit's code, as GET /api/admin/units lists them (\"thanh-hoa/cam-tan\")."];
                        }

                        break;
                    case "role":
                        role = property.Value.ValueKind == JsonValueKind.String && Enum.TryParse<OfficialRole>(property.Value.GetString(), ignoreCase: true, out var parsed)
                            && Enum.IsDefined(parsed) && !(property.Value.GetString() ?? "").All(char.IsAsciiDigit)
                            ? parsed
                            : null;
                        if (role is null)
                        {
                            problems["role"] = [$"Not a role. One of: {string.Join(", ", Enum.GetNames<OfficialRole>())}."];
                        }

                        break;
                    case "validDays":
                        validDays = Whole(property.Value, 1, OfficialAdmin.MaxInviteDays);
                        if (validDays is null)
                        {
                            problems["validDays"] = [string.Create(CultureInfo.InvariantCulture, $"A whole number of days from 1 to {OfficialAdmin.MaxInviteDays}, or leave it out for the server's default.")];
                        }

                        break;
                    case "maxUses":
                        maxUses = Whole(property.Value, 1, OfficialAdmin.MaxInviteUses);
                        if (maxUses is null)
                        {
                            problems["maxUses"] = [string.Create(CultureInfo.InvariantCulture, $"A whole number of officials from 1 to {OfficialAdmin.MaxInviteUses}, or leave it out for 1.")];
                        }

                        break;
                    default:
                        problems[property.Name] = [$"Not a field of an invite. The fields are: {string.Join(", ", Fields)}."];
                        break;
                }
            }

            if (!problems.ContainsKey("unit") && unit is null)
            {
                problems["unit"] = ["Required: the unit's code (\"thanh-hoa/cam-tan\")."];
            }

            if (!problems.ContainsKey("role") && role is null)
            {
                problems["role"] = [$"Required. One of: {string.Join(", ", Enum.GetNames<OfficialRole>())}."];
            }

            return problems.Count > 0 ? (null, problems) : (new InviteRequest(unit!, role!.Value, validDays, maxUses), problems);
        }
    }

    private static int? Whole(JsonElement value, int min, int max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max ? number : null;
}
