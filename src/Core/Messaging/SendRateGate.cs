namespace ChildCare.Core.Messaging;

/// <summary>
/// The bot's overall message rate, shared by everything that sends (the dispatcher's sends, each part of a
/// long text, retries): at most <see cref="MessagingSettings.GlobalPerSecond"/> (L) arriving at the provider in
/// any second, evenly spaced, first come first served. A 429 pauses every sender for its retry_after, so
/// retries do not pile onto new sends.
/// <para>
/// The provider counts a message when it arrives, some time after it passed here, and how long after varies
/// (the network, the provider's own timers). A window only slightly longer than a second therefore has to
/// be wide enough for the worst variation (it was 1,040 ms: 0.956 of L). Instead the gate anchors each send to
/// the provider's answer to the send L before it: that one arrived before its answer came back, and this one
/// arrives at least the shortest round trip seen lately after it passes, so passing at
/// <c>answer + 1 s - shortest round trip + margin</c> keeps the two a full second apart on the provider's
/// clock. What it costs per L sends is how much longer than the shortest that earlier round trip was, a few
/// milliseconds, not the worst case. A send whose answer has not come back counts as arrived 1,040 ms after it
/// passed, as before. Callers that report answers (<see cref="Answered"/>) get the anchor; others the window.
/// </para>
/// </summary>
public sealed class SendRateGate
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    // Without an answer: the old fixed window, wide enough for the variation seen on a loaded machine.
    private static readonly TimeSpan Unanswered = TimeSpan.FromMilliseconds(1040);

    // Below the shortest round trip: covers one send's trip out and another's trip back both being at their
    // shortest at once, which the shortest whole round trip does not show. Each 429 adds a step.
    private static readonly TimeSpan FirstMargin = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MarginStep = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxMargin = Unanswered - Second;

    // While the answer L sends back is still awaited: look again this soon.
    private static readonly TimeSpan AnswerPoll = TimeSpan.FromMilliseconds(2);

    // The spacing is 1.5 % wider than 1/L: the anchor then seldom holds a send back, and when it does not, a timer
    // that wakes late costs nothing (the next slot is planned from this one's planned time, not from its lateness).
    private const double SpacingFactor = 1.015;

    private static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(15);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly double _rate;
    private int _limit;
    private TimeSpan _spacing;

    // The last L passes, by ticket modulo L: when each passed and when its answer came back.
    private DateTimeOffset[] _passed;
    private DateTimeOffset?[] _answered;
    private readonly TimeSpan[] _roundTrips = new TimeSpan[64];
    private int _roundTripCount;
    private long _tickets;

    // No send may pass before this: the anchors of the sends older than the last L.
    private DateTimeOffset _floor = DateTimeOffset.MinValue;
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _margin = FirstMargin;

    // Senders by priority, then arrival; only the first one watches the clock, the others wait for their turn.
    private readonly LinkedList<Waiter> _queue = new();

    private static readonly AsyncLocal<MessagePriority?> CurrentPriority = new();

    public SendRateGate(MessagingSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        _rate = settings.GlobalPerSecond;
        _limit = LimitFor(1, 1);
        _spacing = Second * SpacingFactor / _limit;
        _passed = new DateTimeOffset[_limit];
        _answered = new DateTimeOffset?[_limit];
    }

    /// <summary>How many sends a second this gate passes now: L, or this node's share of it (<see cref="Share"/>).</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>
    /// This node sends <paramref name="held"/> of the outbox's <paramref name="partitions"/> parts (other nodes the rest):
    /// from now on it passes that share of L, rounded down, so the nodes together stay within L. A node holding none
    /// passes one part's share (a sign-in link sent directly). All parts: L, exactly as a gate made for one node.
    /// The sends already counted stay counted: after a lower share, the next send still waits a full second after
    /// the one the new share before it.
    /// </summary>
    public void Share(int held, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var limit = LimitFor(Math.Clamp(held, 1, partitions), partitions);
        lock (_lock)
        {
            if (limit == _limit)
            {
                return;
            }

            // The last sends by ticket, in their slots for the new limit. With a higher limit the slots of the sends
            // older than the old limit are unknown: marked answered long ago, they hold nothing back.
            var passed = new DateTimeOffset[limit];
            var answered = new DateTimeOffset?[limit];
            Array.Fill(answered, DateTimeOffset.MinValue);
            for (var ticket = Math.Max(0, _tickets - Math.Min(limit, _limit)); ticket < _tickets; ticket++)
            {
                passed[(int)(ticket % limit)] = _passed[(int)(ticket % _limit)];
                answered[(int)(ticket % limit)] = _answered[(int)(ticket % _limit)];
            }

            _limit = limit;
            _spacing = Second * SpacingFactor / limit;
            _passed = passed;
            _answered = answered;
        }
    }

    private int LimitFor(int held, int partitions) => Math.Max(1, (int)Math.Floor(held == partitions ? _rate : _rate * held / partitions));

    /// <summary>
    /// The priority of the sends made from here on in this flow (the dispatcher sets it per message, and the channel's
    /// client carries it down to the gate without knowing): a case alert then passes reminders already waiting here.
    /// Unset: <see cref="MessagePriority.Reply"/>.
    /// </summary>
    public static void SetPriority(MessagePriority priority) => CurrentPriority.Value = priority;

    /// <summary>Waits until one more message may go, and counts it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken) => await EnterAsync(cancellationToken);

    /// <summary>
    /// Waits until one more message may go, and counts it; pass the ticket to <see cref="Answered"/> when the
    /// provider's answer (any answer, or a failure) has come back.
    /// </summary>
    public async ValueTask<long> EnterAsync(CancellationToken cancellationToken)
    {
        LinkedListNode<Waiter> node;
        var priority = CurrentPriority.Value ?? MessagePriority.Reply;
        lock (_lock)
        {
            if (_queue.Count == 0 && TryPass(_time.GetUtcNow(), queued: false, out var ticket, out _))
            {
                return ticket;
            }

            node = Join(new Waiter(priority));
        }

        try
        {
            while (true)
            {
                Task? turn = null;
                TimeSpan wait;
                lock (_lock)
                {
                    if (_queue.First != node)
                    {
                        turn = node.Value.Turn.Task;
                        wait = TimeSpan.Zero;
                    }
                    else if (TryPass(_time.GetUtcNow(), queued: true, out var ticket, out wait))
                    {
                        Leave(node);
                        return ticket;
                    }
                }

                if (turn is not null)
                {
                    await turn.WaitAsync(cancellationToken);
                }
                else
                {
                    await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    Leave(node);
                }
            }

            throw;
        }
    }

    /// <summary>The provider's answer to the send with <paramref name="ticket"/> has come back (or it failed).</summary>
    public void Answered(long ticket)
    {
        lock (_lock)
        {
            if (ticket < 0 || ticket >= _tickets || ticket <= _tickets - 1 - _limit)
            {
                return;
            }

            var slot = (int)(ticket % _limit);
            if (_answered[slot] is not null)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _answered[slot] = now;
            _roundTrips[_roundTripCount++ % _roundTrips.Length] = now - _passed[slot];
        }
    }

    /// <summary>The provider said "too many requests": nobody sends until <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = _time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            // The anchor was too tight for this provider: keep further from its limit from now on.
            _margin = TimeSpan.FromTicks(Math.Min(MaxMargin.Ticks, (_margin + MarginStep).Ticks));
        }
    }

    // Caller holds the lock.
    private bool TryPass(DateTimeOffset now, bool queued, out long ticket, out TimeSpan wait)
    {
        ticket = -1;
        var earliest = _pausedUntil > _next ? _pausedUntil : _next;
        var planned = earliest;
        var slot = (int)(_tickets % _limit);
        var anchor = DateTimeOffset.MinValue;
        if (_tickets >= _limit)
        {
            // The send L before this one.
            if (_answered[slot] is { } answered)
            {
                anchor = answered + Second - Credit();
            }
            else
            {
                anchor = _passed[slot] + Unanswered;
                if (now < anchor)
                {
                    // Its answer may come any moment: look again soon rather than at the worst case.
                    wait = Min(anchor - now, AnswerPoll);
                    return TooEarly(now, earliest, ref wait);
                }
            }
        }

        if (anchor > earliest)
        {
            earliest = anchor;
        }

        if (_floor > earliest)
        {
            earliest = _floor;
        }

        if (now < earliest)
        {
            wait = earliest - now;
            return false;
        }

        if (anchor > _floor)
        {
            _floor = anchor;
        }

        Count(now, planned, earliest, queued);

        _passed[slot] = now;
        _answered[slot] = null;
        ticket = _tickets++;
        // From the slot's planned time, not from now: timers wake late, and those few milliseconds would add up to a
        // slower rate. At most half a slot behind (a burst repeats itself, as each send is anchored to the one L
        // before it, and the round trips of a burst are longer), or 15 ms at high rates, where a slot is shorter
        // than a timer's lateness: at 300/s a few sends then go together rather than a third of the rate being lost.
        var behind = now - (_spacing / 2 > CatchUp ? _spacing / 2 : CatchUp);
        _next = (_next > behind ? _next : behind) + _spacing;
        wait = TimeSpan.Zero;
        return true;
    }

    /// <summary>Where the time between sends went, since the gate was made: to read how close to L it keeps, and why not closer.</summary>
    public GateFigures Figures
    {
        get
        {
            lock (_lock)
            {
                return _figures with { Passes = _tickets, Margin = _margin, ShortestRoundTrip = Credit() + _margin };
            }
        }
    }

    private GateFigures _figures = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    // Caller holds the lock. Only passes that follow one within a second count: a quiet gate is no loss.
    private void Count(DateTimeOffset now, DateTimeOffset planned, DateTimeOffset allowed, bool queued)
    {
        if (_tickets == 0 || now - _passed[(int)((_tickets - 1) % _limit)] > Second)
        {
            return;
        }

        var late = now - allowed;
        _figures = _figures with
        {
            HeldByAnchor = _figures.HeldByAnchor + (allowed > planned ? allowed - planned : TimeSpan.Zero),
            LateWakeUps = queued ? _figures.LateWakeUps + late : _figures.LateWakeUps,
            NobodyWaiting = queued ? _figures.NobodyWaiting : _figures.NobodyWaiting + late,
        };
    }

    private static bool TooEarly(DateTimeOffset now, DateTimeOffset earliest, ref TimeSpan wait)
    {
        if (now < earliest && earliest - now > wait)
        {
            wait = earliest - now;
        }

        return false;
    }

    // How much sooner than a full second after the earlier answer a send may pass: the shortest round trip seen
    // lately, less the margin; nothing before any answer has come back.
    private TimeSpan Credit()
    {
        var count = Math.Min(_roundTripCount, _roundTrips.Length);
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var shortest = _roundTrips[0];
        for (var i = 1; i < count; i++)
        {
            shortest = Min(shortest, _roundTrips[i]);
        }

        var credit = shortest - _margin;
        return credit > TimeSpan.Zero ? credit : TimeSpan.Zero;
    }

    // Caller holds the lock: behind every sender of the same or a more urgent priority, ahead of the rest.
    private LinkedListNode<Waiter> Join(Waiter waiter)
    {
        var after = _queue.Last;
        while (after is not null && after.Value.Priority > waiter.Priority)
        {
            after = after.Previous;
        }

        var node = after is null ? _queue.AddFirst(waiter) : _queue.AddAfter(after, waiter);
        if (_queue.First == node)
        {
            // The one it displaced waits for its turn again.
            if (node.Next is { } displaced && displaced.Value.Turn.Task.IsCompleted)
            {
                displaced.Value.Turn = NewTurn();
            }

            waiter.Turn.TrySetResult();
        }

        return node;
    }

    // Caller holds the lock: the next sender in line starts watching the clock.
    private void Leave(LinkedListNode<Waiter> node)
    {
        var wasFirst = _queue.First == node;
        _queue.Remove(node);
        if (wasFirst && _queue.First is { } next)
        {
            next.Value.Turn.TrySetResult();
        }
    }

    private static TaskCompletionSource NewTurn() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Waiter(MessagePriority priority)
    {
        public MessagePriority Priority { get; } = priority;

        public TaskCompletionSource Turn { get; set; } = NewTurn();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
