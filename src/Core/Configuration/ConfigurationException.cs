namespace ChildCare.Core.Configuration;

/// <summary>
/// A configuration value that stops start-up. <see cref="Exception.Message"/> is one sentence that names
/// the key and says what is wrong, so the host can print it as it is.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string key, string problem)
        : base($"Configuration error: {key} {problem}")
    {
        Key = key;
    }

    public ConfigurationException(string key, string problem, Exception inner)
        : base($"Configuration error: {key} {problem}", inner)
    {
        Key = key;
    }

    public string Key { get; }
}
