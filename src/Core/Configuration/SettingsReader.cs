using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Configuration;

/// <summary>
/// Reads typed values from configuration and turns every bad value into a <see cref="ConfigurationException"/>
/// naming the key. The binder's own errors name the CLR type rather than what the operator should write.
/// </summary>
public static class SettingsReader
{
    public static string? Text(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new ConfigurationException(key, $"is '{value}'; expected true or false.");
    }

    public static int WholeNumber(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new ConfigurationException(key, $"is '{value}'; expected a whole number from {min} to {max}.");
        }

        return parsed < min || parsed > max
            ? throw new ConfigurationException(key, $"is {parsed}; expected a whole number from {min} to {max}.")
            : parsed;
    }

    public static double Number(IConfiguration configuration, string key, double fallback, double min, double max)
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            return fallback;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            || double.IsNaN(parsed))
        {
            throw new ConfigurationException(key, $"is '{value}'; expected a number from {min} to {max}.");
        }

        return parsed < min || parsed > max
            ? throw new ConfigurationException(key, $"is {parsed}; expected a number from {min} to {max}.")
            : parsed;
    }

    public static TEnum Choice<TEnum>(IConfiguration configuration, string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            return fallback;
        }

        // Numbers parse as enum values in Enum.TryParse; an operator who writes "1" means nothing by it.
        if (!int.TryParse(value, out _)
            && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }

        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => $"'{n}'"));
        throw new ConfigurationException(key, $"is '{value}'; expected one of {allowed}.");
    }

    public static Uri? Url(IConfiguration configuration, string key, params string[] schemes)
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(key, $"is '{value}'; expected an absolute {string.Join(" or ", schemes)} URL.");
        }

        return uri;
    }
}
