using BuildKit.Configuration;
using BuildKit.Pipeline;

namespace BuildKit.Tests;

public sealed class ReadmeSpecs
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void Every_option_the_engine_accepts_is_in_the_readmes_options_table()
    {
        // Act
        var missing = Options.Global.Select(o => o.Usage)
            .Concat(Options.PerProduct.Select(o => $"--PRODUCT-{o.Name}={o.ValueName}"))
            .Where(usage => !Readme.Contains($"| `{usage}` |", StringComparison.Ordinal));

        // Assert
        missing.Should().BeEmpty();
    }

    [Fact]
    public void Every_target_is_in_the_readmes_targets_table()
    {
        // Act
        var missing = Targets.All.Select(t => t.Name).Where(t => !Readme.Contains($"| `{t}` |", StringComparison.Ordinal));

        // Assert
        missing.Should().BeEmpty();
    }

    [Fact]
    public void The_ci_script_runs_exactly_the_readmes_test_command()
    {
        // Arrange
        const string testCommand = "./build.sh --target=Test";

        // Act
        var ciScript = File.ReadAllText(Path.Combine(Repository.Root, ".ci", "run"));

        // Assert
        Readme.Should().Contain(testCommand);
        ciScript.Split('\n').Should().Contain(testCommand);
    }
}
