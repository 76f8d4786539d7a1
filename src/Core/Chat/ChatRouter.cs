using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Chat;

/// <summary>
/// Decides which feature a message or a tap goes to, for every channel. The precedence, in this order:
/// <list type="number">
/// <item>A tap goes to the feature whose declared prefix its data starts with; data nobody declared goes to the help desk.</item>
/// <item>A command first ends every question waiting for text (a case prompt), then goes to the feature declaring it
/// (a declaration with an argument prefix, such as <c>/start join-…</c>, before one without); an unknown command goes
/// to the help desk, which knows its own and answers the rest.</item>
/// <item>Free text, or a sent file, is offered to the features that take text, lowest <see cref="ChatRoutes.TextPrecedence"/>
/// first (a waiting case prompt, then a plan draft); the first that wants it now answers.</item>
/// <item>Everything else, and what every feature declined, goes to the help desk.</item>
/// </list>
/// A feature is offered only on its channels. Officials' features answer <see cref="ChatInput.Official"/> when the
/// channel gives one (the web chat, signed in), else the chat. Declarations that overlap (a prefix of another
/// feature's prefix, a command claimed twice, two text takers of one precedence) throw <see cref="ChatRoutingException"/>
/// when the router is made, which is at start-up.
/// </summary>
public sealed class ChatRouter
{
    private readonly IReadOnlyList<IChatFeature> _features;
    private readonly IChatFeature _fallback;

    public ChatRouter(IEnumerable<IChatFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = [.. features];
        var fallbacks = _features.Where(f => f.Routes.IsFallback).ToList();
        _fallback = fallbacks.Count == 1
            ? fallbacks[0]
            : throw new ChatRoutingException($"Exactly one chat feature must be the fallback (the help desk); there are {fallbacks.Count}.");
        Check(_features);
    }

    /// <summary>The features in the order text is offered to them (for the start-up log and tests).</summary>
    public IReadOnlyList<ChatRoutes> TextTakers => [.. _features.Where(f => f.Routes.TextPrecedence is not null).OrderBy(f => f.Routes.TextPrecedence).Select(f => f.Routes)];

    /// <summary>
    /// A tap, to the feature owning its prefix only: null when nobody owns it or the owner declines (the help desk is
    /// not asked). For taps from outside a chat, such as a Web Push notification's buttons.
    /// </summary>
    public async Task<ChatOutcome?> ButtonAsync(ChatInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (channel, data) = (input.Person.Channel, input.Message.Data ?? "");
        var owner = _features.FirstOrDefault(f => !f.Routes.IsFallback && f.Routes.IsOn(channel)
            && f.Routes.CallbackPrefixes.Any(p => data.Length > 0 && data.StartsWith(p, StringComparison.Ordinal)));
        return await RunAsync(owner, ChatRouteKind.Button, input, "", null, cancellationToken);
    }

