using System.Reflection;
using System.Reflection.PortableExecutable;
using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Processes;

namespace BuildKit.Tests;

public sealed class BuildScriptSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Relative_paths_on_the_command_line_are_taken_from_where_build_sh_was_started()
    {
        // Arrange
        _temp.File("mine/products.yaml", $"""
            products:
              grafana: {"{"} repo: "file:///nowhere/grafana.git", ref: main, recipe: grafana, spec: "{Path.Combine(Repository.Root, "specs", "grafana.spec")}" {"}"}
            """);
        var command = new ToolCommand(Path.Combine(Repository.Root, "build.sh"), "--target=Plan", "--config=mine/products.yaml", "--artifacts=out")
            .InDirectory(_temp.Path) with { Quiet = true };

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(command);

        // Assert
        result.StandardOutput.Should().Contain($"products:     {_temp.Combine("mine", "products.yaml")}")
            .And.Contain(_temp.Combine("out", "rpms"));
    }

    [Fact]
    public async Task Every_product_that_fails_is_reported_with_its_product_and_stage_and_the_run_exits_non_zero()
    {
        // Arrange
        _temp.File("products.yaml", $"""
            products:
              grafana: {"{"} repo: "file:///nowhere/grafana.git", ref: main, recipe: grafana, spec: "{Path.Combine(Repository.Root, "specs", "grafana.spec")}" {"}"}
              hotspot: {"{"} repo: "file:///nowhere/hotspot.git", ref: main, recipe: hotspot, spec: "{Path.Combine(Repository.Root, "specs", "hotspot.spec")}" {"}"}
            """);
        var command = new ToolCommand(Path.Combine(Repository.Root, "build.sh"), "--target=Fetch", "--config=products.yaml", "--artifacts=out", "--cache-dir=cache")
            .InDirectory(_temp.Path) with { Quiet = true, AcceptsFailure = true };

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(command);

        // Assert
        result.ExitCode.Should().NotBe(0);
        var output = result.StandardOutput + result.StandardError;
        output.Should().Contain("2 products failed:")
            .And.MatchRegex(@"(?m)^grafana/Fetch: The repository file:///nowhere/grafana\.git does not exist or cannot be read")
            .And.MatchRegex(@"(?m)^hotspot/Fetch: The repository file:///nowhere/hotspot\.git does not exist or cannot be read");
    }

    [Theory]
    [InlineData("--products=")]
    [InlineData("--hotspot-ref=")]
    public async Task An_option_given_an_empty_value_is_named_with_how_to_write_it_and_exits_2(string option)
    {
        // Arrange
        var name = option.TrimEnd('=');

        // Act
        var result = await BuildSh("--target=Plan", option);

        // Assert
        result.ExitCode.Should().Be(2);
        Output(result).Should().Contain($"{name} needs a value, e.g. {name}=VALUE.");
    }

    [Theory]
    [InlineData("hotspot", "'hotspot' is not an option: did you mean `--products=hotspot`?")]
    [InlineData("verify", "'verify' is not an option: did you mean `--target=Verify`?")]
    [InlineData("frobnicate", "'frobnicate' is not an option. Options are written --name=value")]
    public async Task A_bare_word_is_answered_with_the_option_it_probably_meant_and_exits_2(string word, string message)
    {
        // Act
        var result = await BuildSh("--target=Plan", word);

        // Assert
        result.ExitCode.Should().Be(2);
        Output(result).Should().Contain(message).And.Contain("./build.sh --help lists them.");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_targets_options_products_and_environment_variables_from_the_engines_tables(string help)
    {
        // Act
        var result = await BuildSh(help);

        // Assert
        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().StartWith("Usage: ./build.sh")
            .And.Contain("PRODUCT is one of: grafana, hotspot")
            .And.Contain("--PRODUCT-ref=REF")
            .And.Contain("Examples:")
            .And.NotContain("dotnet cake");
        var lines = result.StandardOutput.Split('\n');
        foreach (var (name, description) in Targets.All.Select(t => (t.Name, t.Description))
                     .Concat(Options.Global.Select(o => (o.Usage, o.Description)))
                     .Concat(EnvVars.All.Select(v => (v.Name, v.Meaning))))
            lines.Should().Contain(line => line.StartsWith($"  {name} ") && line.Contains(description.Split(' ')[0]), $"{name} has a line of its own");
    }

    [Fact]
    public async Task Version_prints_buildkits_version_and_commit_beside_cakes()
    {
        // Arrange
        var describe = await new ProcessRunner(new RecordingLog())
            .RunAsync(new ToolCommand("git", "describe", "--always", "--dirty").InDirectory(Repository.Root) with { Quiet = true, AcceptsFailure = true });
        var expected = describe.Succeeded
            ? describe.StandardOutput.Trim()
            : typeof(Targets).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        // Act
        var result = await BuildSh("--version");

        // Assert
        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().MatchRegex($@"^BuildKit {System.Text.RegularExpressions.Regex.Escape(expected)} \(Cake \d+\.\d+\.\d+\)\n$");
    }

    [Fact]
    public async Task Cake_starts_from_its_assemblies_compiled_ahead_of_time_for_this_machine_with_roslyn_left_as_shipped()
    {
        // Arrange
        var manifest = await File.ReadAllTextAsync(Path.Combine(Repository.Root, ".config", "dotnet-tools.json"));
        var cake = Path.Combine(Repository.Root, "build", "bin", $"cake-{System.Text.RegularExpressions.Regex.Match(manifest, @"""version"":\s*""([^""]+)""").Groups[1].Value}");

        // Act
        var result = await BuildSh("--version");

        // Assert
        result.ExitCode.Should().Be(0);
        ReadyToRun(Path.Combine(cake, "Cake.dll")).Should().BeTrue();
        ReadyToRun(Path.Combine(cake, "Cake.Core.dll")).Should().BeTrue();
        ReadyToRun(Path.Combine(cake, "Microsoft.CodeAnalysis.CSharp.dll")).Should().BeFalse("compiling Roslyn takes 13 s and gains a cached script nothing");
        Directory.GetDirectories(Path.GetDirectoryName(cake)!, "cake-*.partial.*").Should().BeEmpty();
    }

    /// <summary>Whether an assembly carries native code for this machine beside its IL (ReadyToRun).</summary>
    private static bool ReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    [ToolFact("script")]
    public async Task Output_is_plain_text_into_a_pipe_and_under_NO_COLOR_and_coloured_only_on_a_terminal()
    {
        // Arrange
        const string colour = @"\e\[[0-9;]*m";
        var onTerminal = new ToolCommand("script", "-qec", $"{Shell.Quote(Path.Combine(Repository.Root, "build.sh"))} --target=Plan </dev/null", "/dev/null")
            .InDirectory(Repository.Root)
            .WithEnvironment("TERM", "xterm") with { Quiet = true };

        // Act
        var runner = new ProcessRunner(new RecordingLog());
        var piped = await BuildSh("--target=Plan");
        var pipedUnderNoColor = await runner.RunAsync(BuildShCommand("--target=Plan").WithEnvironment(EnvVars.NoColor, "1"));
        var terminalUnderNoColor = await runner.RunAsync(onTerminal.WithEnvironment(EnvVars.NoColor, "1"));
        var terminal = await runner.RunAsync(onTerminal.WithEnvironment(EnvVars.NoColor, null));

        // Assert
        piped.ExitCode.Should().Be(0);
        Output(piped).Should().Contain("BuildKit plan").And.NotContain("\e");
        Output(pipedUnderNoColor).Should().Contain("BuildKit plan").And.NotContain("\e");
        terminalUnderNoColor.StandardOutput.Should().Contain("BuildKit plan").And.NotMatchRegex(colour);
        terminal.StandardOutput.Should().MatchRegex(colour, "on a terminal Cake colours, so the cases above are not plain by accident");
    }

    private static Task<ProcessResult> BuildSh(params string[] arguments) => new ProcessRunner(new RecordingLog()).RunAsync(BuildShCommand(arguments));

    /// <summary>./build.sh as a user runs it, into pipes, from the checkout, with a terminal's TERM and without NO_COLOR.</summary>
    private static ToolCommand BuildShCommand(params string[] arguments) =>
        new ToolCommand(Path.Combine(Repository.Root, "build.sh"), arguments)
            .InDirectory(Repository.Root)
            .WithEnvironment("TERM", "xterm")
            .WithEnvironment(EnvVars.NoColor, null) with { Quiet = true, AcceptsFailure = true };

    private static string Output(ProcessResult result) => result.StandardOutput + result.StandardError;
}
