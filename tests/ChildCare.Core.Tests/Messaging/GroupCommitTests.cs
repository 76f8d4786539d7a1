using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Messaging;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task WriteAsync_WritesTheItemsThatArrivedMeanwhileInOneBatch_WhenABatchIsBeingWritten()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int[]>();
        var commit = new GroupCommit<int, int>(
            async items =>
            {
                lock (batches)
                {
                    batches.Add([.. items]);
                }

                await gate.Task;
                return [.. items.Select(i => i * 10)];
            },
            async item =>
            {
                lock (batches)
                {
                    batches.Add([item]);
                }

                await gate.Task;
                return item * 10;
            },
            maxBatch: 100);

        var first = commit.WriteAsync(1);
        var rest = Enumerable.Range(2, 5).Select(commit.WriteAsync).ToList();
        gate.SetResult();

        Assert.Equal(10, await first);
        var results = await Task.WhenAll(rest);
        Assert.Equal([20, 30, 40, 50, 60], results);
        Assert.Equal([[1], [2, 3, 4, 5, 6]], batches);
    }

    [Fact]
    public async Task WriteAsync_GivesOnlyTheBadItemsCallerTheException_WhenItsBatchFails()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, int>(
            _ => throw new InvalidOperationException("one item of the batch is refused"),
            async item =>
            {
                await gate.Task;
                return item == 3 ? throw new InvalidOperationException("refused") : item;
            },
            maxBatch: 100);

        var first = commit.WriteAsync(1);
        var rest = Enumerable.Range(2, 3).Select(commit.WriteAsync).ToList();
        gate.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(2, await rest[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[1]);
        Assert.Equal(4, await rest[2]);
    }

    [Fact]
    public async Task WriteAsync_SplitsTheWaitingItems_WhenMoreThanMaxBatchWait()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sizes = new List<int>();
        var commit = new GroupCommit<int, int>(
            async items =>
            {
                sizes.Add(items.Count);
                await gate.Task;
                return [.. items];
            },
            async item =>
            {
                sizes.Add(1);
                await gate.Task;
                return item;
            },
            maxBatch: 4);

        var all = Enumerable.Range(1, 11).Select(commit.WriteAsync).ToList();
        gate.SetResult();

        Assert.Equal(Enumerable.Range(1, 11), await Task.WhenAll(all));
        Assert.Equal([1, 4, 4, 2], sizes);
    }
}
