using BuildKit.Processes;
using YamlDotNet.RepresentationModel;

namespace BuildKit.Tests;

/// <summary>The GitHub Actions workflows: valid as GitHub reads them, and the nightly's build and publish split as it is meant to be.</summary>
public sealed class WorkflowSpecs
{
    private static string WorkflowFile(string name) => Path.Combine(Repository.Root, ".github", "workflows", name);

    private static YamlMappingNode Workflow(string name)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(WorkflowFile(name));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private const string AttestationsPermission = "attestations: write";

    private static YamlMappingNode Job(string workflow, string job) => (YamlMappingNode)((YamlMappingNode)Workflow(workflow)["jobs"])[job];

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>();

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
            if (current is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var next)) current = next;
            else return null;
        return (current as YamlScalarNode)?.Value;
    }

    [ToolTheory("action-validator")]
    [InlineData("ci.yml")]
    [InlineData("nightly.yml")]
    public async Task The_workflow_passes_the_workflow_validator(string workflow)
    {
        // Arrange
        // action-validator 0.6.0 (the newest) has a schema older than the attestations permission, which GitHub's
        // attest-build-provenance needs: it checks the workflow without that line, and the nightly's own spec checks the line.
        using var temp = TempDir.Create();
        var checkedCopy = temp.File(workflow, string.Join('\n', File.ReadAllLines(WorkflowFile(workflow)).Where(line => line.Trim() != AttestationsPermission)));

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("action-validator", checkedCopy) { Quiet = true, AcceptsFailure = true });

        // Assert
        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public void The_nightly_builds_each_product_distribution_and_architecture_on_its_own_runner_and_publishes_nothing_from_there()
    {
        // Act
        var build = Job("nightly.yml", "build");

        // Assert
        var matrix = (YamlMappingNode)((YamlMappingNode)build["strategy"])["matrix"];
        ((YamlSequenceNode)matrix["arch"]).Select(a => a.ToString()).Should().Equal("x86_64", "aarch64");
        ((YamlSequenceNode)matrix["include"]).Cast<YamlMappingNode>().Select(i => $"{i["arch"]} {i["runner"]}")
            .Should().Equal("x86_64 ubuntu-24.04", "aarch64 ubuntu-24.04-arm");
        build.Children.Should().NotContainKey(new YamlScalarNode("permissions"), "the workflow's read-only default holds");
        Scalar(Workflow("nightly.yml"), "permissions", "contents").Should().Be("read");
        Steps(build).Select(s => Scalar(s, "run")).OfType<string>().Should().Contain(run => run.Contains("--target=Verify") && !run.Contains("--from"));
        Steps(build).Single(s => Scalar(s, "uses") == "actions/upload-artifact@v4").Should().Match<YamlMappingNode>(s =>
            Scalar(s, "with", "name") == "${{ matrix.product }}-${{ matrix.distribution }}-${{ matrix.arch }}");
    }

    [Fact]
    public void The_nightly_publishes_each_product_once_after_every_build_one_at_a_time_with_write_access_and_secrets_only_where_they_are_used()
    {
        // Act
        var publish = Job("nightly.yml", "publish");
        var build = Job("nightly.yml", "build");

        // Assert
        Scalar(publish, "needs").Should().Be("build");
        Scalar(publish, "concurrency", "group").Should().Be("nightly-publish-${{ matrix.product }}");
        Scalar(publish, "concurrency", "cancel-in-progress").Should().Be("false");
        Scalar(publish, "permissions", "contents").Should().Be("write");
        Scalar(Steps(publish).Single(s => Scalar(s, "uses") == "actions/download-artifact@v4"), "with", "pattern").Should().Be("${{ matrix.product }}-*");
        Steps(publish).Select(s => Scalar(s, "run")).OfType<string>().Should().Contain(run => run.Contains("--target=Nightly") && run.Contains("--from=results"));
        foreach (var job in new[] { build, publish })
        {
            Scalar(job, "env", "BUILDKIT_GPG_KEY").Should().BeNull("the signing key is in the signing step's environment only");
            Scalar(job, "env", "GITHUB_TOKEN").Should().BeNull("the token is in the publishing step's environment only");
        }
        Steps(build).Concat(Steps(publish)).Where(s => Scalar(s, "env", "BUILDKIT_GPG_KEY") is not null)
            .Should().OnlyContain(s => (Scalar(s, "run") ?? "").Contains("--sign"));
    }

    [Fact]
    public void The_publish_job_alone_attests_the_rpms_with_github_s_provenance_and_the_build_jobs_hand_on_buildkit_s_own()
    {
        // Act
        var publish = Job("nightly.yml", "publish");
        var build = Job("nightly.yml", "build");

        // Assert
        Scalar(publish, "permissions", "id-token").Should().Be("write");
        Scalar(publish, "permissions", "attestations").Should().Be("write");
        Scalar(Workflow("nightly.yml"), "permissions", "id-token").Should().BeNull("only the publish job signs with the workflow's identity");
        var attest = Steps(publish).Single(s => Scalar(s, "uses")?.StartsWith("actions/attest-build-provenance@", StringComparison.Ordinal) == true);
        Scalar(attest, "with", "subject-path").Should().Be("results/**/*.rpm");
        Steps(publish).ToList().IndexOf(attest).Should().BeLessThan(Steps(publish).ToList().FindIndex(s => (Scalar(s, "run") ?? "").Contains("--target=Nightly")),
            "a published RPM is attested already");
        Scalar(Steps(build).Single(s => Scalar(s, "uses") == "actions/upload-artifact@v4"), "with", "path").Should().Contain("artifacts/attestations");
    }
}
