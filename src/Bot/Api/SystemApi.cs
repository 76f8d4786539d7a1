using System.Reflection;
using ChildCare.Core.Persistence;
using ChildCare.Scheduler;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChildCare.Bot.Api;

/// <summary><c>GET /api/system</c>: what this node is, for operators and integrations.</summary>
internal static class SystemApi
{
    internal sealed record SystemInfo(string Product, string Version, string Database, string Scheduler);

    public static RouteGroupBuilder MapSystemApi(this RouteGroupBuilder api)
    {
        api.MapGet("/system", GetSystem)
            .WithName("GetSystem")
            .WithSummary("Version, database provider and scheduler mode of this node.");
        return api;
    }

    private static Ok<SystemInfo> GetSystem(DatabaseSettings database, SchedulerSettings scheduler)
    {
        var version = typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return TypedResults.Ok(new SystemInfo("ChildCare", version, database.Provider.ToString(), scheduler.InProcess ? "in-process" : "separate nodes"));
    }
}
