namespace BuildKit.Sources;

/// <summary>A repository, ref, pin or patch that cannot be used as asked: what, where, and what to do.</summary>
public sealed class SourceFailedException(string message) : Exception(message);
