using ChildCare.Core.Plans;
using Microsoft.AspNetCore.Http.Features;

namespace ChildCare.Bot.Api;

/// <summary>
/// A plan sent over HTTP, to the API or from the plan page: a text/plain body, a .docx body, or a form with a file
/// (the first one) or a "text" field. At most <see cref="PlanDocument.MaxBytes"/>: a larger body is refused from
/// its Content-Length, or when reading passes the limit, before it is all read.
/// </summary>
internal static class PlanUpload
{
    // The form's own boundaries and field names come on top of the plan.
    private const int FormOverhead = 64 * 1024;

    public static async Task<(string? Text, PlanDocument.Problem Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > PlanDocument.MaxBytes + FormOverhead)
        {
            return (null, PlanDocument.Problem.TooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = PlanDocument.MaxBytes + FormOverhead;
        }

        try
        {
            if (!request.HasFormContentType)
            {
                var body = await ReadLimitedAsync(request.Body, cancellationToken);
                return body is null ? (null, PlanDocument.Problem.TooLarge) : PlanDocument.Read(body, null, request.ContentType ?? "text/plain");
            }

            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = PlanDocument.MaxBytes + FormOverhead, ValueLengthLimit = PlanDocument.MaxBytes }, cancellationToken);
            if (form.Files.FirstOrDefault(f => f.Length > 0) is { } file)
            {
                if (file.Length > PlanDocument.MaxBytes)
                {
                    return (null, PlanDocument.Problem.TooLarge);
                }

                await using var stream = file.OpenReadStream();
                var content = await ReadLimitedAsync(stream, cancellationToken);
                return content is null ? (null, PlanDocument.Problem.TooLarge) : PlanDocument.Read(content, file.FileName, file.ContentType);
            }

            var text = form["text"].ToString();
            return string.IsNullOrWhiteSpace(text) ? (null, PlanDocument.Problem.Empty) : (text, PlanDocument.Problem.None);
        }
        catch (Exception e) when (e is InvalidDataException || (e is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            // The form reader's limits (and Kestrel's) say "too large" this way.
            return (null, PlanDocument.Problem.TooLarge);
        }
    }

    /// <summary>The stream's bytes, or null when there are more than the limit.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > PlanDocument.MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
