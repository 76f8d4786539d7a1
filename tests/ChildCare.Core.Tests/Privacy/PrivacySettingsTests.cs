using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Tests.Privacy;

/// <summary>The key file the embedded default makes beside its database.</summary>
public sealed class PrivacySettingsTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Key_MakesOneWholeKeyFileForTheOwnerOnly_WhenTwoStartsMakeItAtOnce()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("cc-keyfile-");
        try
        {
            var database = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder.FullName, "childcare.db")}", TimeSpan.FromSeconds(10));
            var starts = Enumerable.Range(0, 4).Select(_ => PrivacySettings.Read(new ConfigurationBuilder().Build(), database, folder.FullName)).ToList();
            Assert.All(starts, s => Assert.True(s.MakesKey));

            var keys = await Task.WhenAll(starts.Select(s => Task.Run(() => s.Key)));

            var path = Path.Combine(folder.FullName, PrivacySettings.DefaultKeyFileName);
            var stored = Convert.FromBase64String(await File.ReadAllTextAsync(path));
            Assert.All(keys, k => Assert.Equal(stored, k));
            Assert.Equal(PrivacySettings.KeyBytes, stored.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            // Only the key file and nothing half written beside it.
            Assert.Equal([PrivacySettings.DefaultKeyFileName], folder.GetFiles().Select(f => f.Name));
            Assert.False(PrivacySettings.Read(new ConfigurationBuilder().Build(), database, folder.FullName).MakesKey);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
