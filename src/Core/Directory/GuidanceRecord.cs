using ChildCare.Core.Localization;

namespace ChildCare.Core.Directory;

/// <summary>
/// An administrator's text of a guide in one language (<see cref="GuidanceMarkup"/>), used instead of the
/// shipped one; deleting it brings the shipped text back.
/// </summary>
public sealed class GuidanceRecord
{
    public GuidanceTopic Topic { get; init; }

    public Language Language { get; init; }

    public string Text { get; private set; } = "";

    public string UpdatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Set(string text, string actor, DateTimeOffset now) => (Text, UpdatedBy, UpdatedAt) = (text, actor, now);
}
