using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Officials;

public static class OfficialServiceCollectionExtensions
{
    /// <summary>Officials' sign-in links and sessions (needs persistence).</summary>
    public static IServiceCollection AddChildCareSignIn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OfficialSignIn>();
        services.TryAddSingleton<WebJoin>();
        return services;
    }

    /// <summary>Joining and leaving units in chat, and the administrators' work on officials (needs persistence).</summary>
    public static IServiceCollection AddChildCareOfficials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OfficialDesk>();
        services.TryAddSingleton<OfficialAdmin>();
        return services;
    }
}
