using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Planning;
using BuildKit.Products;

namespace BuildKit.Tests.Products;

public sealed class GoToolchainSpecs
{
    [Theory]
    [InlineData("1.13", "1.13.15")]
    [InlineData("1.20", "1.20.14")]
    [InlineData("1.21", "1.21.0")]
    [InlineData("1.24", "1.24.0")]
    [InlineData("1.22.3", "1.22.3")]
    public void A_go_line_names_the_final_release_of_a_minor_that_is_over_and_the_first_of_one_that_is_not(string directive, string release)
    {
        // Act
        var named = GoToolchain.Release(directive);

        // Assert
        named.Should().Be(release);
    }

    [Fact]
    public void The_toolchain_line_of_go_mod_wins_over_its_go_line()
    {
        // Arrange
        using var temp = TempDir.Create();
        temp.File("tree/go.mod", "module example.com/app\n\ngo 1.22\n\ntoolchain go1.23.4\n");

        // Act
        var go = GoToolchain.For(temp.Combine("tree"), "1.22.0");

        // Assert
        go.Should().Be(new GoToolchain("1.23.4", "the toolchain line in go.mod names go1.23.4"));
    }

    [Fact]
    public void A_builder_go_at_or_above_every_pin_needs_no_download()
    {
        // Arrange
        using var temp = TempDir.Create();
        temp.File("tree/go.mod", "module example.com/app\n\ngo 1.22\n\ntoolchain go1.23.4\n");

        // Act
        var go = GoToolchain.For(temp.Combine("tree"), "1.24.4");

        // Assert
        go.Should().BeNull();
    }

    [Fact]
    public void The_release_archive_is_named_as_go_dev_names_it()
    {
        // Act
        var archive = new GoToolchain("1.13.15", "vendor").Archive("arm64");

        // Assert
        archive.Should().Be("go1.13.15.linux-arm64.tar.gz");
    }

    [Theory]
    [InlineData("1.13.15", "")]
    [InlineData("1.17.13", "")]
    [InlineData("1.18.10", "-buildvcs=false")]
    [InlineData("1.24.4", "-buildvcs=false")]
    public void Only_a_go_that_knows_the_flag_is_told_not_to_stamp_vcs_state(string go, string flag)
    {
        // Act
        var flags = GoToolchain.VcsStampOff(new Dictionary<string, string> { ["go"] = go });

        // Assert
        flags.Should().Be(flag);
    }

    [Fact]
    public void With_downloads_off_a_tree_that_needs_another_go_stops_naming_both_versions_the_reason_and_the_ways_out()
    {
        // Act
        var stop = new GoToolchain("1.13.15", "vendor/modules.txt was made by Go 1.13 or older").NoDownload("grafana", "1.19.8");

        // Assert
        stop.Message.Should().Match(
            "grafana at this commit needs Go 1.13.15 (vendor/modules.txt was made by Go 1.13 or older), but the builder has Go 1.19.8 and --go-download=none*" +
            "--go-download=URL, default https://dl.google.com/go/*--base-image=*");
    }

    [Fact]
    public void Go_builds_get_the_public_proxy_and_checksum_database_unless_the_user_names_others()
    {
        // Arrange
        var products = PlanFixture.Products();
        var arguments = PlanFixture.Parse("--products=grafana");

        // Act
        var defaults = StageRunner.Plan(products, arguments, EnvironmentSnapshot.Of(("HOME", "/home/dev")), PlanFixture.Now, PlanFixture.Paths);
        var users = StageRunner.Plan(products, arguments, EnvironmentSnapshot.Of(("HOME", "/home/dev"), ("GOPROXY", "https://goproxy.example.com"), ("GOSUMDB", "off")), PlanFixture.Now, PlanFixture.Paths);

        // Assert
        defaults.Products.Single().PassThrough.Should().Contain(new Dictionary<string, string>
            { ["GOPROXY"] = "https://proxy.golang.org,direct", ["GOSUMDB"] = "sum.golang.org", ["GOTOOLCHAIN"] = "local" });
        users.Products.Single().PassThrough.Should().Contain(new Dictionary<string, string>
            { ["GOPROXY"] = "https://goproxy.example.com", ["GOSUMDB"] = "off", ["GOTOOLCHAIN"] = "local" });
    }

    [Fact]
    public void The_go_download_folder_is_planned_printed_and_can_be_turned_off_and_anything_else_is_refused()
    {
        // Arrange
        var environment = EnvironmentSnapshot.Of(("HOME", "/home/dev"));
        BuildPlan Plan(params string[] options) => StageRunner.Plan(PlanFixture.Products(), PlanFixture.Parse(options), environment, PlanFixture.Now, PlanFixture.Paths);

        // Act
        var byDefault = Plan();
        var mirror = Plan("--go-download=https://mirror.example.com/golang/");
        var off = Plan("--go-download=none");
        var bad = () => Plan("--go-download=ftp://example.com/go/");

        // Assert
        byDefault.Builder.GoDownload.Should().Be("https://dl.google.com/go/");
        mirror.Builder.GoDownload.Should().Be("https://mirror.example.com/golang/");
        PlanTable.Render(mirror, PlanFixture.Paths).Should().Contain("go releases:  https://mirror.example.com/golang/ (when a tree pins a Go the builder lacks)");
        off.Builder.GoDownload.Should().BeNull();
        PlanTable.Render(off, PlanFixture.Paths).Should().Contain("go releases:  none (--go-download=none)");
        bad.Should().Throw<ConfigurationException>().WithMessage("--go-download=ftp://example.com/go/ is not an http(s) URL.*--go-download=none*");
    }
}
