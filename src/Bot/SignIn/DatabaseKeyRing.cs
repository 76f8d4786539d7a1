using System.Xml.Linq;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// Keeps ASP.NET Core's data-protection key ring (what antiforgery tokens are protected with) in the product's
/// database, so that every web node uses the same keys: a form one node served is accepted by any other, and a
/// restart does not invalidate the forms open in browsers. The keys protect form tokens and web chat sessions;
/// they are stored encrypted with a key derived from the privacy key (<see cref="KeyRingEncryptor"/>).
/// </summary>
internal sealed class DatabaseKeyRing(IDbContextFactory<ChildCareDbContext> contexts) : IXmlRepository
{
    /// <summary>The hosted service AddDataProtection registers to read the key ring at start (internal to ASP.NET Core).</summary>
    public const string DataProtectionWarmUp = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The interface is synchronous; it is called when the ring is loaded and about once a day after that.
        using var db = contexts.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(xml => XElement.Parse(xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }

    public static IServiceCollection AddDatabaseKeyRing(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("ChildCare");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDbContextFactory<ChildCareDbContext>, ChildCare.Core.Privacy.PrivacySettings>((options, contexts, privacy) =>
            {
                options.XmlRepository = new DatabaseKeyRing(contexts);
                options.XmlEncryptor = new KeyRingEncryptor(privacy);
            });
        return services;
    }

    /// <summary>
    /// Takes out data protection's hosted service, which only reads the key ring at start so that the first request
    /// need not. Without it the ring is read (the same keys, from the same table, decrypted the same way) by the first
    /// request that protects or unprotects something: a page with a form, a signed-in official, the web chat. A node
    /// nobody opens a page of keeps about 2 MB less (the XML key manager and its types, issue 21); the ring's refresh
    /// is the key ring provider's own. Called after every registration: AddAuthentication and AddAntiforgery add the
    /// hosted service again.
    /// </summary>
    public static IServiceCollection ReadKeyRingOnFirstUse(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == DataProtectionWarmUp)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
