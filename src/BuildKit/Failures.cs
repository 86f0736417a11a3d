using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Publishing;
using BuildKit.Recipes;
using BuildKit.Verification;
using BuildKit.Sources;
using BuildKit.Versioning;

namespace BuildKit;

/// <summary>The failures the engine explains itself: their message is the whole story, so no stack trace is shown.</summary>
public static class Failures
{
    /// <summary>The exit code of a failed stage. Bad input found while planning exits with <see cref="ConfigurationException.ExitCode"/>.</summary>
    public const int StageFailed = 1;

    public static bool IsExplained(Exception e) =>
        e is ConfigurationException or SourceFailedException or ToolFailedException or VersionOrderException or ContainerException or RecipeException or VerificationException or PublishException or GitHubApiException or SigningException;
}
