// The smallest ASP.NET Core app that answers /healthz: what `dotnet new web` gives, plus the health endpoint the
// start-up benchmark polls. It stands beside the Bot in `bench startup` so its figures can be read as a ratio.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapGet("/", () => "ok");
await app.RunAsync();
