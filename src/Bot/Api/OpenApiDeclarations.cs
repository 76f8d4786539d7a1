using ChildCare.Bot.SignIn;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChildCare.Bot.Api;

/// <summary>
/// What the API description says beyond what ASP.NET Core infers: the two ways in (the <c>X-Api-Key</c> header, the
/// officials' session cookie) on each operation that needs one, the types of the query parameters the handlers read
/// as text (so that a bad value gets a sentence naming it), and the 400/401/403/404 answers.
/// </summary>
internal sealed class OpenApiDeclarations(WebSettings web) : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string SessionScheme = "SessionCookie";

    // Query parameters read as strings by their handlers, and what they really are.
    private static readonly Dictionary<string, (JsonSchemaType Type, string? Format)> Typed = new(StringComparer.Ordinal)
    {
        ["year"] = (JsonSchemaType.Integer, "int32"),
        ["month"] = (JsonSchemaType.Integer, "int32"),
        ["day"] = (JsonSchemaType.Integer, "int32"),
        ["days"] = (JsonSchemaType.Integer, "int32"),
        ["limit"] = (JsonSchemaType.Integer, "int32"),
        ["date"] = (JsonSchemaType.String, "date"),
        ["leap"] = (JsonSchemaType.Boolean, null),
        ["overdue"] = (JsonSchemaType.Boolean, null),
    };

    // Path prefixes that need the key or a session (the filters and policies on their groups decide; this says so).
    private static readonly string[] Secured = ["/api/admin", "/api/cases", "/api/plans", "/logout"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An integration's or the administrator's key (Admin:ApiKey, Api:Keys).",
        };
        document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookie.NameFor(web),
            Description = "An official's session, opened by a sign-in link or a passkey; changes also need the antiforgery token.",
        };

        foreach (var (path, item) in document.Paths)
        {
            var secured = Secured.Any(p => path.StartsWith(p, StringComparison.Ordinal));
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Responses ??= [];
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.In == ParameterLocation.Query && Typed.TryGetValue(parameter.Name!, out var typed)
                        && parameter.Schema is OpenApiSchema { Type: JsonSchemaType.String or (JsonSchemaType.String | JsonSchemaType.Null) } schema)
                    {
                        schema.Type = typed.Type;
                        schema.Format = typed.Format;
                    }
                }

                if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
                {
                    Answer(operation, "400", "A parameter or the body is not valid; the problem's detail names it.");
                }

                if (path.Contains('{', StringComparison.Ordinal))
                {
                    Answer(operation, "404", "Not found, or not yours (the same answer for both).");
                }

                if (secured)
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionScheme, document)] = [] },
                    ];
                    Answer(operation, "401", "No key and no session, or one that is not valid.");
                    Answer(operation, "403", "Signed in, but without the right (an administrator's, a case worker's of the unit).");
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void Answer(OpenApiOperation operation, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse { Description = description });
}
