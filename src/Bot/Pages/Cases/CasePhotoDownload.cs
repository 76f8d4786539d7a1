namespace ChildCare.Bot.Pages.Cases;

/// <summary>
/// A photo ready to be passed on to the browser: its type, its length when known, and the copy of its bytes from the
/// channel straight into the answer (never through a file on disk).
/// </summary>
internal sealed record CasePhotoDownload(string ContentType, long? Length, Func<Stream, CancellationToken, Task> CopyToAsync);
