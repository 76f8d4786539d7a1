namespace ChildCare.Bot.Pages.Shared;

/// <summary>Values typed into a form or an address, read strictly: a value that is not one of the choices is none.</summary>
public static class FormValues
{
    public static string? Typed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static TEnum? ReadEnum<TEnum>(string? value)
        where TEnum : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}