    public async Task<ChatOutcome> RouteAsync(ChatInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var channel = input.Person.Channel;
        var message = input.Message;

        if (message.Kind == InputKind.Button && message.Data is { Length: > 0 })
        {
            return await ButtonAsync(input, cancellationToken) ?? await FallbackAsync(input, cancellationToken);
        }

        var (command, argument) = message.Kind == InputKind.Text ? Conversation.ReadCommand(message.Text ?? "") : ("", null);
        if (command.Length > 0)
        {
            foreach (var taker in TextTakersOn(channel))
            {
                await taker.ForgetWaitingAsync(PersonFor(taker, input), cancellationToken);
            }

            var owner = _features
                .Where(f => !f.Routes.IsFallback && f.Routes.IsOn(channel))
                .SelectMany(f => f.Routes.Commands.Where(c => IsOn(c, f.Routes, channel) && c.Matches(command, argument)).Select(c => (Feature: f, Command: c)))
                .OrderBy(m => m.Command.ArgumentPrefix is null ? 1 : 0)
                .Select(m => m.Feature)
                .FirstOrDefault();
            return await RunAsync(owner, ChatRouteKind.Command, input, command, argument, cancellationToken) ?? await FallbackAsync(input, cancellationToken);
        }

        if ((message.Kind == InputKind.Text && !string.IsNullOrWhiteSpace(message.Text)) || input.Document is not null)
        {
            foreach (var taker in TextTakersOn(channel))
            {
                if (await RunAsync(taker, ChatRouteKind.Text, input, "", null, cancellationToken) is { } taken)
                {
                    return taken;
                }
            }
        }

        return await FallbackAsync(input, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="messages"/> in the outbox, each without a dedup key given
    /// <c>{key}:{index}</c>: an update handled again after a crash sends its replies once.
    /// </summary>
    public static Task<int> EnqueueAsync(IOutbox outbox, IReadOnlyList<OutboundMessage> messages, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0
            ? Task.FromResult(0)
            : outbox.EnqueueAsync(
                [.. messages.Select((m, i) => m.DedupKey is null ? m with { DedupKey = FormattableString.Invariant($"{key}:{i}") } : m)],
                cancellationToken);
    }

    private IEnumerable<IChatFeature> TextTakersOn(string channel) =>
        _features.Where(f => !f.Routes.IsFallback && f.Routes.TextPrecedence is not null && f.Routes.IsOn(channel)).OrderBy(f => f.Routes.TextPrecedence);

    private async Task<ChatOutcome> FallbackAsync(ChatInput input, CancellationToken cancellationToken) =>
        await _fallback.HandleAsync(new ChatRequest(ChatRouteKind.Fallback, input.Person, input), cancellationToken)
            ?? new ChatOutcome(_fallback.Routes.Feature, []);

    private static async Task<ChatOutcome?> RunAsync(IChatFeature? feature, ChatRouteKind kind, ChatInput input, string command, string? argument, CancellationToken cancellationToken) =>
        feature is null ? null : await feature.HandleAsync(new ChatRequest(kind, PersonFor(feature, input), input, command, argument), cancellationToken);

    private static Officials.ChatPerson PersonFor(IChatFeature feature, ChatInput input) =>
        feature.Routes.ForOfficials ? input.Official ?? input.Person : input.Person;

    private static bool IsOn(ChatCommand command, ChatRoutes routes, string channel) =>
        command.Channels is null ? routes.IsOn(channel) : command.Channels.Contains(channel, StringComparer.Ordinal) && routes.IsOn(channel);

    private static bool Overlap(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null || b is null || a.Intersect(b, StringComparer.Ordinal).Any();

    private static void Check(IReadOnlyList<IChatFeature> features)
    {
        var routes = features.Select(f => f.Routes).ToList();
        var prefixes = routes.SelectMany(r => r.CallbackPrefixes.Select(p => (Routes: r, Prefix: p))).ToList();
        foreach (var (owner, prefix) in prefixes.Where(p => string.IsNullOrEmpty(p.Prefix)))
        {
            throw new ChatRoutingException($"{owner.Feature} declares an empty button prefix: it would take every tap.");
        }

        for (var i = 0; i < prefixes.Count; i++)
        {
            for (var j = i + 1; j < prefixes.Count; j++)
            {
                var (a, b) = (prefixes[i], prefixes[j]);
                if ((a.Prefix.StartsWith(b.Prefix, StringComparison.Ordinal) || b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal))
                    && Overlap(a.Routes.Channels, b.Routes.Channels))
                {
                    throw new ChatRoutingException($"The button prefix \"{a.Prefix}\" ({a.Routes.Feature}) and \"{b.Prefix}\" ({b.Routes.Feature}) overlap: a tap must have one owner.");
                }
            }
        }

        var commands = routes.SelectMany(r => r.Commands.Select(c => (Routes: r, Command: c, Channels: c.Channels ?? r.Channels))).ToList();
        for (var i = 0; i < commands.Count; i++)
        {
            for (var j = i + 1; j < commands.Count; j++)
            {
                var (a, b) = (commands[i], commands[j]);
                if (a.Command.Name == b.Command.Name
                    && string.Equals(a.Command.ArgumentPrefix, b.Command.ArgumentPrefix, StringComparison.OrdinalIgnoreCase)
                    && Overlap(a.Channels, b.Channels))
                {
                    throw new ChatRoutingException($"The command /{a.Command.Name} is claimed by {a.Routes.Feature} and {b.Routes.Feature}.");
                }
            }
        }

        var takers = routes.Where(r => r.TextPrecedence is not null).ToList();
        for (var i = 0; i < takers.Count; i++)
        {
            for (var j = i + 1; j < takers.Count; j++)
            {
                if (takers[i].TextPrecedence == takers[j].TextPrecedence && Overlap(takers[i].Channels, takers[j].Channels))
                {
                    throw new ChatRoutingException($"{takers[i].Feature} and {takers[j].Feature} take text at the same precedence ({takers[i].TextPrecedence}): which goes first must be declared.");
                }
            }
        }
    }
}
