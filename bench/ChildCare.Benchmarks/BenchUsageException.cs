namespace ChildCare.Benchmarks;

/// <summary>The command line asks for something the benchmarks cannot do; the message says what.</summary>
internal sealed class BenchUsageException(string message) : Exception(message);
