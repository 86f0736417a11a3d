namespace BuildKit.Stages.Fetch;

/// <summary>A repository, ref, pin or patch that cannot be used as asked: what, where, and what to do.</summary>
public sealed class SourceFailedException(string message) : BuildKitException(message);
