using ChildCare.Core.Cases;

namespace ChildCare.Core.Conversations;

/// <summary>The help desk's report handed to the case queue as the queue's own <see cref="CaseReport"/>, and its answer as a <see cref="CommandOutcome"/>.</summary>
public static class CaseIntakeCommands
{
    /// <summary>Files the draft as a case; idempotent on the draft's id.</summary>
    public static async Task<CommandOutcome> FileAsync(this CaseIntake intake, ReportDraft draft, string channel, long chatId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(draft);
        return await intake.FileAsync(draft.ToCaseReport(), channel, chatId, cancellationToken) switch
        {
            CaseFiled filed => new ReportFiled(filed.SubmissionId, filed.Code, filed.Reached),
            CaseRefused refused => new ReportRefused(refused.Limit, refused.Wait),
            var other => throw new InvalidOperationException("Unknown intake result " + other.GetType().Name),
        };
    }

    /// <summary>Adds the answers given after an urgent report was filed to that case; idempotent.</summary>
    public static async Task<CommandOutcome> AddDetailsAsync(this CaseIntake intake, ReportDraft draft, string code, string channel, long chatId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(draft);
        return new DetailsAdded(code, await intake.AddDetailsAsync(draft.ToCaseReport(), code, channel, chatId, cancellationToken));
    }

    /// <summary>The draft's answers as the case queue takes them.</summary>
    public static CaseReport ToCaseReport(this ReportDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new CaseReport
        {
            SubmissionId = draft.Id,
            DangerNow = draft.DangerNow == true,
            ProvinceCode = draft.ProvinceCode,
            Commune = draft.Commune,
            Village = draft.Village,
            Address = draft.Address,
            Location = draft.Location is { } point ? new CaseLocation(point.Latitude, point.Longitude) : null,
            ChildAge = draft.ChildAge,
            AgeBand = draft.AgeBand,
            ChildSex = draft.ChildSex,
            ChildName = draft.ChildName,
            Category = draft.Category,
            Description = draft.WhatHappened,
            Photos = draft.Photos,
            Suspect = draft.Suspect,
            SuspectDetails = draft.SuspectDetails,
            Anonymous = draft.Anonymous,
            ReporterName = draft.ReporterName,
            ReporterPhone = draft.ReporterPhone,
            ContactConsent = draft.ContactConsent,
        };
    }
}
