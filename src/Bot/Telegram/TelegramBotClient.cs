using System.Net.Http.Headers;
using System.Text.Json;
using Polly.Timeout;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Typed client for the Bot API methods we use. Requests are JSON POSTs to {base}/bot{token}/{method}.
/// The request URI carries the token, so it never reaches a log or an exception message: the HTTP client
/// factory's loggers are removed for this client, and transport errors are rethrown with our own message.
/// </summary>
internal sealed class TelegramBotClient(HttpClient http, TelegramSettings settings)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<User> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync<User>("getMe", null, null, cancellationToken);

    public Task<IReadOnlyList<Update>> GetUpdatesAsync(GetUpdatesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = request.Timeout is > 0
            ? TelegramSettings.LongPollRequestTimeout(TimeSpan.FromSeconds(request.Timeout.Value))
            : (TimeSpan?)null;
        return CallAsync<IReadOnlyList<Update>>("getUpdates", request, timeout, cancellationToken);
    }

    /// <summary>getUpdates, each update as the JSON Telegram sent, so nothing is lost before it is stored.</summary>
    public Task<IReadOnlyList<JsonElement>> GetRawUpdatesAsync(GetUpdatesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = request.Timeout is > 0
            ? TelegramSettings.LongPollRequestTimeout(TimeSpan.FromSeconds(request.Timeout.Value))
            : (TimeSpan?)null;
        return CallAsync<IReadOnlyList<JsonElement>>("getUpdates", request, timeout, cancellationToken);
    }

    public Task<bool> SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("setWebhook", request, null, cancellationToken);

    public Task<bool> DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        CallAsync<bool>("deleteWebhook", new DeleteWebhookRequest(dropPendingUpdates), null, cancellationToken);

    public Task<WebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) =>
        CallAsync<WebhookInfo>("getWebhookInfo", null, null, cancellationToken);

    public Task<Message> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Text.Length > TelegramText.MaxMessageLength)
        {
            throw new ArgumentException($"Message text is {request.Text.Length} characters; split it with {nameof(TelegramText)}.{nameof(TelegramText.Split)} first.", nameof(request));
        }

        return CallAsync<Message>("sendMessage", request, null, cancellationToken);
    }

    public Task<Message> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken) =>
        CallAsync<Message>("editMessageText", request, null, cancellationToken);

    public Task<Message> EditMessageReplyMarkupAsync(EditMessageReplyMarkupRequest request, CancellationToken cancellationToken) =>
        CallAsync<Message>("editMessageReplyMarkup", request, null, cancellationToken);

    public Task<bool> AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("answerCallbackQuery", request, null, cancellationToken);

    /// <summary>Shows "typing…" (action "typing") or similar for about five seconds.</summary>
    public Task<bool> SendChatActionAsync(long chatId, string action, CancellationToken cancellationToken) =>
        CallAsync<bool>("sendChatAction", new SendChatActionRequest(chatId, action), null, cancellationToken);

    public Task<bool> SetMyCommandsAsync(SetMyCommandsRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("setMyCommands", request, null, cancellationToken);

    public Task<TelegramFile> GetFileAsync(string fileId, CancellationToken cancellationToken) =>
        CallAsync<TelegramFile>("getFile", new GetFileRequest(fileId), null, cancellationToken);

    /// <summary>
    /// The download URL of a file from getFile. It contains the bot token: hand it to nothing that logs,
    /// stores or shows it. Prefer <see cref="DownloadFileAsync"/>.
    /// </summary>
    public Uri FileDownloadUri(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        return Endpoint($"file/bot{Token()}/{filePath.TrimStart('/')}");
    }

    /// <summary>Downloads a file from getFile; refuses files over <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> DownloadFileAsync(TelegramFile file, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.FilePath is null)
        {
            throw new ArgumentException("The file has no file_path; call getFile first.", nameof(file));
        }

        if (file.FileSize > maxBytes)
        {
            throw new InvalidOperationException($"The file is {file.FileSize} bytes; at most {maxBytes} are accepted.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, FileDownloadUri(file.FilePath));
        request.Options.Set(TelegramResilienceHandler.MethodOption, "file download");
        using var response = await SendAsync("file download", request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new TelegramApiException("file download", (int)response.StatusCode, response.ReasonPhrase ?? "no description");
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new InvalidOperationException($"The file is {response.Content.Headers.ContentLength} bytes; at most {maxBytes} are accepted.");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private async Task<T> CallAsync<T>(string method, object? parameters, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint($"bot{Token()}/{method}"));
        var body = parameters is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(parameters, parameters.GetType(), TelegramJson.Options);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        request.Options.Set(TelegramResilienceHandler.MethodOption, method);
        if (timeout is { } perRequest)
        {
            request.Options.Set(TelegramResilienceHandler.TimeoutOption, perRequest);
        }

        using var response = await SendAsync(method, request, cancellationToken);
        ApiResponse<T>? answer = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            answer = JsonSerializer.Deserialize<ApiResponse<T>>(bytes, TelegramJson.Options);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // Not the Bot API talking (a proxy's error page, say): report the HTTP status below.
        }

        if (answer is { Ok: true })
        {
            return answer.Result ?? throw new TelegramApiException(method, (int)response.StatusCode, "ok without a result");
        }

        var retryAfter = answer?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        throw new TelegramApiException(
            method,
            answer?.ErrorCode ?? (int)response.StatusCode,
            answer?.Description ?? response.ReasonPhrase ?? "no description",
            retryAfter,
            answer?.Parameters?.MigrateToChatId);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            throw new TelegramTransportException(method, "no answer within the timeout.", isTimeout: true);
        }
        catch (TaskCanceledException)
        {
            throw new TelegramTransportException(method, "the request timed out.", isTimeout: true);
        }
        catch (HttpRequestException exception)
        {
            var redacted = new HttpRequestException(exception.HttpRequestError, Redact(exception.Message), null, exception.StatusCode);
            throw new TelegramTransportException(method, $"{exception.HttpRequestError}: {redacted.Message}", isTimeout: false, redacted);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or UriFormatException)
        {
            // HttpClient's own refusals quote the request URI (e.g. "The 'bot123' scheme is not supported").
            throw new TelegramTransportException(method, $"{exception.GetType().Name}: {Redact(exception.Message)}", isTimeout: false);
        }
    }

    // Concatenated, not resolved as a relative URI: "bot123:abc/getMe" would parse as scheme "bot123".
    private Uri Endpoint(string path) => new(settings.ApiBaseUrl.AbsoluteUri + path, UriKind.Absolute);

    private string Redact(string text) =>
        settings.BotToken is { } token ? text.Replace(token, "<token>", StringComparison.Ordinal) : text;

    private string Token() =>
        settings.BotToken ?? throw new InvalidOperationException("Telegram:BotToken is not set; the Telegram client cannot be used.");
}
