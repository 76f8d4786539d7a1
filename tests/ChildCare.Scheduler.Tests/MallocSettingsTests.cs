using ChildCare.Scheduler.Hosting;

namespace ChildCare.Scheduler.Tests;

public sealed class MallocSettingsTests
{
    [Fact]
    public void Apply_LeavesEverySettingToGlibc_WhenTheOperatorSetAllTheVariables()
    {
        var applied = MallocSettings.Apply(_ => "8");

        Assert.Empty(applied);
    }

    [Fact]
    public void Apply_LeavesOneSettingToGlibc_WhenTheOperatorSetItsVariable()
    {
        var applied = MallocSettings.Apply(variable => variable == "MALLOC_ARENA_MAX" ? "8" : null);

        Assert.DoesNotContain("MALLOC_ARENA_MAX", applied);
        // The test hosts run on glibc Linux (README, Tests); elsewhere there is nothing to set.
        Assert.Equal(OperatingSystem.IsLinux() ? 2 : 0, applied.Count);
    }

    [Fact]
    public void Apply_SetsAllThree_WhenNoVariableIsSetOnLinux()
    {
        var applied = MallocSettings.Apply(_ => null);

        Assert.Equal(OperatingSystem.IsLinux() ? MallocSettings.Variables.ToList() : [], applied);
    }
}
