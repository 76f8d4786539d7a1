using System.Reflection;
using ChildCare.Core.Persistence;
using ChildCare.Core.Scheduling;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Writes one <see cref="JobRun"/> row around every job this node performs: what the officials' page lists and
/// what proves a job enqueued once ran once in a cluster. Hangfire's server filters are synchronous.
/// </summary>
internal sealed class JobRunRecorder(
    IDbContextFactory<ChildCareDbContext> contexts,
    NodeIdentity node,
    TimeProvider time,
    ILogger<JobRunRecorder> logger) : IServerFilter
{
    private const string RunKey = "childcare.job-run";

    public static string NameOf(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.GetCustomAttribute<JobRunNameAttribute>()?.Name ?? $"{method.DeclaringType?.Name}.{method.Name}";
    }

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = new JobRun
        {
            JobName = NameOf(context.BackgroundJob.Job.Method),
            FireInstanceId = context.BackgroundJob.Id,
            Node = node.Name,
            StartedAt = time.GetUtcNow(),
        };

        try
        {
            using var db = contexts.CreateDbContext();
            db.JobRuns.Add(run);
            db.SaveChanges();
            context.Items[RunKey] = run.Id;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The job runs all the same: the record is for people, the work is not.
            logger.LogWarning(e, "Could not record the start of job {JobId}", context.BackgroundJob.Id);
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Items.TryGetValue(RunKey, out var value) || value is not long id)
        {
            return;
        }

        try
        {
            using var db = contexts.CreateDbContext();
            var run = db.JobRuns.Single(r => r.Id == id);
            run.Finish(time.GetUtcNow(), context.Exception);
            db.SaveChanges();
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Could not record the end of job run {RunId}", id);
        }
    }
}
