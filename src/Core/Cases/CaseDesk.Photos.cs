using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

public sealed partial class CaseDesk
{
    /// <summary>
    /// One photo of a case's report (its Telegram file_id, or the address Zalo gave), for an official of the unit
    /// handling it, recorded as a read of that photo; null for anyone else and for a photo the report does not have.
    /// </summary>
    public async Task<CasePhoto?> OpenPhotoAsync(CaseViewer viewer, string code, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var filed = viewer.OfficialId is null || !viewer.SeesDetails
            ? null
            : await Visible(db, viewer, CaseRight.Read).SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (filed is null)
        {
            LogDenied(viewer.Actor);
            return null;
        }

        // The count is in the clear: a number out of range opens nothing.
        if (number < 1 || number > filed.PhotoCount)
        {
            return null;
        }

        var photos = _intake.Open(filed).PhotoFileIds;
        if (number > photos.Count)
        {
            return null;
        }

        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = filed.Id, At = _time.GetUtcNow(), Actor = viewer.Actor, Action = CaseAction.Read,
            Detail = string.Create(CultureInfo.InvariantCulture, $"photo {number}"),
        });
        await _audit.SaveAsync(db, cancellationToken);
        return new CasePhoto(filed.Code, number, photos[number - 1]);
    }
}
