namespace BuildKit.Stages.Verify;

/// <summary>A package that built but must not ship: what failed (rpmlint, install, upgrade), for which package, and why.</summary>
public sealed class VerificationException(string message) : BuildKitException(message);
