using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// The compiled models (src/Core/Persistence/CompiledModels, picked up by EF at run time so a start does not build
/// the model) are what <c>dotnet ef dbcontext optimize</c> makes of today's model: a model change without
/// regenerating them fails here, instead of the app running on a stale model. Each is scaffolded afresh into a
/// temporary folder and compared file by file with the committed one.
/// </summary>
public sealed partial class CompiledModelTests
{
    [Fact]
    public void SqliteCompiledModel_MatchesTheModel_WhenTheModelChanged()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
#pragma warning disable EF1001 // The provider's design-time services, as dotnet-ef loads them; no public way in.
        AssertCurrent(db, new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
#pragma warning restore EF1001
    }

    [Fact]
    public void PostgresCompiledModel_MatchesTheModel_WhenTheModelChanged()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
#pragma warning disable EF1001 // The provider's design-time services, as dotnet-ef loads them; no public way in.
        AssertCurrent(db, new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
#pragma warning restore EF1001
    }

    [Fact]
    public void SqliteContext_RunsOnTheCompiledModel_WhenCreated()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.Equal("SqliteChildCareDbContextModel", db.Model.GetType().Name);
    }

    private static void AssertCurrent(DbContext db, IDesignTimeServices providerServices, string provider)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
        providerServices.ConfigureDesignTimeServices(services);
        using var provided = services.BuildServiceProvider();
        var output = System.IO.Directory.CreateTempSubdirectory("childcare-compiled-model-");
        try
        {
            // The options dotnet-ef passes for this project: C#, nullable on, the namespace of the folder.
            provided.GetRequiredService<ICompiledModelScaffolder>().ScaffoldModel(
                db.GetService<IDesignTimeModel>().Model,
                output.FullName,
                new CompiledModelCodeGenerationOptions
                {
                    ContextType = db.GetType(),
                    ModelNamespace = $"ChildCare.Core.Persistence.CompiledModels.{provider}",
                    Language = "C#",
                    UseNullableReferenceTypes = true,
                });

            var committed = Path.Combine(SourceRoot(), "src", "Core", "Persistence", "CompiledModels", provider);
            var message = $"The {provider} compiled model lags the model: regenerate it (README, Regenerating the compiled models).";
            Assert.True(System.IO.Directory.Exists(committed), message);
            Assert.Equal(Files(output.FullName).Keys, Files(committed).Keys);
            foreach (var (name, text) in Files(output.FullName))
            {
                Assert.True(Files(committed)[name] == text, $"{message} First difference in {name}: {FirstDifference(Files(committed)[name], text)}");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static SortedDictionary<string, string> Files(string folder) => new(
        System.IO.Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), f => Normalise(File.ReadAllText(f, Encoding.UTF8))),
        StringComparer.Ordinal);

    private static string FirstDifference(string committed, string fresh)
    {
        var (left, right) = (committed.Split('\n'), fresh.Split('\n'));
        var line = Enumerable.Range(0, Math.Min(left.Length, right.Length)).FirstOrDefault(i => left[i] != right[i], Math.Min(left.Length, right.Length));
        return $"line {line + 1}, committed '{left.ElementAtOrDefault(line)?.Trim()}', now '{right.ElementAtOrDefault(line)?.Trim()}'";
    }

    // Byte order mark and line endings vary with the machine that generated the files, and each run draws a new model
    // id; the code does not.
    private static string Normalise(string text) =>
        ModelId().Replace(text.TrimStart('\uFEFF').ReplaceLineEndings("\n"), "modelId: new Guid(\"\")");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]{36}"\)""")]
    private static partial Regex ModelId();

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChildCare.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (ChildCare.sln) is not above the test's folder.");
    }
}
