using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Persistence;

/// <summary>Lets callers ask for the product's context without knowing which provider subclass is in use.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ChildCareDbContext>
    where TContext : ChildCareDbContext
{
    public ChildCareDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<ChildCareDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
