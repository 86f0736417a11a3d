using BuildKit.Stages.Publish;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed class JobResultsSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    private string Results => _temp.Combine("results");

    public void Dispose() => _temp.Dispose();

    [ToolFact("rpmbuild")]
    public async Task Each_jobs_record_is_read_with_the_files_of_its_own_job_even_where_two_jobs_made_an_srpm_of_the_same_name()
    {
        // Arrange
        var x86 = await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", "fedora-42", "x86_64");
        var arm = await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", "fedora-42", "aarch64");
        _temp.File(Path.Combine(Results, "logs", "package.json"), """{ "name": "not a build record" }""");

        // Act
        var results = JobResults.Load(Results, MatrixJobs.Product);

        // Assert
        results.Select(r => r.Target).Should().BeEquivalentTo("fedora-42 x86_64", "fedora-42 aarch64");
        results.Single(r => r.Record.Arch == "aarch64").Files.Should().OnlyContain(f => f.StartsWith(arm + "/"))
            .And.Contain(f => f.EndsWith("hotspot-0.9.0-1.fc42.src.rpm"));
        results.Single(r => r.Record.Arch == "x86_64").Files.Should().OnlyContain(f => f.StartsWith(x86 + "/"));
    }

    [ToolFact("rpmbuild")]
    public async Task A_result_that_did_not_pass_verify_is_refused_naming_its_record()
    {
        // Arrange
        var job = await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", "fedora-43", "x86_64", verified: false);

        // Act
        var act = () => JobResults.Load(Results, MatrixJobs.Product);

        // Assert
        act.Should().Throw<PublishException>().WithMessage(
            $"the fedora-43 x86_64 build of hotspot 0.9.0-1 ({job}/buildinfo/hotspot.json) did not pass Verify*Publish only the results of jobs whose Verify passed.");
    }

    [ToolFact("rpmbuild")]
    public async Task A_result_whose_package_changed_after_its_record_was_written_is_refused_naming_the_package()
    {
        // Arrange
        var job = await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", "fedora-43", "x86_64");
        await File.AppendAllTextAsync(Path.Combine(job, "rpms", "fedora-43", "hotspot-0.9.0-1.fc43.x86_64.rpm"), "tampered");

        // Act
        var act = () => JobResults.Load(Results, MatrixJobs.Product);

        // Assert
        act.Should().Throw<PublishException>().WithMessage($"*: hotspot-0.9.0-1.fc43.x86_64.rpm, which its record lists, is not under {job} with the same size and SHA-256*");
    }

    [ToolFact("rpmbuild")]
    public async Task Two_different_builds_for_one_distribution_and_architecture_are_refused()
    {
        // Arrange
        await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", "fedora-43", "x86_64");
        await MatrixJobs.WriteAsync(_temp, _temp.Combine("results", "run-2"), "0.9.1", "fedora-43", "x86_64");

        // Act
        var act = () => JobResults.Load(Results, MatrixJobs.Product);

        // Assert
        act.Should().Throw<PublishException>().WithMessage("--from=* holds two different hotspot builds for fedora-43 x86_64: *one result per distribution and architecture*");
    }

    [Fact]
    public void A_folder_without_a_result_of_the_product_is_refused_with_what_to_download()
    {
        // Arrange
        Directory.CreateDirectory(Results);

        // Act
        var act = () => JobResults.Load(Results, MatrixJobs.Product);

        // Assert
        act.Should().Throw<PublishException>().WithMessage("--from=* holds no result of hotspot*Download every build job's artifact into it, or leave hotspot out with --products=.");
    }
}
