using ChildCare.Scheduler.Hosting;

namespace ChildCare.Scheduler.Tests;

public sealed class MallocArenasTests
{
    [Fact]
    public void Apply_LeavesGlibcAlone_WhenTheOperatorSetTheVariable()
    {
        Assert.False(MallocArenas.Apply("8"));
    }

    [Fact]
    public void Apply_CapsTheArenas_WhenTheVariableIsNotSetOnLinux()
    {
        // The test hosts run on glibc Linux (README, Tests); elsewhere there is nothing to cap.
        Assert.Equal(OperatingSystem.IsLinux(), MallocArenas.Apply(null));
    }
}
