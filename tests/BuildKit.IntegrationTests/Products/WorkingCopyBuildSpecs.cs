using BuildKit.IntegrationTests.Faults;

namespace BuildKit.IntegrationTests.Products;

public sealed class WorkingCopyBuildSpecs
{
    private const string Greeting = "hello from the working copy";

    /// <summary>The main package of hello's last build (the folder keeps earlier builds: <paramref name="earlier"/>), and the bytes of the program it installs.</summary>
    private static async Task<(string Rpm, string Program)> HelloPackageAsync(FaultWorkspace w, string name, string? earlier = null)
    {
        var rpms = Directory.GetFiles(Path.Combine(w.Artifacts, "rpms", "debian-12"), "hello-1.2.0*.x86_64.rpm").Where(f => Path.GetFileName(f) != earlier).ToList();
        rpms.Should().ContainSingle($"the build of {name} made one package: {string.Join(", ", rpms.Select(Path.GetFileName))}");
        var rpm = rpms[0];
        var unpacked = w.Temp.Combine("unpacked", name);
        await Rpm.ExtractAsync(rpm, unpacked);
        return (Path.GetFileName(rpm), File.ReadAllText(Path.Combine(unpacked, "usr", "bin", "hello")));
    }

    [DockerFact]
    public async Task A_working_copy_is_packaged_as_it_is_on_disk_reused_while_unchanged_rebuilt_after_an_edit_and_never_published()
    {
        // Arrange
        using var w = new FaultWorkspace();
        var hello = await w.HelloAsync(reference: "v1.2.0");
        var head = (await hello.HeadAsync())[..7];
        var source = Path.Combine(hello.Work, "hello.c");
        File.WriteAllText(source, "#include \"greeting.h\"\n" + File.ReadAllText(source).Replace("\"hello, world\"", "GREETING"));
        File.WriteAllText(Path.Combine(hello.Work, "greeting.h"), $"#define GREETING \"{Greeting}\"\n");
        string[] workingCopy = [$"--hello-repo={hello.Work}"];

        // Act
        var built = await w.RunAsync(w.Options(["--target=Verify", .. workingCopy]));
        var (firstRpm, firstProgram) = await HelloPackageAsync(w, "first");
        var rerun = await w.RunAsync(w.Options(["--target=Package", .. workingCopy]));
        File.WriteAllText(Path.Combine(hello.Work, "greeting.h"), $"#define GREETING \"{Greeting}, edited\"\n");
        var edited = await w.RunAsync(w.Options(["--target=Package", .. workingCopy]));
        var (editedRpm, editedProgram) = await HelloPackageAsync(w, "edited", firstRpm);
        var publish = await w.RunAsync(w.Options(["--target=Publish", "--dry-run", "--github-repo=me/rpms", .. workingCopy]));

        // Assert
        built.ExitCode.Should().Be(0, built.ToString());
        firstRpm.Should().MatchRegex($@"^hello-1\.2\.0\^[0-9]{{8}}\.[0-9]{{6}}\.git{head}\.dirty[0-9a-f]{{7}}-1\.x86_64\.rpm$", "a working copy with changes is a snapshot of its HEAD, never the v1.2.0 release");
        firstProgram.Should().Contain(Greeting, "the edit of the tracked hello.c and the untracked greeting.h are both built");
        rerun.ExitCode.Should().Be(0, rerun.ToString());
        rerun.Output.Should().Contain("[hello/Build] reuse: build key");
        edited.ExitCode.Should().Be(0, edited.ToString());
        edited.Output.Should().NotContain("[hello/Build] reuse");
        editedRpm.Should().NotBe(firstRpm);
        editedProgram.Should().Contain(Greeting + ", edited");
        publish.ExitCode.Should().NotBe(0);
        publish.Output.Should().Contain("target Publish never publishes such a build");
        (await hello.GitAsync("status", "--porcelain")).Should().Be(" M hello.c\n?? greeting.h\n", "the build leaves the developer's changes where they were");
    }
}
