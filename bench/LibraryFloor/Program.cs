using System.Runtime;
using System.Runtime.InteropServices;
using ChildCare.LibraryFloor.Components;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

// Each decided library used once at start, as the Bot uses it: a migration-free schema and a query through EF Core,
// a user looked up through Identity's stores, a Razor component rendered, a recurring Hangfire job on its server.
var builder = WebApplication.CreateSlimBuilder(args);
var connection = builder.Configuration.GetConnectionString("ChildCare") ?? "Data Source=floor.db";
builder.Services.AddDbContext<FloorDb>(options => options.UseSqlite(connection));
builder.Services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<FloorDb>();
builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
builder.Services.AddAuthorization();
builder.Services.AddRazorComponents();
builder.Services.AddAntiforgery();
builder.Services.AddHangfire(configuration => configuration.UseInMemoryStorage(new InMemoryStorageOptions()));
builder.Services.AddHangfireServer();

await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<FloorDb>();
    await db.Database.EnsureCreatedAsync();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
    if (await users.FindByNameAsync("admin") is null)
    {
        await users.CreateAsync(new IdentityUser("admin"));
    }

    _ = await db.Users.CountAsync();
}

app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate("floor", () => Floor.Tick(), Cron.Minutely());
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapGet("/healthz", () => "ok");
app.MapRazorComponents<Page>();
app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
{
    // As the Bot's MemoryTrim does 20 s after start: one compacting collection, then glibc gives its free pages back.
    await Task.Delay(TimeSpan.FromSeconds(20));
    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    _ = Floor.MallocTrim(0);
}));
await app.RunAsync();

internal sealed class FloorDb(DbContextOptions<FloorDb> options) : IdentityDbContext<IdentityUser>(options);

internal static partial class Floor
{
    public static void Tick()
    {
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
