namespace BuildKit.Verification;

/// <summary>A package that built but must not ship: what failed (rpmlint, install, upgrade), for which package, and why.</summary>
public sealed class VerificationException(string message) : Exception(message);
