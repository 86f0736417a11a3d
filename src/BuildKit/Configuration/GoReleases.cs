namespace BuildKit.Configuration;

/// <summary>Where Go releases a tree pins come from (--go-download): go.dev's own folder by default, or none at all.</summary>
public static class GoReleases
{
    /// <summary>Go's own download folder, which go.dev/dl links to and its mirrors copy.</summary>
    public const string DefaultDownload = "https://dl.google.com/go/";

    /// <summary>The --go-download value that turns downloads of Go off.</summary>
    public const string Off = "none";
}
