namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// One class of bad input or fault: how to cause it in a workspace (checking there what only it must show), and how the run
/// must end: its exit code and the words its message must hold. docs/faults.md lists every class with its case.
/// </summary>
internal sealed record Fault(string Class, Func<FaultWorkspace, Task<BuildShResult>> Cause, int ExitCode, params string[] Words)
{
    public const int BadInput = 2;
    public const int Failed = 1;

    /// <summary>The exit code and the words, nothing half-made under artifacts/ or the cache, and no secret stored there.</summary>
    public void ShouldHaveEndedAsItMust(BuildShResult result, FaultWorkspace workspace)
    {
        result.ExitCode.Should().Be(ExitCode, result.ToString());
        foreach (var word in Words) result.Output.Should().Contain(word, result.ToString());
        workspace.HalfWritten().Should().BeEmpty();
        workspace.StoredSecrets().Should().BeEmpty();
    }

    /// <summary>The theory data of a table of faults: their classes, which name them in the test results.</summary>
    public static TheoryData<string> Classes(IEnumerable<Fault> faults) => [.. faults.Select(f => f.Class)];
}
