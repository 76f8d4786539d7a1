using ChildCare.Core.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// The privacy key's services (sealing, keyed tags, the audit chain) and the purge of what is no longer
    /// needed. Every process that writes messages or case records needs them, the Scheduler nodes included: a
    /// reminder's text is sealed before it is queued. The first registration of a key wins.
    /// </summary>
    public static IServiceCollection AddChildCarePrivacy(this IServiceCollection services, PrivacySettings privacy, RetentionSettings? retention = null)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(privacy);
        services.TryAddSingleton(retention ?? RetentionSettings.Default);
        services.TryAddSingleton<Sealer>();
        services.TryAddSingleton<CaseAudit>();
        services.TryAddSingleton<PrivacyHousekeeping>();
        return services;
    }
}
