using ChildCare.Bot.Pages.Cases;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// A report's photo from Telegram for the officials' case page: getFile for its path, then the download streamed into
/// the answer. Without a bot token there is no photo to give (the page says so instead of linking it).
/// </summary>
internal sealed partial class TelegramPhotoFiles(TelegramSettings settings, IServiceProvider services, ILogger<TelegramPhotoFiles> logger)
{
    public bool IsAvailable => settings.BotToken is not null;

    /// <summary>The photo, or null when Telegram will not give it (a file_id of another bot, or gone).</summary>
    public async Task<CasePhotoDownload?> OpenAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return null;
        }

        var client = services.GetRequiredService<ITelegramBotClient>();
        try
        {
            var file = await client.GetFile(fileId, cancellationToken);
            if (file.FilePath is not { } path)
            {
                return null;
            }

            return new CasePhotoDownload(TypeOf(path), file.FileSize, (body, cancel) => client.DownloadFile(path, body, cancel));
        }
        catch (ApiRequestException e)
        {
            LogNotGiven(logger, e.ErrorCode);
            return null;
        }
        catch (RequestException e)
        {
            LogNotGiven(logger, (int?)e.HttpStatusCode ?? 0);
            return null;
        }
    }

    // Telegram keeps a photo as JPEG; the path's extension says otherwise for the rare other image.
    private static string TypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".PNG" => "image/png",
        ".WEBP" => "image/webp",
        ".GIF" => "image/gif",
        _ => "image/jpeg",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: a case photo was not given by getFile ({ErrorCode})")]
    private static partial void LogNotGiven(ILogger logger, int errorCode);
}
