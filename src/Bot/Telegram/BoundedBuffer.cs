namespace ChildCare.Bot.Telegram;

/// <summary>A memory stream that refuses to grow past <paramref name="maxBytes"/>, whatever the sender's Content-Length claimed.</summary>
internal sealed class BoundedBuffer(long maxBytes) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        Check(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Check(count);
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override void WriteByte(byte value)
    {
        Check(1);
        base.WriteByte(value);
    }

    private void Check(int count)
    {
        if (Length + count > maxBytes)
        {
            throw new InvalidOperationException($"The file is over {maxBytes} bytes, the most accepted.");
        }
    }
}
