using BuildKit.Products;
using BuildKit.Stages.Build;

namespace BuildKit.Tests.Stages.Build;

public sealed class ToolchainReportsSpecs : IDisposable
{
    private const string Query = "echo go=$(go env GOVERSION)";
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_saved_report_is_read_back_for_the_same_image_and_query()
    {
        // Arrange
        var reports = new ToolchainReports(_temp.Path);

        // Act
        reports.Save("sha256:1111", Query, "go=1.24.4\n");

        // Assert
        reports.TryRead("sha256:1111", Query).Should().Be("go=1.24.4\n");
    }

    [Fact]
    public void Another_builder_image_or_query_has_no_report_until_it_is_asked()
    {
        // Arrange
        var reports = new ToolchainReports(_temp.Path);
        reports.Save("sha256:1111", Query, "go=1.24.4\n");

        // Act
        var otherImage = reports.TryRead("sha256:2222", Query);
        var otherQuery = reports.TryRead("sha256:1111", Query + "\necho node=$(node --version)");

        // Assert
        otherImage.Should().BeNull();
        otherQuery.Should().BeNull();
    }

    [Fact]
    public void A_report_is_written_whole_with_nothing_left_beside_it()
    {
        // Arrange
        var reports = new ToolchainReports(_temp.Path);

        // Act
        reports.Save("sha256:1111", Query, "go=1.24.4\n");
        reports.Save("sha256:1111", Query, "go=1.24.5\n");

        // Assert
        Directory.GetFiles(_temp.Combine("toolchains")).Should().ContainSingle();
        reports.TryRead("sha256:1111", Query).Should().Be("go=1.24.5\n");
    }
}
