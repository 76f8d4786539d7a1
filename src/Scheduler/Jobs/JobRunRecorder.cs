using ChildCare.Core.Persistence;
using ChildCare.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>Writes one <see cref="JobRun"/> row around every job execution on this node.</summary>
internal sealed class JobRunRecorder(
    IDbContextFactory<ChildCareDbContext> contexts,
    TimeProvider time,
    ILogger<JobRunRecorder> logger) : IJobExecutionMiddleware
{
    public async ValueTask Invoke(IJobExecutionContext context, JobExecutionDelegate next, CancellationToken cancellationToken)
    {
        var run = new JobRun
        {
            JobName = context.JobDetail.Key.ToString(),
            FireInstanceId = context.FireInstanceId,
            Node = context.Scheduler.SchedulerInstanceId,
            StartedAt = time.GetUtcNow(),
        };

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        Exception? failure = null;
        try
        {
            await next(context, cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            await FinishAsync(run.Id, failure);
        }
    }

    private async Task FinishAsync(long id, Exception? failure)
    {
        try
        {
            // Not cancellable: a shutdown in the middle of a job still records how the job ended.
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var run = await db.JobRuns.SingleAsync(r => r.Id == id, CancellationToken.None);
            run.Finish(time.GetUtcNow(), failure);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Could not record the end of job run {RunId}", id);
        }
    }
}
