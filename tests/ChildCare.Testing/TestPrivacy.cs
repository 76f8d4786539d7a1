namespace ChildCare.Testing;

/// <summary>A fixed privacy key for tests that run on PostgreSQL, where the key must be given (never made).</summary>
public static class TestPrivacy
{
    /// <summary>32 bytes in base64, as Privacy:Key takes it.</summary>
    public static string Key { get; } = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    /// <summary>Another random key, as a node given the wrong one would have.</summary>
    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
