namespace BuildKit.Containers;

/// <summary>A container engine that is missing, not running or refusing us, or a builder image that does not build.</summary>
public sealed class ContainerException(string message) : BuildKitException(message);
