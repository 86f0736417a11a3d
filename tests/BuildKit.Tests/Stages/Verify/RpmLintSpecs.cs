using BuildKit.Stages.Verify;

namespace BuildKit.Tests.Stages.Verify;

public sealed class RpmLintSpecs
{
    [Fact]
    public void Rpmlint_output_is_read_into_package_level_check_and_detail()
    {
        // Arrange
        const string output = """
            ============================ rpmlint session starts ============================
            grafana.x86_64: W: non-standard-gid /var/log/grafana grafana
            hotspot.src: E: description-line-too-long This line is far too long
            grafana.spec:124: W: macro-in-%changelog %{buildkit_version}
             2 packages and 0 specfiles checked; 1 errors, 2 warnings, 1 badness; has taken 0.3 s
            """;

        // Act
        var findings = RpmLint.Parse(output);

        // Assert
        findings.Should().Equal(
            new LintFinding("grafana.x86_64", 'W', "non-standard-gid", " /var/log/grafana grafana"),
            new LintFinding("hotspot.src", 'E', "description-line-too-long", " This line is far too long"),
            new LintFinding("grafana.spec:124", 'W', "macro-in-%changelog", " %{buildkit_version}"));
        findings[1].ToString().Should().Be("hotspot.src: description-line-too-long This line is far too long");
    }
}
