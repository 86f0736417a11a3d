using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Products;

public sealed class ThirdProductSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    internal const string HelloSpec = """
        Name:           hello
        Version:        %{buildkit_version}
        Release:        %{buildkit_release}%{?dist}
        Summary:        Says hello
        License:        MIT
        URL:            https://example.org/hello
        Source0:        %{name}-%{version}.tar.gz
        Source1:        BUILDINFO
        BuildRequires:  cmake
        BuildRequires:  gcc

        %description
        A tiny C program, packaged by BuildKit's generic cmake recipe.

        %prep
        %autosetup

        %build
        %if 0%{!?buildkit_stage:1}
        %cmake
        %cmake_build
        %endif

        %install
        %if 0%{?buildkit_stage:1}
        cp -a %{buildkit_stage}/. %{buildroot}/
        %else
        %cmake_install
        %endif
        install -Dpm 0644 %{SOURCE1} %{buildroot}%{_pkgdocdir}/BUILDINFO

        %files
        %license LICENSE
        %{_pkgdocdir}/BUILDINFO
        %{_bindir}/hello

        %changelog
        * Sat Nov 28 2026 Packager <packager@example.com> - 1.2.0-1
        - First package.

        """;

    [DockerFact]
    public async Task A_third_product_with_a_conventional_build_needs_only_a_products_entry_and_a_spec()
    {
        // Arrange
        var checkout = await CopyOfThisRepositoryAsync();
        var hello = await GitUpstream.CreateAsync(_temp, "hello");
        await hello.CommitFixtureAsync("hello", "hello 1.2.0");
        await hello.TagAsync("v1.2.0");
        await hello.PushAsync();
        File.AppendAllText(Path.Combine(checkout, "specs", "products.yaml"), $"""

              hello:
                repo: {hello.Url}
                ref: v1.2.0
                recipe: cmake
                spec: hello.spec
                options: [-DHELLO_GREETING=hi]

            """);
        File.WriteAllText(Path.Combine(checkout, "specs", "hello.spec"), HelloSpec);

        // Act
        var build = await RunAsync(new ToolCommand(Path.Combine(checkout, "build.sh"), "--products=hello", "--target=Verify", "--distribution=debian-12",
            $"--base-image={Docker.BaseImage}", $"--artifacts={_temp.Combine("artifacts")}", $"--cache-dir={_temp.Combine("cache")}").InDirectory(checkout));
        var status = await RunAsync(new ToolCommand("git", "status", "--porcelain").InDirectory(checkout));

        // Assert
        build.ExitCode.Should().Be(0, build.StandardOutput + build.StandardError);
        var rpm = _temp.Combine("artifacts", "rpms", "debian-12", "hello-1.2.0-1.x86_64.rpm");
        (await Rpm.QueryAsync("-qpl", rpm)).Split('\n').Should().Contain(["/usr/bin/hello", "/usr/share/doc/hello/BUILDINFO", "/usr/share/licenses/hello/LICENSE"]);
        build.StandardOutput.Should().Contain("[hello/verify] installed: hello 1.2.0").And.Contain("rpmlint: no errors");
        var payload = _temp.Combine("payload");
        await Rpm.ExtractAsync(rpm, payload);
        (await Rpm.RunAsync(Path.Combine(payload, "usr", "bin", "hello"))).Trim().Should().Be("hi", "the entry's options reach cmake");
        status.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(" M specs/products.yaml", "?? specs/hello.spec");
    }

    /// <summary>The checkout as a user has it (tracked and new files, no build outputs), committed in a repository of its own.</summary>
    private async Task<string> CopyOfThisRepositoryAsync()
    {
        var checkout = _temp.Combine("buildkit");
        var files = await RunAsync(new ToolCommand("git", "ls-files", "--cached", "--others", "--exclude-standard").InDirectory(Repository.Root));
        foreach (var file in files.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(Repository.Root, f))))
        {
            var target = Path.Combine(checkout, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Repository.Root, file), target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(Path.Combine(Repository.Root, file)));
        }
        await RunAsync(new ToolCommand("git", "init", "--quiet").InDirectory(checkout));
        await RunAsync(new ToolCommand("git", "add", "--all").InDirectory(checkout));
        await RunAsync(new ToolCommand("git", "-c", "user.name=Packager", "-c", "user.email=packager@example.com", "commit", "--quiet", "-m", "BuildKit").InDirectory(checkout));
        return checkout;
    }

    /// <summary>Runs a command as a user's shell would: without the variables the test host sets for its own MSBuild.</summary>
    private static Task<ProcessResult> RunAsync(ToolCommand command)
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(n => n.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || n.StartsWith("DOTNET_HOST", StringComparison.Ordinal) || n.StartsWith("VSTEST", StringComparison.Ordinal)))
            command = command.WithEnvironment(name, null);
        return new ProcessRunner(new RecordingLog()).RunAsync(command with { Quiet = true, AcceptsFailure = true });
    }
}
