namespace ChildCare.Core.Messaging;

/// <summary>
/// Group commit: each caller hands in one item and waits until it is written. While a batch is being written the
/// items that arrive wait, and are written together next: under load many callers share one round trip, and a lone
/// caller waits for nobody. A batch that fails is written again item by item, so each caller gets its own outcome
/// (one bad item does not fail the others). Writes are not cancelled by a caller: they hold others' items too.
/// </summary>
internal sealed class GroupCommit<TItem, TResult>(
    Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeBatch,
    Func<TItem, Task<TResult>> writeOne,
    int maxBatch)
{
    private readonly Lock _lock = new();
    private List<(TItem Item, TaskCompletionSource<TResult> Done)> _waiting = [];
    private bool _writing;

    public Task<TResult> WriteAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_lock)
        {
            _waiting.Add((item, done));
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = WriteWaitingAsync();
        }

        return done.Task;
    }

    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            List<(TItem Item, TaskCompletionSource<TResult> Done)> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                if (_waiting.Count <= maxBatch)
                {
                    (batch, _waiting) = (_waiting, []);
                }
                else
                {
                    batch = _waiting[..maxBatch];
                    _waiting.RemoveRange(0, maxBatch);
                }
            }

            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                var results = await writeBatch([.. batch.Select(b => b.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Each alone below: the caller whose item cannot be written gets the exception, the others their result.
            }
        }

        // At once, not one after another: when the database is unreachable, every caller learns it after one timeout.
        await Task.WhenAll(batch.Select(async waiting =>
        {
            try
            {
                waiting.Done.TrySetResult(await writeOne(waiting.Item));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                waiting.Done.TrySetException(e);
            }
        }));
    }
}
