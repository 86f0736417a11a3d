namespace BuildKit.Stages.Fetch;

/// <summary>What kind of thing the requested ref turned out to be.</summary>
public enum RefKind
{
    Branch,
    Tag,
    Commit,

    /// <summary>A pull or merge request's head (pull/N, merge-requests/N): versioned like a branch.</summary>
    PullRequest,

    /// <summary>A local working copy as it is on disk: HEAD, or a commit of its changes made on HEAD.</summary>
    WorkingCopy,
}

/// <summary>The requested ref and the one commit it resolved to.</summary>
public sealed record ResolvedRef(string Requested, RefKind Kind, string Commit, string? PinWarning = null);
