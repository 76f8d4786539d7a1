using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChildCare.Bot.Api;

/// <summary>Problem answers more than one endpoint gives.</summary>
internal static class ApiProblems
{
    public static NotFound<ProblemDetails> UnknownUnit(string code) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Unknown unit", Detail = $"No unit has the code '{code}'.", Status = StatusCodes.Status404NotFound });
}
