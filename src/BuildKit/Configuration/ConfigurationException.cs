namespace BuildKit.Configuration;

/// <summary>Bad input from the user (an option, the products file, the environment): one line saying what, where and the fix.</summary>
public sealed class ConfigurationException(string message) : BuildKitException(message, BadInput);
