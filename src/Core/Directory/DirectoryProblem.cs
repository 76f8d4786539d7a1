namespace ChildCare.Core.Directory;

/// <summary>Why an edit of the directory was refused; pages show each in words (by name).</summary>
public enum DirectoryProblem
{
    /// <summary>A field that must be filled is empty.</summary>
    Required,

    /// <summary>A field is longer than its limit.</summary>
    TooLong,

    /// <summary>Not a number a Vietnamese line answers on (111-115, 1800/1900 lines, a phone).</summary>
    NumberInvalid,

    /// <summary>18001567, replaced by 111: never listed again.</summary>
    NumberRetired,

    /// <summary>Another active line already has this number.</summary>
    NumberTaken,

    /// <summary>111, 113 and 115 keep their numbers: the bot names them in fixed texts.</summary>
    NumberFixed,

    /// <summary>111, 113 and 115 cannot be switched off.</summary>
    AlwaysActive,

    /// <summary>Not one of the provinces the directory knows.</summary>
    ProvinceUnknown,

    /// <summary>A "last checked" date after today.</summary>
    DateInFuture,

    /// <summary>Markup other than &lt;b&gt; and &lt;i&gt; in a guide.</summary>
    MarkupNotAllowed,

    /// <summary>A &lt;b&gt; or &lt;i&gt; left open, or closed in the wrong order.</summary>
    MarkupUnclosed,

    /// <summary>A guide that does not give 111.</summary>
    Needs111,

    /// <summary>The line, place or text is not (or no longer) there.</summary>
    NotFound,

    /// <summary>Someone else changed the same entry at the same moment.</summary>
    Conflict,
}
