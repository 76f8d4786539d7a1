using ChildCare.Core.Cases;
using ChildCare.Scheduler.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Scheduler.Tests;

/// <summary>A case's clock jobs are created off the reporter's turn, and none queued is dropped at a stop.</summary>
public sealed class CaseClockJobsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Changed_ReturnsBeforeTheJobStoreAnswers_AndTheJobsAreCreatedInTheBackground()
    {
        using var store = new SlowJobStore();
        var (clocks, writer) = Clocks(store);
        await writer.StartAsync(CancellationToken.None);

        clocks.Changed(Routed(41));

        // The store has not answered (it waits for the gate), yet the turn is done.
        Assert.Empty(store.Created);
        store.Open();
        await writer.StopAsync(CancellationToken.None);
        // The check at once and one per moment ahead: the support plan's warning and its due date.
        Assert.Equal(1 + CaseClocks.Moments(Routed(41), CaseSettings.Default, Now).Count, store.Created.Count);
        Assert.Equal(3, store.Created.Count);
        Assert.IsType<EnqueuedState>(store.Created[0].State);
        Assert.All(store.Created.Skip(1), c => Assert.IsType<ScheduledState>(c.State));
        Assert.All(store.Created, c => Assert.Equal(41L, c.Job.Args[0]));
    }

    [Fact]
    public async Task StopAsync_CreatesEveryJobStillQueued_WhenCasesWereFiledJustBefore()
    {
        using var store = new SlowJobStore();
        store.Open();
        var (clocks, writer) = Clocks(store);
        await writer.StartAsync(CancellationToken.None);

        foreach (var id in Enumerable.Range(1, 20))
        {
            clocks.Changed(Routed(id));
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(20, store.Created.Count(c => c.State is EnqueuedState));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), store.Created.Where(c => c.State is EnqueuedState).Select(c => (long)c.Job.Args[0]!));
    }

    private static (HangfireCaseClockJobs Clocks, CaseClockJobWriter Writer) Clocks(IBackgroundJobClient store)
    {
        var time = new FakeTimeProvider(Now);
        var writer = new CaseClockJobWriter(store, time, NullLogger<CaseClockJobWriter>.Instance);
        return (new HangfireCaseClockJobs(writer, CaseSettings.Default, time, NullLogger<HangfireCaseClockJobs>.Instance), writer);
    }

    private static ChildCase Routed(long id)
    {
        var filed = new ChildCase
        {
            Code = "TE-2026-000001", Year = 2026, Sequence = 1, SubmissionId = Guid.NewGuid(), ReceivedAt = Now, UpdatedAt = Now,
            Channel = "web", ReporterKey = "k", Category = CaseCategory.Neglect, AgeBand = AgeBand.Unknown, ChildSex = ChildSex.Unknown,
            Suspect = SuspectRelation.Unknown, Anonymous = true, DangerNow = false, ContactConsent = false, PhotoCount = 0, SealedDetails = [],
        };
        filed.Route(7, 12, Now.AddDays(7), Now);
        // The database gives the id; a filed case has one.
        typeof(ChildCase).GetProperty(nameof(ChildCase.Id))!.SetValue(filed, id);
        return filed;
    }

    /// <summary>A job store that answers only once opened, as a slow database would.</summary>
    private sealed class SlowJobStore : IBackgroundJobClient, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new();
        private readonly Lock _lock = new();
        private readonly List<(Job Job, IState State)> _created = [];

        public IReadOnlyList<(Job Job, IState State)> Created
        {
            get
            {
                lock (_lock)
                {
                    return [.. _created];
                }
            }
        }

        public void Open() => _gate.Set();

        public void Dispose() => _gate.Dispose();

        public string Create(Job job, IState state)
        {
            _gate.Wait(TimeSpan.FromSeconds(30));
            lock (_lock)
            {
                _created.Add((job, state));
                return _created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
